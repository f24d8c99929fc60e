import type { Readable } from 'node:stream';

export interface StoredBlob {
  /** Opaque key to read the blob back. */
  key: string;
  size: number;
  sha256: string;
}

/** Where attachments, recordings and fax documents live; never in log lines or table rows. */
export abstract class BlobStorage {
  /** Stores the bytes; rejects with BlobTooLargeError past the configured limit (nothing is left behind). */
  abstract put(data: Buffer | Readable): Promise<StoredBlob>;
  abstract open(key: string): Promise<Readable>;
  abstract remove(key: string): Promise<void>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the file is larger than ${limitBytes} bytes`);
    this.name = 'BlobTooLargeError';
  }
}
