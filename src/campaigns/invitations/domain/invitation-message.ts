/**
 * The personal invitation of a Demand Generation seminar campaign, in the target's language
 * (ja, zh, en), by e-mail or SMS. Pure. The campaign's own script, when it has one, replaces the
 * default body; it may name `{{name}}`, `{{seminar}}`, `{{startsAt}}` and `{{link}}`. Values never
 * bring a line break into a subject, so a target's name cannot add a mail header.
 */

export type InvitationLanguage = 'ja' | 'zh' | 'en';

export interface InvitationFacts {
  name: string | null;
  company: string | null;
  seminarTitle: string;
  startsAt: Date;
  /** IANA zone the start is shown in (the campaign's calling-hours zone, or UTC). */
  timezone: string;
  link: string;
  /** The campaign's script or template text, when set. */
  script?: string | null;
}

export interface RenderedInvitation {
  subject: string;
  /** Mail body. */
  text: string;
  /** One SMS: short, the link on its own line. */
  sms: string;
}

const LOCALE: Record<InvitationLanguage, string> = { ja: 'ja-JP', zh: 'zh-CN', en: 'en-US' };

export const singleLine = (value: string): string => value.replace(/[\r\n\u2028\u2029\u0085\v\f]+/g, ' ').trim();

/** The start as the target reads it, e.g. `2027年1月20日(水) 14:00 JST`. */
export function formatStart(startsAt: Date, language: InvitationLanguage, timezone: string): string {
  return new Intl.DateTimeFormat(LOCALE[language], {
    timeZone: timezone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(startsAt);
}

const PLACEHOLDER = /\{\{\s*(name|seminar|startsAt|link)\s*\}\}/g;

export function renderInvitation(language: InvitationLanguage, facts: InvitationFacts): RenderedInvitation {
  const title = singleLine(facts.seminarTitle);
  const when = formatStart(facts.startsAt, language, facts.timezone);
  const name = facts.name ? singleLine(facts.name) : null;
  const values: Record<string, string> = { name: name ?? '', seminar: title, startsAt: when, link: facts.link };
  const script = facts.script?.trim() ? facts.script.replace(PLACEHOLDER, (_, key: string) => values[key] ?? '') : null;
  switch (language) {
    case 'ja': {
      const greeting = name ? `${name} 様` : 'お客様各位';
      return {
        subject: `【セミナーのご案内】${title}`,
        text: [
          greeting,
          '',
          script ?? `「${title}」を下記の日程で開催いたします。ぜひご参加ください。`,
          '',
          `日時: ${when}`,
          `お申し込み: ${facts.link}`,
          '',
          '定員に達し次第、受付を終了いたします。',
        ].join('\n'),
        sms: `${name ? `${name}様 ` : ''}セミナー「${title}」(${when})のご案内です。お申し込み:\n${facts.link}`,
      };
    }
    case 'zh': {
      const greeting = name ? `尊敬的${name}：` : '尊敬的客户：';
      return {
        subject: `【研讨会邀请】${title}`,
        text: [
          greeting,
          '',
          script ?? `我们诚挚邀请您参加研讨会“${title}”。`,
          '',
          `时间：${when}`,
          `报名：${facts.link}`,
          '',
          '名额有限，额满即止。',
        ].join('\n'),
        sms: `${name ? `${name}您好，` : ''}诚邀您参加研讨会“${title}”（${when}）。报名：\n${facts.link}`,
      };
    }
    case 'en': {
      const greeting = name ? `Dear ${name},` : 'Dear customer,';
      return {
        subject: `Invitation: ${title}`,
        text: [
          greeting,
          '',
          script ?? `You are invited to our seminar "${title}".`,
          '',
          `When: ${when}`,
          `Register: ${facts.link}`,
          '',
          'Seats are limited; registration closes when the seminar is full.',
        ].join('\n'),
        sms: `${name ? `${name}, you` : 'You'} are invited to "${title}" (${when}). Register:\n${facts.link}`,
      };
    }
  }
}

/** The language of a target: its own when known, the fallback otherwise. */
export function invitationLanguage(
  value: string | null | undefined,
  fallback: InvitationLanguage = 'en',
): InvitationLanguage {
  return value === 'ja' || value === 'zh' || value === 'en' ? value : fallback;
}
