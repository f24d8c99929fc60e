import type { FieldError } from '../../common/domain-error';
import { LANGUAGES, type InboundContact, type Language } from '../../contacts/contact.types';
import { FieldReader, ProviderFields } from '../provider-fields';
import { parsePhoneParty, PhoneParty } from '../telephony/phone-party';
import { CALL_STATUSES, CallStatus } from './missed-call';
import { QUEUE_RESULTS, QueueResult } from './voice-twiml';

/** Twilio's resource identifiers: two letters and 32 lowercase hex digits. */
export const SID = {
  call: /^CA[0-9a-f]{32}$/,
  account: /^AC[0-9a-f]{32}$/,
  recording: /^RE[0-9a-f]{32}$/,
  queue: /^QU[0-9a-f]{32}$/,
} as const;

export type Read<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const done = <T>(reader: FieldReader, value: () => T): Read<T> =>
  reader.ok ? { ok: true, value: value() } : { ok: false, errors: reader.errors };

/** The standard parameters of every request Twilio makes about a call. */
export interface CallFacts {
  callSid: string;
  accountSid: string;
  from: PhoneParty;
  to?: string;
  direction?: string;
  callerName?: string;
  fromCountry?: string;
  forwardedFrom?: string;
  stirVerstat?: string;
}

function readCallFields(reader: FieldReader, defaultRegion: string): CallFacts | undefined {
  const callSid = reader.string('CallSid', {
    required: true,
    pattern: SID.call,
    mustBe: 'a Twilio call SID (CA + 32 hex digits)',
  });
  const accountSid = reader.string('AccountSid', {
    required: true,
    pattern: SID.account,
    mustBe: 'a Twilio account SID (AC + 32 hex digits)',
  });
  const fromText = reader.string('From', { required: true, max: 128 });
  const from = fromText === undefined ? undefined : parsePhoneParty(fromText, defaultRegion);
  if (fromText !== undefined && !from)
    reader.fail('From', 'must be a phone number, a withheld-number marker or client:<identity>');
  const to = reader.string('To', { max: 128 });
  const direction = reader.string('Direction', { max: 32 });
  const callerName = reader.string('CallerName', { max: 200 });
  const fromCountry = reader.string('FromCountry', { max: 8 });
  const forwardedFrom = reader.string('ForwardedFrom', { max: 128 });
  const stirVerstat = reader.string('StirVerstat', { max: 64 });
  if (!callSid || !accountSid || !from) return undefined;
  return { callSid, accountSid, from, to, direction, callerName, fromCountry, forwardedFrom, stirVerstat };
}

/** "A call comes in" (and every later request about the same call carries the same fields). */
export function readCall(params: ProviderFields, ctx: { defaultRegion: string }): Read<CallFacts> {
  const reader = new FieldReader(params);
  const call = readCallFields(reader, ctx.defaultRegion);
  return done(reader, () => call!);
}

/** A customer's call as a contact: the CallSid is its provider id, so every retry finds it again. */
export function toInboundCall(call: CallFacts, language: Language): InboundContact {
  const phone = call.from.kind === 'phone' ? call.from.e164 : undefined;
  const name = call.callerName?.trim() || undefined;
  return {
    medium: 'voice',
    source: 'twilio',
    externalId: call.callSid,
    inquiryType: 'question',
    from: { phone, name },
    body: `Phone call from ${phone ?? 'a withheld number'}${call.to ? ` to ${call.to}` : ''}`,
    language,
    metadata: {
      callSid: call.callSid,
      to: call.to,
      direction: call.direction,
      callerName: name,
      fromCountry: call.fromCountry,
      forwardedFrom: call.forwardedFrom,
      stirVerstat: call.stirVerstat,
      withheld: call.from.kind === 'withheld',
    },
  };
}

/** The `lang` query of our own callback URLs (signed with the rest of the URL). */
export function readLanguage(query: ProviderFields): Read<Language> {
  const reader = new FieldReader(query);
  const language = reader.oneOf('lang', LANGUAGES, { required: true });
  return done(reader, () => language!);
}

/** The enqueue wait URL: how long the caller has waited so far. */
export function readWait(params: ProviderFields): Read<{ callSid: string; queueTimeSeconds: number }> {
  const reader = new FieldReader(params);
  const callSid = reader.string('CallSid', { required: true, pattern: SID.call, mustBe: 'a Twilio call SID' });
  const queueTime = reader.integer('QueueTime', { required: true, min: 0, max: 86_400 });
  return done(reader, () => ({ callSid: callSid!, queueTimeSeconds: queueTime! }));
}

