/**
 * A provider refused a message for good (an invalid number, a rejected recipient): retrying cannot
 * help, so the job stops at once and the message becomes `failed` with this reason.
 */
export class PermanentSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentSendError';
  }
}
