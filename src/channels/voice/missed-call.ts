/** Twilio's call statuses that end a call. */
export const FINAL_CALL_STATUSES = ['completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
export type FinalCallStatus = (typeof FINAL_CALL_STATUSES)[number];

export const CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', ...FINAL_CALL_STATUSES] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** Why a call needs calling back: the provider's final status, or `abandoned` (hung up unserved). */
export type MissedCallReason = Exclude<FinalCallStatus, 'completed'> | 'abandoned';

export interface CallOutcomeFacts {
  /** An agent was bridged to the caller. */
  bridged: boolean;
  /** The caller left a voicemail (the voicemail is itself a message to answer). */
  voicemail: boolean;
}

export const isFinalCallStatus = (status: string): status is FinalCallStatus =>
  (FINAL_CALL_STATUSES as readonly string[]).includes(status);

/**
 * A missed call becomes a callback task. Missed: the call never connected (no answer, busy,
 * failed, canceled), or it completed without an agent and without a voicemail. Pure.
 */
export function missedCallReason(status: FinalCallStatus, facts: CallOutcomeFacts): MissedCallReason | null {
  switch (status) {
    case 'no-answer':
    case 'busy':
    case 'failed':
    case 'canceled':
      return status;
    case 'completed':
      return facts.bridged || facts.voicemail ? null : 'abandoned';
  }
}
