import type { Readable } from 'node:stream';

export interface FetchedMedia {
  /** The type the media host announced (without parameters), or undefined. */
  contentType: string | undefined;
  body: Readable;
}

/** Why a download failed; `retryable` says whether trying again later can help. */
export class MediaFetchError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'MediaFetchError';
  }
}

/**
 * Downloads media Twilio points at (voicemail recordings, MMS images). A port, so tests and other
 * deployments can point it elsewhere; the HTTP implementation authenticates as the account.
 */
export abstract class TwilioMediaFetcher {
  /** Rejects with MediaFetchError. */
  abstract fetch(url: string): Promise<FetchedMedia>;
}
