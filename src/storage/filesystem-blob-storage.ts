import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobStorage, BlobTooLargeError, StoredBlob } from './blob-storage';

const KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

/**
 * Blobs as files under one directory, written to a temporary name and renamed when complete, so a
 * crash or an oversize upload never leaves a partial file under a real key.
 */
export class FilesystemBlobStorage extends BlobStorage {
  constructor(
    private readonly root: string,
    private readonly maxBytes: number,
  ) {
    super();
  }

  async put(data: Buffer | Readable): Promise<StoredBlob> {
    const id = randomUUID();
    const key = `${id.slice(0, 2)}/${id}`;
    const dir = join(this.root, id.slice(0, 2));
    await mkdir(dir, { recursive: true });
    const temporary = join(dir, `.${id}.partial`);
    const hash = createHash('sha256');
    let size = 0;
    const maxBytes = this.maxBytes;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > maxBytes) return callback(new BlobTooLargeError(maxBytes));
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    // The file is opened before anything is written, so on failure it exists and is closed before
    // it is removed: a stream still opening could otherwise re-create it after the removal.
    const file = await open(temporary, 'wx');
    try {
      await pipeline(Buffer.isBuffer(data) ? Readable.from([data]) : data, meter, file.createWriteStream());
      await rename(temporary, join(this.root, key));
    } catch (error) {
      await file.close().catch(() => undefined);
      await rm(temporary, { force: true });
      throw error;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  async open(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    await stat(path);
    return createReadStream(path);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a storage key: ${key}`);
    return join(this.root, key);
  }
}
