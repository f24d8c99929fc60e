import { confirmationMail, escapeHtml, registrationPage, seminarLanguage } from './seminar-texts';

const seminar = {
  id: '0b7c7d4e-2f1a-4c3b-9d8e-7f6a5b4c3d2e',
  title: 'AI <活用> セミナー',
  startsAt: new Date('2027-01-20T05:00:00.000Z'),
  timezone: 'Asia/Tokyo',
  seatsLeft: 3,
};

describe('registrationPage', () => {
  it.each([
    ['ja', '申し込む', '残り 3 席'],
    ['zh', '报名', '剩余 3 个名额'],
    ['en', 'Register', '3 seats left'],
  ] as const)('in %s: the button, the seats and lang', (language, button, seats) => {
    const html = registrationPage(seminar, language, null);
    expect(html).toContain(`<html lang="${language}">`);
    expect(html).toContain(`>${button}</button>`);
    expect(html).toContain(seats);
    expect(html).toContain('name="email"');
  });

  it('escapes the title and carries the token instead of asking for a name', () => {
    const html = registrationPage(seminar, 'en', { token: 'a"b.c', name: '<script>x</script>' });
    expect(html).toContain('AI &lt;活用&gt; セミナー');
    expect(html).not.toContain('<script>x</script>');
    expect(html).toContain('value="a&quot;b.c"');
    expect(html).not.toContain('name="email"');
  });

  it('hides the form when the seminar is full', () => {
    const html = registrationPage({ ...seminar, seatsLeft: 0 }, 'ja', null);
    expect(html).toContain('満席');
    expect(html).toMatch(/<form id="register"[^>]* hidden>/);
  });
});

describe('confirmationMail', () => {
  it.each([
    ['ja', '【お申し込み確認】', '花子 様'],
    ['zh', '【报名确认】', '尊敬的花子：'],
    ['en', 'Registration confirmed: ', 'Dear 花子,'],
  ] as const)('in %s', (language, subject, greeting) => {
    const mail = confirmationMail(language, {
      name: '花子',
      title: 'T\r\nX',
      startsAt: seminar.startsAt,
      timezone: 'UTC',
    });
    expect(mail.subject.startsWith(subject)).toBe(true);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text.startsWith(greeting)).toBe(true);
  });
});

it('escapeHtml and seminarLanguage', () => {
  expect(escapeHtml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  expect(seminarLanguage('zh')).toBe('zh');
  expect(seminarLanguage('de', 'ja')).toBe('ja');
});
