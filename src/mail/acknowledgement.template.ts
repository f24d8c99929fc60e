import type { Language } from '../contacts/contact.types';

export interface AcknowledgementFacts {
  language: Language;
  /** The customer's name as given; absent when unknown. */
  name?: string | null;
  /** The contact id; its first eight characters are the reference the customer can quote. */
  contactId: string;
  /**
   * Set when the contact arrived while the center was closed: when it opens again, already written
   * in the contact's language and the business time zone (formatInBusinessTime).
   */
  answerFrom?: string | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

/** Short reference a customer can read out on the phone. */
export const contactReference = (contactId: string): string => contactId.replace(/-/g, '').slice(0, 8).toUpperCase();

/**
 * Names are echoed, nothing else the sender wrote: an acknowledgement that repeated a stranger's
 * text would let anyone use the web form to mail that text to any address.
 */
const cleanName = (name: string | null | undefined): string | undefined => {
  const cleaned = (name ?? '')
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned ? [...cleaned].slice(0, 80).join('') : undefined;
};

/** The line an after-hours acknowledgement adds: when the customer will be answered. */
const AFTER_HOURS: Record<Language, (opening: string) => string> = {
  ja: (opening) => `ただいま営業時間外のため、${opening} 以降に担当者よりご連絡いたします。`,
  zh: (opening) => `现在是非营业时间，负责人员将于 ${opening} 起与您联系。`,
  en: (opening) => `We are closed right now: a member of our sales team will answer you from ${opening}.`,
};

const templates: Record<Language, (name: string | undefined, ref: string) => RenderedMail> = {
  ja: (name, ref) => ({
    subject: `【受付完了】お問い合わせを承りました（受付番号 ${ref}）`,
    text: [
      `${name ?? 'お客'} 様`,
      '',
      'このたびはお問い合わせいただき、誠にありがとうございます。',
      'お問い合わせを受け付けました。担当者より改めてご連絡いたします。',
      '',
      `受付番号: ${ref}`,
      '',
      'このメールにご返信いただくと、同じお問い合わせとして担当者に届きます。',
    ].join('\n'),
  }),
  zh: (name, ref) => ({
    subject: `【已受理】感谢您的咨询（受理编号 ${ref}）`,
    text: [
      `${name ?? '尊敬的客户'}，您好：`,
      '',
      '感谢您的咨询。我们已收到您的信息，负责人员将尽快与您联系。',
      '',
      `受理编号：${ref}`,
      '',
      '如需补充信息，请直接回复本邮件，您的回复将归入同一咨询。',
    ].join('\n'),
  }),
  en: (name, ref) => ({
    subject: `We received your inquiry (ref. ${ref})`,
    text: [
      `Dear ${name ?? 'customer'},`,
      '',
      'Thank you for contacting us. We have received your inquiry, and a member of our sales team will get back to you shortly.',
      '',
      `Reference: ${ref}`,
      '',
      'To add anything, simply reply to this e-mail: your reply reaches the same team.',
    ].join('\n'),
  }),
};

/** The acknowledgement in the contact's language (Chinese, Japanese or English). Pure. */
export function renderAcknowledgement(facts: AcknowledgementFacts): RenderedMail {
  const mail = templates[facts.language](cleanName(facts.name), contactReference(facts.contactId));
  if (!facts.answerFrom) return mail;
  // After the paragraph that says the inquiry was received.
  const lines = mail.text.split('\n');
  const at = lines.indexOf('', 2);
  lines.splice(at, 0, AFTER_HOURS[facts.language](facts.answerFrom));
  return { ...mail, text: lines.join('\n') };
}
