export interface OutgoingFax {
  to: string;
  document: { bytes: Buffer; filename: string; contentType: string };
  callbackUrl: string;
}

/** Sends faxes; errors as SmsGateway's (PermanentSendError for a refusal, anything else is retried). */
export abstract class FaxGateway {
  abstract send(fax: OutgoingFax): Promise<{ faxId: string }>;
}
