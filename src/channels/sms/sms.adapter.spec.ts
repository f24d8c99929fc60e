import { child, parseTwiml, verbs } from '../../../test/helpers/twiml';
import sms from '../../../test/fixtures/twilio/sms-incoming.json';
import mms from '../../../test/fixtures/twilio/mms-incoming.json';
import { readInboundSms, toInboundSms, toSmsFollowUp } from './sms.adapter';
import { smsTwiml } from './sms-twiml';

const ctx = { defaultRegion: 'JP' };
const fields = (read: ReturnType<typeof readInboundSms>) => (read.ok ? [] : read.errors.map((e) => e.field));

describe('sms adapter (Twilio fixtures)', () => {
  it('maps an inbound SMS to an sms contact keyed by its MessageSid, in the language of its text', () => {
    const read = readInboundSms(sms, ctx);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(toInboundSms(read.value)).toMatchObject({
      medium: 'sms',
      source: 'twilio',
      externalId: sms.MessageSid,
      from: { phone: '+818012345678' },
      body: sms.Body,
      language: 'ja',
      metadata: { to: '+815012345678', messagingServiceSid: sms.MessagingServiceSid, numSegments: 1, media: [] },
    });
    expect(toSmsFollowUp(read.value)).toMatchObject({
      medium: 'sms',
      externalId: sms.MessageSid,
      fromAddress: '+818012345678',
      body: sms.Body,
    });
  });

  it('keeps the media of an MMS in order', () => {
    const read = readInboundSms(mms, ctx);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read.value.media).toEqual([
      { url: mms.MediaUrl0, contentType: 'image/jpeg' },
      { url: mms.MediaUrl1, contentType: 'image/png' },
    ]);
    expect(toInboundSms(read.value).metadata?.media).toHaveLength(2);
  });

  it.each([
    ['no MessageSid', { ...sms, MessageSid: undefined }, ['MessageSid']],
    ['a call SID as MessageSid', { ...sms, MessageSid: `CA${'0'.repeat(32)}` }, ['MessageSid']],
    ['From a withheld number', { ...sms, From: 'anonymous' }, ['From']],
    ['From an alphanumeric sender', { ...sms, From: 'ACME' }, ['From']],
    ['NumMedia not a number', { ...sms, NumMedia: 'two' }, ['NumMedia']],
    ['NumMedia 11', { ...sms, NumMedia: '11' }, ['NumMedia']],
    ['a media URL missing', { ...mms, MediaUrl1: undefined }, ['MediaUrl1']],
    ['a media URL that is a file', { ...mms, MediaUrl0: 'file:///etc/passwd' }, ['MediaUrl0']],
    ['Body as two values', { ...sms, Body: ['a', 'b'] }, ['Body']],
  ])('refuses %s, naming the field', (_name, params, expected) => {
    expect(fields(readInboundSms(params, ctx))).toEqual(expected);
  });

  it('answers TwiML with or without the automatic reply', () => {
    expect(verbs(parseTwiml(smsTwiml(undefined)))).toEqual([]);
    expect(verbs(parseTwiml(smsTwiml('')))).toEqual([]);
    const reply = parseTwiml(smsTwiml('ありがとうございます & お待ちください'));
    expect(child(reply, 'Message').text).toBe('ありがとうございます & お待ちください');
  });
});
