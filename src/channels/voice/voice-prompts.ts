import type { Language } from '../../contacts/contact.types';

/** Twilio's text-to-speech voice and locale for each language we greet callers in. */
export const VOICES = {
  ja: { language: 'ja-JP', voice: 'Polly.Mizuki' },
  zh: { language: 'cmn-CN', voice: 'Polly.Zhiyu' },
  en: { language: 'en-US', voice: 'Polly.Joanna' },
} as const satisfies Record<Language, { language: string; voice: string }>;

export interface VoicePrompts {
  greeting: string;
  hold: string;
  voicemail: string;
  thanks: string;
  /** Played instead of the greeting when the center is closed; `{opening}` is when it opens again. */
  afterHours: string;
}

/** What callers hear, per language. */
export const PROMPTS: Record<Language, VoicePrompts> = {
  ja: {
    greeting: 'お電話ありがとうございます。ただいま担当者におつなぎします。このまましばらくお待ちください。',
    hold: 'お待たせして申し訳ございません。担当者が応答するまで、このままお待ちください。',
    voicemail:
      'ただいま電話が大変混み合っております。発信音のあとに、お名前、ご用件、折り返しのお電話番号をお話しください。',
    thanks: 'メッセージをお預かりしました。担当者より折り返しご連絡いたします。お電話ありがとうございました。',
    afterHours:
      'お電話ありがとうございます。ただいま営業時間外です。次の営業開始は{opening}です。発信音のあとに、お名前、ご用件、折り返しのお電話番号をお話しください。',
  },
  zh: {
    greeting: '感谢您的来电。我们正在为您转接销售顾问，请稍候。',
    hold: '非常抱歉让您久等，请继续等候，我们的顾问将尽快为您服务。',
    voicemail: '目前线路繁忙。请在提示音后留下您的姓名、需求和回电号码。',
    thanks: '您的留言已收到，我们的顾问会尽快给您回电。感谢您的来电。',
    afterHours: '感谢您的来电。现在是非营业时间，我们将于{opening}恢复营业。请在提示音后留下您的姓名、需求和回电号码。',
  },
  en: {
    greeting: 'Thank you for calling. Please hold while we connect you to a sales representative.',
    hold: 'Thank you for waiting. A representative will be with you shortly.',
    voicemail:
      'All of our representatives are busy. After the tone, please leave your name, what you need, and a number to call you back.',
    thanks: 'Thank you. We have your message and will call you back soon. Goodbye.',
    afterHours:
      'Thank you for calling. We are closed right now and open again on {opening}. After the tone, please leave your name, what you need, and a number to call you back.',
  },
};
