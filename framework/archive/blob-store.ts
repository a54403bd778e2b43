import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where artifact bodies live, keyed by the sha256 of their content, so the
 * same screenshot from a thousand runs is stored once. An S3-compatible
 * store implements the same three methods.
 */
export interface BlobStore {
  /** Stores the body (once) and returns its hash. */
  put(body: Buffer): Promise<string>;
  get(hash: string): Promise<Buffer | null>;
  has(hash: string): Promise<boolean>;
  /** Where it is, for people. */
  readonly location: string;
}

export function sha256(body: Buffer | string): string {
  return crypto.createHash('sha256').update(body).digest('hex');
}

const HASH = /^[0-9a-f]{64}$/;

/** Blobs as files under a folder (default `.tollgate/artifacts/`), fanned out by the hash's first two characters. */
export class FileBlobStore implements BlobStore {
  constructor(readonly location: string) {}

  async put(body: Buffer): Promise<string> {
    const hash = sha256(body);
    const file = this.file(hash);
    if (fs.existsSync(file)) return hash;
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Write then rename: a reader never sees half a blob, and two writers of the same blob both succeed.
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fs.promises.writeFile(temporary, body);
    await fs.promises.rename(temporary, file);
    return hash;
  }

  async get(hash: string): Promise<Buffer | null> {
    try {
      return await fs.promises.readFile(this.file(hash));
    } catch {
      return null;
    }
  }

  async has(hash: string): Promise<boolean> {
    return fs.existsSync(this.file(hash));
  }

  private file(hash: string): string {
    if (!HASH.test(hash)) throw new Error(`not a sha256 hash: ${hash}`);
    return path.join(this.location, hash.slice(0, 2), hash);
  }
}
