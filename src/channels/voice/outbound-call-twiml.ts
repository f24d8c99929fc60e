import twilio from 'twilio';
import { publicUrl } from '../twilio/webhook-url';
import { VOICES } from './voice-prompts';

const { VoiceResponse } = twilio.twiml;

export const OUTBOUND_PATHS = {
  status: '/webhooks/twilio/voice/outbound/status',
  recording: '/webhooks/twilio/voice/outbound/recording',
} as const;

/** Seconds the customer's phone rings before the call counts as not answered. */
export const OUTBOUND_RING_SECONDS = 30;

/**
 * Dials the customer from `callerId`, recording both sides from the answer (dual channel); the
 * dialled leg's progress goes to the status callback and the recording to its own callback.
 */
export function dialCustomerTwiml(o: { baseUrl: string; callerId: string; to: string }): string {
  const response = new VoiceResponse();
  response
    .dial({
      callerId: o.callerId,
      timeout: OUTBOUND_RING_SECONDS,
      answerOnBridge: true,
      record: 'record-from-answer-dual',
      recordingStatusCallback: publicUrl(o.baseUrl, OUTBOUND_PATHS.recording),
      recordingStatusCallbackMethod: 'POST',
      recordingStatusCallbackEvent: ['completed', 'absent'],
    })
    .number(
      {
        statusCallback: publicUrl(o.baseUrl, OUTBOUND_PATHS.status),
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      },
      o.to,
    );
  return response.toString();
}

/** The call may not be placed: say why to the agent and hang up. */
export function dialRefusedTwiml(reason: string): string {
  const response = new VoiceResponse();
  response.say({ language: 'en-US', voice: VOICES.en.voice }, `This call cannot be placed: ${reason}.`);
  response.hangup();
  return response.toString();
}
