import { Readable } from 'node:stream';
import { BlobStorage, StoredBlob } from '../../src/storage/blob-storage';

/** Blob storage in memory; `removed` lists the keys removed, in order. */
export class FakeBlobStorage extends BlobStorage {
  readonly blobs = new Map<string, Buffer>();
  readonly removed: string[] = [];
  private next = 0;

  put(data: Buffer | Readable): Promise<StoredBlob> {
    if (!Buffer.isBuffer(data)) return Promise.reject(new Error('FakeBlobStorage takes buffers only'));
    const key = `blob-${++this.next}`;
    this.blobs.set(key, data);
    return Promise.resolve({ key, size: data.length, sha256: 'f'.repeat(64) });
  }

  /** A blob as an adapter would have written it before intake. */
  stored(): StoredBlob {
    const key = `blob-${++this.next}`;
    this.blobs.set(key, Buffer.from('x'));
    return { key, size: 1, sha256: 'f'.repeat(64) };
  }

  open(key: string): Promise<Readable> {
    const blob = this.blobs.get(key);
    return blob ? Promise.resolve(Readable.from(blob)) : Promise.reject(new Error(`no blob ${key}`));
  }

  remove(key: string): Promise<void> {
    this.blobs.delete(key);
    this.removed.push(key);
    return Promise.resolve();
  }
}
