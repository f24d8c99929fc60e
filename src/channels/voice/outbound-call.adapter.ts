import { FieldReader, ProviderFields } from '../provider-fields';
import { parsePhoneParty } from '../telephony/phone-party';
import { CALL_STATUSES, CallStatus } from './missed-call';
import type { DialTarget } from './outbound-call-policy';
import { Read, SID } from './voice.adapter';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Campaign targets do not exist yet; their ids are read as opaque, bounded tokens. */
const TARGET_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The softphone's request to the TwiML App voice URL. */
export interface AgentDial {
  agentCallSid: string;
  /** The softphone's Twilio Client identity, when Twilio names one. */
  agentIdentity: string | undefined;
  target: DialTarget;
}

const done = <T>(reader: FieldReader, value: () => T): Read<T> =>
  reader.ok ? { ok: true, value: value() } : { ok: false, errors: reader.errors };

/**
 * `device.connect({ params })`: exactly one of `contactId`, `callbackTaskId` or `campaignTargetId`
 * (the parameters arrive as form fields beside Twilio's own).
 */
export function readAgentDial(params: ProviderFields, ctx: { defaultRegion: string }): Read<AgentDial> {
  const reader = new FieldReader(params);
  const agentCallSid = reader.string('CallSid', { required: true, pattern: SID.call, mustBe: 'a Twilio call SID' });
  const contactId = reader.string('contactId', { pattern: UUID, mustBe: 'a contact id (UUID)' });
  const callbackTaskId = reader.string('callbackTaskId', { pattern: UUID, mustBe: 'a callback task id (UUID)' });
  const campaignTargetId = reader.string('campaignTargetId', {
    pattern: TARGET_ID,
    mustBe: 'a campaign target id',
  });
  const given = [contactId, callbackTaskId, campaignTargetId].filter((v) => v !== undefined).length;
  if (reader.ok && given !== 1) {
    reader.fail(
      'contactId',
      given === 0 ? 'is required (or callbackTaskId, or campaignTargetId)' : 'must be the only target given',
    );
  }
  const fromText = reader.string('From', { max: 128 });
  const from = fromText === undefined ? null : parsePhoneParty(fromText, ctx.defaultRegion);
  return done(reader, () => ({
    agentCallSid: agentCallSid!,
    agentIdentity: from?.kind === 'client' ? from.identity : undefined,
    target: contactId
      ? { kind: 'contact', contactId: contactId.toLowerCase() }
      : callbackTaskId
        ? { kind: 'callback_task', callbackTaskId: callbackTaskId.toLowerCase() }
        : { kind: 'campaign_target', campaignTargetId: campaignTargetId! },
  }));
}

/** The customer leg's status callback (`<Number statusCallback>`). */
export interface OutboundCallStatus {
  /** The agent's leg, which the outbound message is keyed by. */
  parentCallSid: string;
  callSid: string;
  status: CallStatus;
  durationSeconds?: number;
  sipResponseCode?: number;
}

export function readOutboundCallStatus(params: ProviderFields): Read<OutboundCallStatus> {
  const reader = new FieldReader(params);
  const callSid = reader.string('CallSid', { required: true, pattern: SID.call, mustBe: 'a Twilio call SID' });
  const parentCallSid = reader.string('ParentCallSid', { pattern: SID.call, mustBe: 'a Twilio call SID' });
  const status = reader.oneOf('CallStatus', CALL_STATUSES, { required: true });
  const duration = reader.integer('CallDuration', { min: 0, max: 86_400 * 7 });
  const sip = reader.integer('SipResponseCode', { min: 100, max: 699 });
  return done(reader, () => ({
    // A status of the dialled leg names its parent; without one, the CallSid is the agent's leg.
    parentCallSid: parentCallSid ?? callSid!,
    callSid: callSid!,
    status: status!,
    durationSeconds: duration,
    sipResponseCode: sip,
  }));
}
