import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EMBEDDING_SIZE, EMBEDDING_VERSION } from '../../src/features/embedding';
import { HSV_HISTOGRAM_SIZE, HSV_HISTOGRAM_VERSION } from '../../src/features/hsv-histogram';

/** Feature vectors of one image. */
export interface ImageFeatures {
  colour: Float32Array;
  look: Float32Array;
}

const HASH_BYTES = 32;

/**
 * Feature vectors keyed by the SHA-256 of the image file, kept in one
 * append-only file per feature recipe. Each computed batch is appended at
 * once, so an interrupted build keeps its work and a rebuild after adding
 * photos computes only the new ones. A record cut short by a crash is
 * dropped when the file is opened.
 */
export class FeatureCache {
  private readonly entries = new Map<string, ImageFeatures>();
  private readonly recordBytes: number;
  private readonly file: string;

  constructor(cacheDir: string, recipe: string, private readonly colourDims: number, private readonly lookDims: number) {
    this.recordBytes = HASH_BYTES + (colourDims + lookDims) * 4;
    this.file = path.join(cacheDir, 'features', `${recipe}.bin`);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.load();
  }

  get size(): number {
    return this.entries.size;
  }

  get(sha256: string): ImageFeatures | undefined {
    return this.entries.get(sha256);
  }

  has(sha256: string): boolean {
    return this.entries.has(sha256);
  }

  /** Appends a batch. A failed write (a full disk, say) throws and leaves earlier records intact. */
  append(batch: { sha256: string; features: ImageFeatures }[]): void {
    if (batch.length === 0) return;

    const buffer = Buffer.alloc(batch.length * this.recordBytes);
    batch.forEach(({ sha256, features }, n) => {
      if (features.colour.length !== this.colourDims || features.look.length !== this.lookDims) {
        throw new Error(`Features of ${sha256} have ${features.colour.length}+${features.look.length} values, expected ${this.colourDims}+${this.lookDims}.`);
      }
      const offset = n * this.recordBytes;
      buffer.write(sha256, offset, HASH_BYTES, 'hex');
      Buffer.from(features.colour.buffer, features.colour.byteOffset, this.colourDims * 4).copy(buffer, offset + HASH_BYTES);
      Buffer.from(features.look.buffer, features.look.byteOffset, this.lookDims * 4).copy(buffer, offset + HASH_BYTES + this.colourDims * 4);
    });

    fs.appendFileSync(this.file, buffer);
    for (const { sha256, features } of batch) this.entries.set(sha256, features);
  }

  private load(): void {
    if (!fs.existsSync(this.file)) return;

    const bytes = fs.readFileSync(this.file);
    const whole = Math.floor(bytes.length / this.recordBytes);
    for (let n = 0; n < whole; n++) {
      const offset = n * this.recordBytes;
      const sha256 = bytes.toString('hex', offset, offset + HASH_BYTES);
      const vectors = new Float32Array(bytes.buffer.slice(
        bytes.byteOffset + offset + HASH_BYTES,
        bytes.byteOffset + offset + this.recordBytes,
      ));
      this.entries.set(sha256, {
        colour: vectors.subarray(0, this.colourDims),
        look: vectors.subarray(this.colourDims),
      });
    }

    if (whole * this.recordBytes !== bytes.length) {
      console.warn(`Feature cache ${this.file} ended in a partial record (an interrupted build); dropping it.`);
      fs.truncateSync(this.file, whole * this.recordBytes);
    }
  }
}

/** Opens the cache of the current feature recipes, so a recipe change starts a new file. */
export function openFeatureCache(cacheDir: string): FeatureCache {
  const recipe = createHash('sha256').update([HSV_HISTOGRAM_VERSION, EMBEDDING_VERSION].join('|')).digest('hex').slice(0, 12);
  return new FeatureCache(cacheDir, `features-${recipe}`, HSV_HISTOGRAM_SIZE, EMBEDDING_SIZE);
}
