import fs from 'node:fs';
import path from 'node:path';
import { HASH_INPUT_SIZE, hashImageFile, PERCEPTUAL_HASH_VERSION, type PhotoHash } from './perceptual-hash';

const SHA256_BYTES = 32;
const GREYSCALE_BYTES = HASH_INPUT_SIZE * HASH_INPUT_SIZE;
const GREYSCALE_OFFSET = SHA256_BYTES + 4 * 4;
/** SHA-256, then hash high, hash low, width and height as little-endian uint32, then the 32×32 greyscale pixels. */
const RECORD_BYTES = GREYSCALE_OFFSET + GREYSCALE_BYTES;

/** Photos decoded at once. Sharp decodes on its own thread pool, so a few in flight keep the cores busy. */
const HASH_CONCURRENCY = 8;
/** Hashes appended to the cache file per write, so an interrupted run keeps most of its work. */
const APPEND_BATCH = 1000;

/**
 * Perceptual hashes keyed by the SHA-256 of the photo file, kept in one
 * append-only file per hash recipe, so a rebuild does not decode the photos
 * again. A record cut short by a crash is dropped when the file is opened.
 */
export class PerceptualHashCache {
  private readonly entries = new Map<string, PhotoHash>();
  readonly file: string;

  constructor(cacheDir: string, recipe = PERCEPTUAL_HASH_VERSION) {
    this.file = path.join(cacheDir, 'perceptual-hashes', `${recipe}.bin`);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.load();
  }

  get size(): number {
    return this.entries.size;
  }

  get(sha256: string): PhotoHash | undefined {
    return this.entries.get(sha256);
  }

  has(sha256: string): boolean {
    return this.entries.has(sha256);
  }

  /** Appends a batch. A failed write (a full disk, say) throws and leaves earlier records intact. */
  append(batch: { sha256: string; hash: PhotoHash }[]): void {
    if (batch.length === 0) return;

    const buffer = Buffer.alloc(batch.length * RECORD_BYTES);
    batch.forEach(({ sha256, hash }, n) => {
      const offset = n * RECORD_BYTES;
      buffer.write(sha256, offset, SHA256_BYTES, 'hex');
      buffer.writeUInt32LE(hash.high, offset + SHA256_BYTES);
      buffer.writeUInt32LE(hash.low, offset + SHA256_BYTES + 4);
      buffer.writeUInt32LE(hash.width, offset + SHA256_BYTES + 8);
      buffer.writeUInt32LE(hash.height, offset + SHA256_BYTES + 12);
      buffer.set(hash.greyscale, offset + GREYSCALE_OFFSET);
    });

    fs.appendFileSync(this.file, buffer);
    for (const { sha256, hash } of batch) this.entries.set(sha256, hash);
  }

  private load(): void {
    if (!fs.existsSync(this.file)) return;

    const bytes = fs.readFileSync(this.file);
    const whole = Math.floor(bytes.length / RECORD_BYTES);
    for (let n = 0; n < whole; n++) {
      const offset = n * RECORD_BYTES;
      this.entries.set(bytes.toString('hex', offset, offset + SHA256_BYTES), {
        high: bytes.readUInt32LE(offset + SHA256_BYTES),
        low: bytes.readUInt32LE(offset + SHA256_BYTES + 4),
        width: bytes.readUInt32LE(offset + SHA256_BYTES + 8),
        height: bytes.readUInt32LE(offset + SHA256_BYTES + 12),
        greyscale: new Uint8Array(bytes.buffer, bytes.byteOffset + offset + GREYSCALE_OFFSET, GREYSCALE_BYTES),
      });
    }

    if (whole * RECORD_BYTES !== bytes.length) {
      console.warn(`Perceptual hash cache ${this.file} ended in a partial record (an interrupted run); dropping it.`);
      fs.truncateSync(this.file, whole * RECORD_BYTES);
    }
  }
}

export interface PhotoToHash {
  sha256: string;
  file: string;
}

export interface HashRun {
  /** Hash of every photo that decoded, cached or computed in this run. */
  hashes: Map<string, PhotoHash>;
  /** Photos that failed to decode, with the decoder's message. They are not cached, so the next run tries again. */
  failed: { sha256: string; error: string }[];
  /** Photos this run tried to decode: the uncached ones, failures included. */
  computed: number;
}

/**
 * Returns the perceptual hash of each photo, decoding only those not in the
 * cache and appending their hashes to it.
 */
export async function hashPhotos(photos: PhotoToHash[], cache: PerceptualHashCache, onProgress?: (done: number) => void): Promise<HashRun> {
  const run: HashRun = { hashes: new Map(), failed: [], computed: 0 };
  const uncached: PhotoToHash[] = [];
  for (const photo of photos) {
    const cached = cache.get(photo.sha256);
    if (cached) run.hashes.set(photo.sha256, cached);
    else uncached.push(photo);
  }

  let pending: { sha256: string; hash: PhotoHash }[] = [];
  let next = 0;
  const hashNext = async (): Promise<void> => {
    while (next < uncached.length) {
      const { sha256, file } = uncached[next++];
      try {
        const hash = await hashImageFile(file);
        run.hashes.set(sha256, hash);
        pending.push({ sha256, hash });
      } catch (error) {
        run.failed.push({ sha256, error: (error as Error).message });
      }
      run.computed++;
      if (pending.length >= APPEND_BATCH) {
        cache.append(pending);
        pending = [];
      }
      onProgress?.(run.computed);
    }
  };
  await Promise.all(Array.from({ length: HASH_CONCURRENCY }, hashNext));
  cache.append(pending);
  return run;
}
