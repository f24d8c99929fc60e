/** One API message to send (already cut at a segment boundary). */
export interface OutgoingSms {
  from: string;
  to: string;
  body: string;
  statusCallback: string;
}

export interface AcceptedSms {
  /** Twilio's MessageSid, which its status callbacks name. */
  sid: string;
  status: string;
}

/**
 * Sends text messages. Rejects with PermanentSendError when the provider refused the message for
 * good (4xx), with any other error when it may work later (5xx, timeouts: the job retries).
 */
export abstract class SmsGateway {
  abstract send(sms: OutgoingSms): Promise<AcceptedSms>;
}
