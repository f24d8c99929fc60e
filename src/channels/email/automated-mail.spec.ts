import { automatedVerdict } from './automated-mail';
import type { EmailMessage } from './email-message';

const mail = (over: Partial<EmailMessage> = {}, headers: Record<string, string> = {}): EmailMessage => ({
  inReplyTo: [],
  references: [],
  from: { name: 'Ann', address: 'ann@example.org' },
  envelopeFrom: 'ann@example.org',
  to: ['sales@example.com'],
  subject: 'Question about servers',
  text: 'Hello',
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]])),
  attachments: [],
  ...over,
});

describe('automatedVerdict', () => {
  it('a person writing is not automated', () => {
    expect(automatedVerdict(mail())).toBeNull();
    expect(automatedVerdict(mail({}, { 'Auto-Submitted': 'no' }))).toBeNull();
    expect(automatedVerdict(mail({}, { Precedence: 'normal' }))).toBeNull();
    expect(automatedVerdict(mail({}, { 'X-Auto-Response-Suppress': 'DR, RN' }))).toBeNull();
    expect(automatedVerdict(mail({ subject: 'Re: our office move' }))).toBeNull();
    expect(automatedVerdict(mail({ subject: 'Office hours question' }))).toBeNull();
  });

  it.each<[string, Partial<EmailMessage>, Record<string, string>, string]>([
    ['a delivery report', { contentType: 'multipart/report' }, {}, 'bounce'],
    [
      'MAILER-DAEMON',
      { from: { name: 'Mail Delivery System', address: 'MAILER-DAEMON@mx.example.org' } },
      {},
      'bounce',
    ],
    ['the null envelope sender', { envelopeFrom: '' }, {}, 'bounce'],
    ['Auto-Submitted: auto-replied', {}, { 'Auto-Submitted': 'auto-replied' }, 'auto_reply'],
    ['Auto-Submitted: auto-generated', {}, { 'Auto-Submitted': 'auto-generated; owner-email=x@y' }, 'auto_reply'],
    ['X-Autoreply', {}, { 'X-Autoreply': 'yes' }, 'auto_reply'],
    ['X-Autorespond', {}, { 'X-Autorespond': 'Out of office' }, 'auto_reply'],
    ['Precedence: bulk', {}, { Precedence: 'bulk' }, 'auto_reply'],
    ['Precedence: junk', {}, { Precedence: 'junk' }, 'auto_reply'],
    ['Precedence: auto_reply', {}, { Precedence: 'auto_reply' }, 'auto_reply'],
    ['Precedence: list', {}, { Precedence: 'list' }, 'mailing_list'],
    ['X-Auto-Response-Suppress: All', {}, { 'X-Auto-Response-Suppress': 'All' }, 'auto_reply'],
    ['X-Auto-Response-Suppress: OOF', {}, { 'X-Auto-Response-Suppress': 'DR, OOF, AutoReply' }, 'auto_reply'],
    ['Out of Office subject', { subject: 'Out of Office: back Monday' }, {}, 'auto_reply'],
    ['Automatic reply subject', { subject: 'Automatic reply: Quote' }, {}, 'auto_reply'],
    ['Autoreply subject', { subject: 'AutoReply: thanks' }, {}, 'auto_reply'],
    ['自動返信 subject', { subject: '【自動返信】お問い合わせありがとうございます' }, {}, 'auto_reply'],
    ['自动回复 subject', { subject: '自动回复：我正在休假' }, {}, 'auto_reply'],
    ['自動回覆 inside a reply subject', { subject: 'Re: 自動回覆: 休假中' }, {}, 'auto_reply'],
    ['List-Id', {}, { 'List-Id': '<sales.lists.example.org>' }, 'mailing_list'],
    ['List-Unsubscribe', {}, { 'List-Unsubscribe': '<mailto:unsub@example.org>' }, 'mailing_list'],
    ['a provider spam verdict', { providerSpam: true }, {}, 'spam'],
    ['X-Mailgun-Sflag: Yes', {}, { 'X-Mailgun-Sflag': 'Yes' }, 'spam'],
    ['X-Spam-Flag: YES', {}, { 'X-Spam-Flag': 'YES' }, 'spam'],
  ])('%s -> %s', (_name, over, headers, kind) => {
    expect(automatedVerdict(mail(over, headers))?.kind).toBe(kind);
  });

  it('names the rule that decided, for the log', () => {
    expect(automatedVerdict(mail({}, { 'List-Id': 'x' }))).toEqual({ kind: 'mailing_list', rule: 'List-Id present' });
  });
});
