import twilio from 'twilio';
import type { Language } from '../../contacts/contact.types';
import { publicUrl } from '../twilio/webhook-url';
import { PROMPTS, VOICES } from './voice-prompts';

const { VoiceResponse } = twilio.twiml;

/** Where Twilio finds each step of a call; the controller serves these paths. */
export const VOICE_PATHS = {
  incoming: '/webhooks/twilio/voice',
  wait: '/webhooks/twilio/voice/wait',
  queueExit: '/webhooks/twilio/voice/queue-exit',
  voicemail: '/webhooks/twilio/voice/voicemail',
  recording: '/webhooks/twilio/voice/recording',
  status: '/webhooks/twilio/voice/status',
  bridged: '/webhooks/twilio/voice/bridged',
  agent: '/webhooks/twilio/voice/agent',
} as const;

/** Each waiting caller has a queue of their own, so an agent dials exactly the contact offered. */
export const queueNameOf = (contactId: string): string => `contact-${contactId}`;

const say = (response: InstanceType<typeof VoiceResponse>, language: Language, text: string) =>
  response.say({ language: VOICES[language].language, voice: VOICES[language].voice }, text);

/** A caller comes in: greet, then wait in the contact's queue; leaving it leads to `queue-exit`. */
export function incomingCallTwiml(o: { baseUrl: string; contactId: string; language: Language }): string {
  // Every call's greeting differs only in its queue name: built once per base URL and language.
  // A contact id is a UUID (nothing to escape); anything else is built in full.
  if (!UUID.test(o.contactId)) return buildIncomingCallTwiml(o);
  const key = `${o.language} ${o.baseUrl}`;
  let parts = incomingTemplates.get(key);
  if (!parts) {
    parts = buildIncomingCallTwiml({ ...o, contactId: TEMPLATE_CONTACT_ID }).split(queueNameOf(TEMPLATE_CONTACT_ID));
    if (incomingTemplates.size >= 100) incomingTemplates.clear();
    incomingTemplates.set(key, parts);
  }
  return parts.join(queueNameOf(o.contactId));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEMPLATE_CONTACT_ID = '00000000-0000-4000-8000-000000000000';
const incomingTemplates = new Map<string, string[]>();

function buildIncomingCallTwiml(o: { baseUrl: string; contactId: string; language: Language }): string {
  const response = new VoiceResponse();
  say(response, o.language, PROMPTS[o.language].greeting);
  response.enqueue(
    {
      action: publicUrl(o.baseUrl, VOICE_PATHS.queueExit),
      method: 'POST',
      waitUrl: publicUrl(o.baseUrl, `${VOICE_PATHS.wait}?lang=${o.language}`),
      waitUrlMethod: 'POST',
    },
    queueNameOf(o.contactId),
  );
  return response.toString();
}

/** Longest silence between checks of the waiting time, so the maximum wait is kept to the second. */
const MAX_PAUSE_SECONDS = 20;

/**
 * Played in a loop while the caller waits (Twilio requests the wait URL again when it ends).
 * Past the maximum wait, `<Leave>` ends the wait and Twilio asks the enqueue action what next.
 */
export function waitTwiml(o: {
  language: Language;
  queueTimeSeconds: number;
  maxWaitSeconds: number;
  holdMusicUrl?: string;
}): string {
  const response = new VoiceResponse();
  const remaining = o.maxWaitSeconds - o.queueTimeSeconds;
  if (remaining <= 0) {
    response.leave();
    return response.toString();
  }
  // The greeting has just been said: the hold message starts with the second round.
  if (o.queueTimeSeconds > 0) say(response, o.language, PROMPTS[o.language].hold);
  if (o.holdMusicUrl) response.play(o.holdMusicUrl);
  else response.pause({ length: Math.min(MAX_PAUSE_SECONDS, remaining) });
  return response.toString();
}

/** Twilio's `QueueResult` values (the enqueue action's reason for leaving the queue). */
export const QUEUE_RESULTS = [
  'bridged',
  'bridging-in-progress',
  'queue-full',
  'redirected',
  'hangup',
  'leave',
  'error',
  'system-error',
] as const;
export type QueueResult = (typeof QUEUE_RESULTS)[number];

export type AfterQueue = 'voicemail' | 'hang_up' | 'nothing';

/** What the caller gets after the queue: a voicemail when nobody answered, else the end of the call. */
export function afterQueue(result: QueueResult): AfterQueue {
  switch (result) {
    case 'leave':
    case 'queue-full':
    case 'error':
    case 'system-error':
      return 'voicemail';
    case 'bridged':
      return 'hang_up';
    case 'bridging-in-progress':
    case 'redirected':
    case 'hangup':
      return 'nothing';
  }
}

/** The enqueue action: voicemail (`<Record>`) when nobody took the call. */
export function queueExitTwiml(o: {
  baseUrl: string;
  language: Language;
  result: QueueResult;
  voicemailMaxSeconds: number;
}): string {
  const response = new VoiceResponse();
  switch (afterQueue(o.result)) {
    case 'voicemail':
      say(response, o.language, PROMPTS[o.language].voicemail);
      recordVoicemail(response, o);
      break;
    case 'hang_up':
      response.hangup();
      break;
    case 'nothing':
      break;
  }
  return response.toString();
}

/** `<Record>` a voicemail; its action and recording callback are the voicemail steps of the call. */
function recordVoicemail(
  response: InstanceType<typeof VoiceResponse>,
  o: { baseUrl: string; language: Language; voicemailMaxSeconds: number },
): void {
  response.record({
    action: publicUrl(o.baseUrl, `${VOICE_PATHS.voicemail}?lang=${o.language}`),
    method: 'POST',
    maxLength: o.voicemailMaxSeconds,
    timeout: 5,
    playBeep: true,
    finishOnKey: '#',
    trim: 'trim-silence',
    recordingStatusCallback: publicUrl(o.baseUrl, VOICE_PATHS.recording),
    recordingStatusCallbackMethod: 'POST',
    recordingStatusCallbackEvent: ['completed', 'absent'],
  });
  // Reached only when nothing was recorded.
  response.hangup();
}

/**
 * A call while the center is closed: the after-hours greeting in the caller's language, saying
 * when it opens again (`opening`, already written in that language), then straight to voicemail.
 */
export function afterHoursTwiml(o: {
  baseUrl: string;
  language: Language;
  opening: string;
  voicemailMaxSeconds: number;
}): string {
  const response = new VoiceResponse();
  say(response, o.language, PROMPTS[o.language].afterHours.replace('{opening}', o.opening));
  recordVoicemail(response, o);
  return response.toString();
}

/** The voicemail's `<Record action>`: thank the caller and end the call. */
export function voicemailDoneTwiml(language: Language): string {
  const response = new VoiceResponse();
  say(response, language, PROMPTS[language].thanks);
  response.hangup();
  return response.toString();
}

/** An agent's softphone connects: dial the offered contact's queue; `bridged` is told when it connects. */
export function agentBridgeTwiml(o: { baseUrl: string; contactId: string; agentIdentity?: string }): string {
  const response = new VoiceResponse();
  const query = o.agentIdentity ? `?agent=${encodeURIComponent(o.agentIdentity)}` : '';
  response
    .dial({ timeout: 20 })
    .queue({ url: publicUrl(o.baseUrl, `${VOICE_PATHS.bridged}${query}`), method: 'POST' }, queueNameOf(o.contactId));
  return response.toString();
}

/** The agent may not take this caller: say why (to the agent) and hang up. */
export function agentRefusedTwiml(reason: string): string {
  const response = new VoiceResponse();
  response.say({ language: 'en-US', voice: VOICES.en.voice }, `This call cannot be connected: ${reason}.`);
  response.hangup();
  return response.toString();
}

/** Nothing to do (e.g. the call already ended). */
export const emptyTwiml = (): string => new VoiceResponse().toString();