export interface QueueExit {
  call: CallFacts;
  result: QueueResult;
  queueTimeSeconds?: number;
}

/** The enqueue action: why the caller left the queue. */
export function readQueueExit(params: ProviderFields, ctx: { defaultRegion: string }): Read<QueueExit> {
  const reader = new FieldReader(params);
  const call = readCallFields(reader, ctx.defaultRegion);
  const result = reader.oneOf('QueueResult', QUEUE_RESULTS, { required: true });
  const queueTime = reader.integer('QueueTime', { min: 0, max: 86_400 });
  return done(reader, () => ({ call: call!, result: result!, queueTimeSeconds: queueTime }));
}

export interface VoicemailRecorded {
  callSid: string;
  recordingSid?: string;
  durationSeconds?: number;
}

/** The voicemail `<Record action>`: what was recorded, if anything. */
export function readVoicemail(params: ProviderFields): Read<VoicemailRecorded> {
  const reader = new FieldReader(params);
  const callSid = reader.string('CallSid', { required: true, pattern: SID.call, mustBe: 'a Twilio call SID' });
  const recordingSid = reader.string('RecordingSid', { pattern: SID.recording, mustBe: 'a Twilio recording SID' });
  const duration = reader.integer('RecordingDuration', { min: 0, max: 86_400 });
  return done(reader, () => ({ callSid: callSid!, recordingSid, durationSeconds: duration }));
}

export const RECORDING_STATUSES = ['in-progress', 'completed', 'absent', 'failed'] as const;

export interface RecordingStatus {
  callSid: string;
  recordingSid: string;
  recordingUrl?: string;
  status: (typeof RECORDING_STATUSES)[number];
  durationSeconds?: number;
  errorCode?: string;
}

/** The recording status callback: a voicemail recording is ready (or failed). */
export function readRecordingStatus(params: ProviderFields): Read<RecordingStatus> {
  const reader = new FieldReader(params);
  const callSid = reader.string('CallSid', { required: true, pattern: SID.call, mustBe: 'a Twilio call SID' });
  const recordingSid = reader.string('RecordingSid', {
    required: true,
    pattern: SID.recording,
    mustBe: 'a Twilio recording SID (RE + 32 hex digits)',
  });
  const status = reader.oneOf('RecordingStatus', RECORDING_STATUSES, { required: true });
  const recordingUrl = reader.string('RecordingUrl', {
    required: status === 'completed',
    max: 2000,
    pattern: /^https?:\/\/[^\s]+$/,
    mustBe: 'an http(s) URL',
  });
  const duration = reader.integer('RecordingDuration', { min: 0, max: 86_400 });
  const errorCode = reader.string('ErrorCode', { max: 16 });
  return done(reader, () => ({
    callSid: callSid!,
    recordingSid: recordingSid!,
    recordingUrl,
    status: status!,
    durationSeconds: duration,
    errorCode,
  }));
}

export interface CallStatusUpdate {
  call: CallFacts;
  status: CallStatus;
  durationSeconds?: number;
  sequenceNumber?: number;
}

/** The call status callback: the call's (final) status and its duration. */
export function readCallStatus(params: ProviderFields, ctx: { defaultRegion: string }): Read<CallStatusUpdate> {
  const reader = new FieldReader(params);
  const call = readCallFields(reader, ctx.defaultRegion);
  const status = reader.oneOf('CallStatus', CALL_STATUSES, { required: true });
  const duration = reader.integer('CallDuration', { min: 0, max: 86_400 * 7 });
  const sequenceNumber = reader.integer('SequenceNumber', { min: 0, max: 1_000_000 });
  return done(reader, () => ({ call: call!, status: status!, durationSeconds: duration, sequenceNumber }));
}

export interface Bridged {
  callSid: string;
  agentCallSid: string;
  queueTimeSeconds?: number;
  agentIdentity?: string;
}

/** The `<Queue url>`: the waiting caller is about to be connected to the dequeuing agent. */
export function readBridged(params: ProviderFields, query: ProviderFields): Read<Bridged> {
  const reader = new FieldReader(params);
  const callSid = reader.string('CallSid', { required: true, pattern: SID.call, mustBe: 'a Twilio call SID' });
  const agentCallSid = reader.string('DequeingCallSid', {
    required: true,
    pattern: SID.call,
    mustBe: 'a Twilio call SID',
  });
  const queueTime = reader.integer('QueueTime', { min: 0, max: 86_400 });
  const agent = new FieldReader(query).string('agent', { max: 121 });
  return done(reader, () => ({
    callSid: callSid!,
    agentCallSid: agentCallSid!,
    queueTimeSeconds: queueTime,
    agentIdentity: agent,
  }));
}
