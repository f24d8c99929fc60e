/**
 * What a registrant reads, in their language (ja, zh, en): the public registration page the
 * invitation link opens, and the confirmation mail. Pure; every value is HTML-escaped on the page
 * and kept to one line in a subject.
 */
export type SeminarLanguage = 'ja' | 'zh' | 'en';

export interface SeminarFacts {
  id: string;
  title: string;
  startsAt: Date;
  timezone: string;
  seatsLeft: number;
}

const LOCALE: Record<SeminarLanguage, string> = { ja: 'ja-JP', zh: 'zh-CN', en: 'en-US' };

const WORDS: Record<
  SeminarLanguage,
  {
    heading: string;
    when: string;
    seats: (n: number) => string;
    full: string;
    name: string;
    email: string;
    submit: string;
    done: string;
    invited: (name: string) => string;
  }
> = {
  ja: {
    heading: 'セミナーお申し込み',
    when: '日時',
    seats: (n) => `残り ${n} 席`,
    full: '満席のため受付を終了しました。',
    name: 'お名前',
    email: 'メールアドレス',
    submit: '申し込む',
    done: 'お申し込みを受け付けました。確認メールをお送りします。',
    invited: (name) => `${name} 様、ご招待ありがとうございます。`,
  },
  zh: {
    heading: '研讨会报名',
    when: '时间',
    seats: (n) => `剩余 ${n} 个名额`,
    full: '名额已满，报名已截止。',
    name: '姓名',
    email: '电子邮箱',
    submit: '报名',
    done: '报名成功，确认邮件已发送。',
    invited: (name) => `${name}，感谢您接受邀请。`,
  },
  en: {
    heading: 'Seminar registration',
    when: 'When',
    seats: (n) => `${n} seats left`,
    full: 'The seminar is full; registration is closed.',
    name: 'Name',
    email: 'E-mail',
    submit: 'Register',
    done: 'You are registered. A confirmation mail is on its way.',
    invited: (name) => `${name}, thank you for your interest.`,
  },
};

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const singleLine = (value: string): string => value.replace(/[\r\n\u2028\u2029\u0085\v\f]+/g, ' ').trim();

export function formatSeminarStart(startsAt: Date, language: SeminarLanguage, timezone: string): string {
  return new Intl.DateTimeFormat(LOCALE[language], {
    timeZone: timezone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(startsAt);
}

export function seminarLanguage(value: string | null | undefined, fallback: SeminarLanguage = 'en'): SeminarLanguage {
  return value === 'ja' || value === 'zh' || value === 'en' ? value : fallback;
}

/**
 * The registration page. With an invitation token the form only confirms (the token names the
 * person); without one it asks for name and e-mail. The form posts JSON to
 * `POST /seminars/:id/registrations` from a small inline script and shows the answer.
 */
export function registrationPage(
  seminar: SeminarFacts,
  language: SeminarLanguage,
  invitation: { token: string; name: string | null } | null,
  nonce = '',
): string {
  const n = nonce ? ` nonce="${escapeHtml(nonce)}"` : '';
  const w = WORDS[language];
  const title = escapeHtml(seminar.title);
  const full = seminar.seatsLeft <= 0;
  const fields = invitation
    ? `<p id="invited">${escapeHtml(w.invited(invitation.name ?? ''))}</p>
    <input type="hidden" name="token" value="${escapeHtml(invitation.token)}">`
    : `<label>${w.name} <input name="name" required maxlength="200" autocomplete="name"></label>
    <label>${w.email} <input name="email" type="email" required maxlength="254" autocomplete="email"></label>`;
  return `<!doctype html>
<html lang="${language}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${w.heading}: ${title}</title>
  <style${n}>
    body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; }
    label { display: block; margin: .75rem 0; } input { display: block; width: 100%; padding: .4rem; }
    button { margin-top: 1rem; padding: .5rem 1.5rem; } #result { margin-top: 1rem; font-weight: bold; }
  </style>
</head>
<body>
  <h1>${title}</h1>
  <p>${w.when}: ${escapeHtml(formatSeminarStart(seminar.startsAt, language, seminar.timezone))}</p>
  <p id="seats">${full ? escapeHtml(w.full) : escapeHtml(w.seats(seminar.seatsLeft))}</p>
  <form id="register" data-seminar="${escapeHtml(seminar.id)}" data-done="${escapeHtml(w.done)}"${full ? ' hidden' : ''}>
    ${fields}
    <input type="hidden" name="language" value="${language}">
    <button type="submit">${w.submit}</button>
  </form>
  <p id="result" role="status"></p>
  <script${n}>
    const form = document.getElementById('register');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = Object.fromEntries(new FormData(form));
      const res = await fetch('/seminars/' + form.dataset.seminar + '/registrations', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      const answer = await res.json().catch(() => ({}));
      document.getElementById('result').textContent = res.ok ? form.dataset.done : (answer.message || res.statusText);
      if (res.ok) form.hidden = true;
    });
  </script>
</body>
</html>
`;
}

/** The confirmation mail of a registration. */
export function confirmationMail(
  language: SeminarLanguage,
  facts: { name: string | null; title: string; startsAt: Date; timezone: string },
): { subject: string; text: string } {
  const title = singleLine(facts.title);
  const when = formatSeminarStart(facts.startsAt, language, facts.timezone);
  const name = facts.name ? singleLine(facts.name) : null;
  switch (language) {
    case 'ja':
      return {
        subject: `【お申し込み確認】${title}`,
        text: `${name ? `${name} 様` : 'お客様'}\n\n「${title}」へのお申し込みを承りました。\n日時: ${when}\n\n当日お会いできることを楽しみにしております。`,
      };
    case 'zh':
      return {
        subject: `【报名确认】${title}`,
        text: `${name ? `尊敬的${name}：` : '尊敬的客户：'}\n\n您已成功报名“${title}”。\n时间：${when}\n\n期待您的光临。`,
      };
    case 'en':
      return {
        subject: `Registration confirmed: ${title}`,
        text: `${name ? `Dear ${name},` : 'Dear customer,'}\n\nYou are registered for "${title}".\nWhen: ${when}\n\nWe look forward to seeing you.`,
      };
  }
}
