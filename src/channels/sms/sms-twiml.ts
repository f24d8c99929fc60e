import twilio from 'twilio';

/** The answer to an inbound message: the automatic reply, or nothing. */
export function smsTwiml(reply: string | undefined): string {
  const response = new twilio.twiml.MessagingResponse();
  if (reply) response.message(reply);
  return response.toString();
}
