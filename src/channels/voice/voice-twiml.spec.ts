import { child, parseTwiml, verbs } from '../../../test/helpers/twiml';
import {
  afterHoursTwiml,
  afterQueue,
  agentBridgeTwiml,
  agentRefusedTwiml,
  emptyTwiml,
  incomingCallTwiml,
  QUEUE_RESULTS,
  queueExitTwiml,
  voicemailDoneTwiml,
  waitTwiml,
} from './voice-twiml';

const baseUrl = 'https://cc.example.com/';
const contactId = '4f9c2a51-0d7e-4a8e-9b3c-2f1d6e8a7b90';

describe('voice TwiML', () => {
  it('greets in the language and enqueues the caller in the contact queue, with a wait URL and an action', () => {
    const response = parseTwiml(incomingCallTwiml({ baseUrl, contactId, language: 'ja' }));
    expect(verbs(response)).toEqual(['Say', 'Enqueue']);
    expect(child(response, 'Say').attributes).toEqual({ language: 'ja-JP', voice: 'Polly.Mizuki' });
    expect(child(response, 'Say').text).toContain('お電話ありがとうございます');
    const enqueue = child(response, 'Enqueue');
    expect(enqueue.text).toBe(`contact-${contactId}`);
    expect(enqueue.attributes).toMatchObject({
      action: 'https://cc.example.com/webhooks/twilio/voice/queue-exit',
      waitUrl: 'https://cc.example.com/webhooks/twilio/voice/wait?lang=ja',
      method: 'POST',
      waitUrlMethod: 'POST',
    });
    expect(enqueue.text.length).toBeLessThanOrEqual(64);
  });

  it.each([
    ['zh', 'cmn-CN', 'Polly.Zhiyu', '感谢您的来电'],
    ['en', 'en-US', 'Polly.Joanna', 'Thank you for calling'],
  ] as const)('greets in %s with %s / %s', (language, locale, voice, text) => {
    const say = child(parseTwiml(incomingCallTwiml({ baseUrl, contactId, language })), 'Say');
    expect(say.attributes).toEqual({ language: locale, voice });
    expect(say.text).toContain(text);
  });

  it('gives each call its own queue, the rest of the greeting unchanged', () => {
    const other = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
    const first = incomingCallTwiml({ baseUrl, contactId, language: 'en' });
    const second = incomingCallTwiml({ baseUrl, contactId: other, language: 'en' });
    expect(child(parseTwiml(second), 'Enqueue').text).toBe(`contact-${other}`);
    expect(second).toBe(first.replace(contactId, other));
    expect(
      child(parseTwiml(incomingCallTwiml({ baseUrl: 'https://b.example.org', contactId, language: 'en' })), 'Enqueue')
        .attributes.action,
    ).toBe('https://b.example.org/webhooks/twilio/voice/queue-exit');
  });

  describe('wait URL', () => {
    it('pauses silently right after the greeting', () => {
      const response = parseTwiml(waitTwiml({ language: 'en', queueTimeSeconds: 0, maxWaitSeconds: 120 }));
      expect(verbs(response)).toEqual(['Pause']);
      expect(child(response, 'Pause').attributes.length).toBe('20');
    });

    it('then says the hold message and waits no longer than the time left', () => {
      const response = parseTwiml(waitTwiml({ language: 'zh', queueTimeSeconds: 110, maxWaitSeconds: 120 }));
      expect(verbs(response)).toEqual(['Say', 'Pause']);
      expect(child(response, 'Pause').attributes.length).toBe('10');
    });

    it('plays the configured hold music', () => {
      const response = parseTwiml(
        waitTwiml({
          language: 'en',
          queueTimeSeconds: 30,
          maxWaitSeconds: 120,
          holdMusicUrl: 'https://m.example/a.mp3',
        }),
      );
      expect(verbs(response)).toEqual(['Say', 'Play']);
      expect(child(response, 'Play').text).toBe('https://m.example/a.mp3');
    });

    it.each([120, 121, 5000])('leaves the queue at QueueTime %i of 120', (queueTimeSeconds) => {
      const response = parseTwiml(waitTwiml({ language: 'en', queueTimeSeconds, maxWaitSeconds: 120 }));
      expect(verbs(response)).toEqual(['Leave']);
    });
  });

  describe('after the queue', () => {
    it.each(['leave', 'queue-full', 'error', 'system-error'] as const)('%s -> voicemail <Record>', (result) => {
      const response = parseTwiml(queueExitTwiml({ baseUrl, language: 'en', result, voicemailMaxSeconds: 90 }));
      expect(verbs(response)).toEqual(['Say', 'Record', 'Hangup']);
      expect(child(response, 'Record').attributes).toMatchObject({
        action: 'https://cc.example.com/webhooks/twilio/voice/voicemail?lang=en',
        maxLength: '90',
        playBeep: 'true',
        recordingStatusCallback: 'https://cc.example.com/webhooks/twilio/voice/recording',
        recordingStatusCallbackEvent: 'completed absent',
      });
    });

    it('hangs up after a bridged conversation', () => {
      expect(
        verbs(parseTwiml(queueExitTwiml({ baseUrl, language: 'en', result: 'bridged', voicemailMaxSeconds: 9 }))),
      ).toEqual(['Hangup']);
    });

    it.each(['hangup', 'redirected', 'bridging-in-progress'] as const)('%s -> nothing', (result) => {
      expect(verbs(parseTwiml(queueExitTwiml({ baseUrl, language: 'en', result, voicemailMaxSeconds: 9 })))).toEqual(
        [],
      );
    });

    it('decides every QueueResult', () => {
      expect(QUEUE_RESULTS.map(afterQueue)).not.toContain(undefined);
    });
  });

  it('thanks the caller after the voicemail', () => {
    const response = parseTwiml(voicemailDoneTwiml('ja'));
    expect(verbs(response)).toEqual(['Say', 'Hangup']);
  });

  it('bridges an agent to the contact queue and asks to be told when it connects', () => {
    const response = parseTwiml(agentBridgeTwiml({ baseUrl, contactId, agentIdentity: 'agent a&b' }));
    const queue = child(child(response, 'Dial'), 'Queue');
    expect(queue.text).toBe(`contact-${contactId}`);
    expect(queue.attributes.url).toBe('https://cc.example.com/webhooks/twilio/voice/bridged?agent=agent%20a%26b');
  });

  it('refuses an agent with a spoken reason', () => {
    const response = parseTwiml(agentRefusedTwiml('the contact is closed'));
    expect(verbs(response)).toEqual(['Say', 'Hangup']);
    expect(child(response, 'Say').text).toContain('the contact is closed');
  });

  it('answers an empty response', () => {
    expect(verbs(parseTwiml(emptyTwiml()))).toEqual([]);
  });

  it.each([
    ['ja', 'ja-JP', 'ただいま営業時間外です。次の営業開始は12月7日月曜日 9:00です。'],
    ['zh', 'cmn-CN', '现在是非营业时间，我们将于12月7日星期一 9:00恢复营业。'],
    ['en', 'en-US', 'We are closed right now and open again on Monday, December 7 at 9:00 AM.'],
  ] as const)(
    'after hours greets in %s, says when it opens, and records a voicemail at once',
    (language, locale, text) => {
      const opening = { ja: '12月7日月曜日 9:00', zh: '12月7日星期一 9:00', en: 'Monday, December 7 at 9:00 AM' }[
        language
      ];
      const response = parseTwiml(afterHoursTwiml({ baseUrl, language, opening, voicemailMaxSeconds: 90 }));
      expect(verbs(response)).toEqual(['Say', 'Record', 'Hangup']);
      expect(child(response, 'Say').attributes.language).toBe(locale);
      expect(child(response, 'Say').text).toContain(text);
      expect(child(response, 'Record').attributes).toMatchObject({
        action: `https://cc.example.com/webhooks/twilio/voice/voicemail?lang=${language}`,
        recordingStatusCallback: 'https://cc.example.com/webhooks/twilio/voice/recording',
        maxLength: '90',
      });
    },
  );
});
