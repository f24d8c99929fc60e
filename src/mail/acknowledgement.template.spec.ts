import { contactIdOfAcknowledgement, acknowledgementMessageId } from './acknowledgement-message-id';
import { contactReference, renderAcknowledgement } from './acknowledgement.template';
import { messageIdDomain, parseMailbox } from './mail-address';

const contactId = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';

describe('renderAcknowledgement', () => {
  it.each([
    [
      'ja',
      '2026年12月7日月曜日 9:00 (Asia/Tokyo)',
      'ただいま営業時間外のため、2026年12月7日月曜日 9:00 (Asia/Tokyo) 以降に担当者よりご連絡いたします。',
    ],
    [
      'zh',
      '2026年12月7日星期一 09:00 (Asia/Tokyo)',
      '现在是非营业时间，负责人员将于 2026年12月7日星期一 09:00 (Asia/Tokyo) 起与您联系。',
    ],
    [
      'en',
      'Monday, December 7, 2026 at 9:00 AM (Asia/Tokyo)',
      'will answer you from Monday, December 7, 2026 at 9:00 AM (Asia/Tokyo).',
    ],
  ] as const)('%s: after hours, says when the customer will be answered', (language, answerFrom, line) => {
    const mail = renderAcknowledgement({ language, name: 'A', contactId, answerFrom });
    expect(mail.text).toContain(line);
    expect(renderAcknowledgement({ language, name: 'A', contactId }).text).not.toContain(answerFrom);
  });

  it.each([
    ['ja', '山田 太郎', /【受付完了】/, /山田 太郎 様/, /受付番号: 3F2B8C1E/],
    ['zh', '李伟', /【已受理】/, /李伟，您好/, /受理编号：3F2B8C1E/],
    ['en', 'Ann Lee', /We received your inquiry/, /Dear Ann Lee,/, /Reference: 3F2B8C1E/],
  ] as const)('%s: subject, greeting and reference', (language, name, subject, greeting, reference) => {
    const mail = renderAcknowledgement({ language, name, contactId });
    expect(mail.subject).toMatch(subject);
    expect(mail.subject).toContain('3F2B8C1E');
    expect(mail.text).toMatch(greeting);
    expect(mail.text).toMatch(reference);
  });

  it.each([
    ['ja', 'お客 様'],
    ['zh', '尊敬的客户，您好'],
    ['en', 'Dear customer,'],
  ] as const)('%s: greets a customer without a name', (language, greeting) => {
    expect(renderAcknowledgement({ language, name: null, contactId }).text).toContain(greeting);
    expect(renderAcknowledgement({ language, name: '  \u0000 ', contactId }).text).toContain(greeting);
  });

  it('keeps control characters and overlong names out', () => {
    const mail = renderAcknowledgement({
      language: 'en',
      name: `Eve\r\nBcc: x@example.org${'x'.repeat(200)}`,
      contactId,
    });
    const greeting = mail.text.split('\n')[0];
    expect(greeting.includes('\r') || greeting.includes('\u0000')).toBe(false);
    expect([...greeting].length).toBeLessThan(100);
  });
});

describe('acknowledgement Message-ID', () => {
  it('round-trips the contact id', () => {
    const id = acknowledgementMessageId(contactId, 'example.com');
    expect(id).toBe(`<ack.${contactId}@example.com>`);
    expect(contactIdOfAcknowledgement(id)).toBe(contactId);
    expect(contactIdOfAcknowledgement(id.toUpperCase().replace('ACK.', 'ack.'))).toBe(contactId);
  });

  it.each(['<abc@example.com>', '<ack.not-a-uuid@example.com>', '', `<ack.${contactId}>`])('is null for %p', (id) =>
    expect(contactIdOfAcknowledgement(id)).toBeNull(),
  );

  it('reference is eight characters', () => expect(contactReference(contactId)).toBe('3F2B8C1E'));
});

describe('mail addresses', () => {
  it.each([
    ['Sales <sales@example.com>', { name: 'Sales', address: 'sales@example.com' }],
    ['"Sales Team" <sales@example.com>', { name: 'Sales Team', address: 'sales@example.com' }],
    ['sales@example.com', { address: 'sales@example.com' }],
    ['<sales@example.com>', { address: 'sales@example.com' }],
  ])('parses %s', (mailbox, parsed) => expect(parseMailbox(mailbox)).toEqual(parsed));

  it('takes the Message-ID domain from MAIL_FROM', () => {
    expect(messageIdDomain('Sales <sales@Example.COM>')).toBe('example.com');
    expect(messageIdDomain('weird')).toBe('localhost');
  });
});
