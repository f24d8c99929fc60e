import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { BlobTooLargeError } from './blob-storage';
import { FilesystemBlobStorage } from './filesystem-blob-storage';

describe('FilesystemBlobStorage', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'blobs-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores and reads back bytes with their size and sha256', async () => {
    const storage = new FilesystemBlobStorage(root, 1024);
    const blob = await storage.put(Buffer.from('見積書 PDF'));
    expect(blob.size).toBe(Buffer.byteLength('見積書 PDF'));
    expect(blob.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await text(await storage.open(blob.key))).toBe('見積書 PDF');
  });

  it('refuses a stream over the limit and leaves no file behind', async () => {
    const storage = new FilesystemBlobStorage(root, 10);
    await expect(storage.put(Readable.from([Buffer.alloc(6), Buffer.alloc(6)]))).rejects.toBeInstanceOf(BlobTooLargeError);
    const dirs = await readdir(root);
    for (const dir of dirs) expect(await readdir(join(root, dir))).toEqual([]);
  });

  it('refuses keys that would escape its directory', async () => {
    const storage = new FilesystemBlobStorage(root, 10);
    await expect(storage.open('../../etc/passwd')).rejects.toThrow('not a storage key');
  });
});
