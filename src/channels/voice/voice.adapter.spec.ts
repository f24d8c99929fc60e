import incoming from '../../../test/fixtures/twilio/voice-incoming-call.json';
import queueExit from '../../../test/fixtures/twilio/voice-queue-exit-leave.json';
import recordingStatus from '../../../test/fixtures/twilio/voice-recording-status.json';
import noAnswer from '../../../test/fixtures/twilio/voice-status-no-answer.json';
import completed from '../../../test/fixtures/twilio/voice-status-completed.json';
import bridged from '../../../test/fixtures/twilio/voice-bridged.json';
import wait from '../../../test/fixtures/twilio/voice-wait.json';
import voicemail from '../../../test/fixtures/twilio/voice-voicemail-recorded.json';
import {
  readBridged,
  readCall,
  readCallStatus,
  readLanguage,
  readQueueExit,
  readRecordingStatus,
  readVoicemail,
  readWait,
  toInboundCall,
} from './voice.adapter';

const ctx = { defaultRegion: 'US' };
const fields = (read: { ok: boolean; errors?: { field: string }[] }) =>
  read.ok ? [] : read.errors!.map((e) => e.field);

describe('voice adapter (Twilio fixtures)', () => {
  it('maps an incoming call to a voice contact keyed by its CallSid', () => {
    const read = readCall(incoming, ctx);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    const inbound = toInboundCall(read.value, 'ja');
    expect(inbound).toMatchObject({
      medium: 'voice',
      source: 'twilio',
      externalId: incoming.CallSid,
      inquiryType: 'question',
      language: 'ja',
      from: { phone: '+819012345678' },
      metadata: { to: '+81312345678', direction: 'inbound', withheld: false, stirVerstat: 'TN-Validation-Passed-A' },
    });
    expect(inbound.body).toContain('+819012345678');
  });

  it('keeps a call from a withheld number, without a phone', () => {
    const read = readCall({ ...incoming, From: 'anonymous', Caller: 'anonymous' }, ctx);
    if (!read.ok) throw new Error('refused');
    const inbound = toInboundCall(read.value, 'en');
    expect(inbound.from.phone).toBeUndefined();
    expect(inbound.metadata?.withheld).toBe(true);
  });

  it.each([
    ['no CallSid', { ...incoming, CallSid: undefined }, ['CallSid']],
    ['a message SID as CallSid', { ...incoming, CallSid: `SM${'a'.repeat(32)}` }, ['CallSid']],
    ['uppercase hex', { ...incoming, CallSid: `CA${'A'.repeat(32)}` }, ['CallSid']],
    ['no AccountSid', { ...incoming, AccountSid: '' }, ['AccountSid']],
    ['From is words', { ...incoming, From: 'call me' }, ['From']],
    ['From repeated', { ...incoming, From: ['+14155552671', '+14155552672'] }, ['From']],
    ['no From', { ...incoming, From: undefined }, ['From']],
    ['CallerName too long', { ...incoming, CallerName: 'n'.repeat(201) }, ['CallerName']],
  ])('refuses %s, naming the field', (_name, params, expected) => {
    expect(fields(readCall(params, ctx))).toEqual(expected);
  });

  it('reads the wait URL and our language query', () => {
    expect(readWait({ ...wait, QueueTime: '95' })).toEqual({
      ok: true,
      value: { callSid: wait.CallSid, queueTimeSeconds: 95 },
    });
    expect(fields(readWait({ ...wait, QueueTime: '-1' }))).toEqual(['QueueTime']);
    expect(fields(readWait({ ...wait, QueueTime: 'soon' }))).toEqual(['QueueTime']);
    expect(readLanguage({ lang: 'zh' })).toEqual({ ok: true, value: 'zh' });
    expect(fields(readLanguage({ lang: 'fr' }))).toEqual(['lang']);
  });

  it('reads the enqueue action', () => {
    const read = readQueueExit(queueExit, ctx);
    expect(read.ok && read.value).toMatchObject({ result: 'leave', queueTimeSeconds: 120 });
    expect(fields(readQueueExit({ ...queueExit, QueueResult: 'gone' }, ctx))).toEqual(['QueueResult']);
  });

  it('reads the voicemail action and the recording status callback', () => {
    expect(readVoicemail(voicemail)).toEqual({
      ok: true,
      value: { callSid: voicemail.CallSid, recordingSid: voicemail.RecordingSid, durationSeconds: 14 },
    });
    const read = readRecordingStatus(recordingStatus);
    expect(read.ok && read.value).toMatchObject({ status: 'completed', durationSeconds: 14 });
    expect(fields(readRecordingStatus({ ...recordingStatus, RecordingUrl: undefined }))).toEqual(['RecordingUrl']);
    expect(fields(readRecordingStatus({ ...recordingStatus, RecordingUrl: 'ftp://x' }))).toEqual(['RecordingUrl']);
    expect(fields(readRecordingStatus({ ...recordingStatus, RecordingStatus: 'absent', RecordingUrl: '' }))).toEqual(
      [],
    );
  });

  it('reads call status callbacks', () => {
    const missed = readCallStatus(noAnswer, ctx);
    expect(missed.ok && missed.value).toMatchObject({ status: 'no-answer', durationSeconds: 0 });
    const done = readCallStatus(completed, ctx);
    expect(done.ok && done.value).toMatchObject({ status: 'completed', durationSeconds: 47 });
    expect(fields(readCallStatus({ ...completed, CallStatus: 'exploded' }, ctx))).toEqual(['CallStatus']);
    expect(fields(readCallStatus({ ...completed, CallDuration: '4.5' }, ctx))).toEqual(['CallDuration']);
  });

  it('reads the queue url request with the agent from our query', () => {
    const read = readBridged(bridged, { agent: 'agent-7f3e' });
    expect(read).toEqual({
      ok: true,
      value: {
        callSid: bridged.CallSid,
        agentCallSid: bridged.DequeingCallSid,
        queueTimeSeconds: 35,
        agentIdentity: 'agent-7f3e',
      },
    });
  });
});
