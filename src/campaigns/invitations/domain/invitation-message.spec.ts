import { formatStart, invitationLanguage, renderInvitation } from './invitation-message';

const facts = {
  name: '山田 太郎',
  company: '山田商事',
  seminarTitle: 'クラウド移行セミナー',
  startsAt: new Date('2027-01-20T05:00:00.000Z'),
  timezone: 'Asia/Tokyo',
  link: 'https://cc.example.com/seminars/s/register?t=abc',
};

describe('renderInvitation', () => {
  it.each([
    ['ja', '【セミナーのご案内】クラウド移行セミナー', '山田 太郎 様', '14:00'],
    ['zh', '【研讨会邀请】クラウド移行セミナー', '尊敬的山田 太郎：', '14:00'],
    ['en', 'Invitation: クラウド移行セミナー', 'Dear 山田 太郎,', '14:00'],
  ] as const)('in %s: subject, greeting, start in the zone and the link', (language, subject, greeting, time) => {
    const rendered = renderInvitation(language, facts);
    expect(rendered.subject).toBe(subject);
    expect(rendered.text.split('\n')[0]).toBe(greeting);
    expect(rendered.text).toContain(time);
    expect(rendered.text).toContain(facts.link);
    expect(rendered.sms).toContain(facts.link);
    expect(rendered.sms.endsWith(facts.link)).toBe(true);
  });

  it('greets without a name', () => {
    expect(renderInvitation('ja', { ...facts, name: null }).text.startsWith('お客様各位')).toBe(true);
    expect(renderInvitation('en', { ...facts, name: null }).text.startsWith('Dear customer,')).toBe(true);
  });

  it('uses the campaign script with its placeholders instead of the default body', () => {
    const text = renderInvitation('en', {
      ...facts,
      script: 'Hello {{ name }}, join {{seminar}} at {{startsAt}}: {{link}}',
    }).text;
    expect(text).toContain(
      `Hello 山田 太郎, join クラウド移行セミナー at ${formatStart(facts.startsAt, 'en', 'Asia/Tokyo')}`,
    );
    expect(text).not.toContain('You are invited');
  });

  it('never lets a title or name with line breaks into the subject', () => {
    const rendered = renderInvitation('en', { ...facts, seminarTitle: 'A\r\nBcc: x@evil.test', name: 'N\nX' });
    expect(rendered.subject).not.toMatch(/[\r\n]/);
    expect(rendered.text.split('\n')[0]).toBe('Dear N X,');
  });

  it('shows the start in the given zone', () => {
    expect(formatStart(facts.startsAt, 'en', 'UTC')).toContain('05:00');
    expect(formatStart(facts.startsAt, 'ja', 'Asia/Tokyo')).toContain('2027年1月20日');
  });
});

describe('invitationLanguage', () => {
  it.each([
    ['ja', 'ja'],
    ['zh', 'zh'],
    ['en', 'en'],
    ['fr', 'en'],
    [null, 'en'],
    [undefined, 'en'],
  ])('%s -> %s', (value, expected) => {
    expect(invitationLanguage(value)).toBe(expected);
  });
});
