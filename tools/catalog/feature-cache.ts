import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EMBEDDING_SIZE, EMBEDDING_VERSION } from '../../src/features/embedding';
import { HSV_HISTOGRAM_SIZE, HSV_HISTOGRAM_VERSION } from '../../src/features/hsv-histogram';
import { PRODUCT_COLOUR_SIZE, PRODUCT_COLOUR_VERSION } from '../../src/features/product-colour';
import { AUGMENT_RECIPE_VERSION } from './augment-photo';

/** Feature vectors of one image. */
export interface ImageFeatures {
  colour: Float32Array;
  look: Float32Array;
  /** Dominant colours of the product as `#rrggbb`. */
  colours: string[];
}

const HASH_BYTES = 32;

/**
 * Vectors of one feature recipe keyed by the SHA-256 of the image file, in
 * one append-only file. Each computed batch is appended at once, so an
 * interrupted build keeps its work and a rebuild after adding photos
 * computes only the new ones. A record cut short by a crash is dropped when
 * the file is opened.
 */
export class VectorCache {
  private readonly entries = new Map<string, Float32Array>();
  private readonly recordBytes: number;
  readonly file: string;

  constructor(cacheDir: string, name: string, readonly dims: number) {
    this.recordBytes = HASH_BYTES + dims * 4;
    this.file = path.join(cacheDir, 'features', `${name}.bin`);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.load();
  }

  get size(): number {
    return this.entries.size;
  }

  get(sha256: string): Float32Array | undefined {
    return this.entries.get(sha256);
  }

  has(sha256: string): boolean {
    return this.entries.has(sha256);
  }

  /** Appends a batch. A failed write (a full disk, say) throws and leaves earlier records intact. */
  append(batch: { sha256: string; vector: Float32Array }[]): void {
    if (batch.length === 0) return;

    const buffer = Buffer.alloc(batch.length * this.recordBytes);
    batch.forEach(({ sha256, vector }, n) => {
      if (vector.length !== this.dims) {
        throw new Error(`Vector of ${sha256} has ${vector.length} values, expected ${this.dims}.`);
      }
      const offset = n * this.recordBytes;
      buffer.write(sha256, offset, HASH_BYTES, 'hex');
      Buffer.from(vector.buffer, vector.byteOffset, this.dims * 4).copy(buffer, offset + HASH_BYTES);
    });

    fs.appendFileSync(this.file, buffer);
    for (const { sha256, vector } of batch) this.entries.set(sha256, vector);
  }

  private load(): void {
    if (!fs.existsSync(this.file)) return;

    const bytes = fs.readFileSync(this.file);
    const whole = Math.floor(bytes.length / this.recordBytes);
    for (let n = 0; n < whole; n++) {
      const offset = n * this.recordBytes;
      const sha256 = bytes.toString('hex', offset, offset + HASH_BYTES);
      this.entries.set(sha256, new Float32Array(bytes.buffer.slice(
        bytes.byteOffset + offset + HASH_BYTES,
        bytes.byteOffset + offset + this.recordBytes,
      )));
    }

    if (whole * this.recordBytes !== bytes.length) {
      console.warn(`Feature cache ${this.file} ended in a partial record (an interrupted build); dropping it.`);
      fs.truncateSync(this.file, whole * this.recordBytes);
    }
  }
}

/** The cached features: the catalog's two views, and the whole-frame histogram the evaluation compares against. */
const RECIPES = {
  colour: { version: PRODUCT_COLOUR_VERSION, dims: PRODUCT_COLOUR_SIZE },
  look: { version: EMBEDDING_VERSION, dims: EMBEDDING_SIZE },
  'plain-colour': { version: HSV_HISTOGRAM_VERSION, dims: HSV_HISTOGRAM_SIZE },
  /** Look vectors of augmented copies of catalog photos (augmentPhoto), keyed by the catalog photo's SHA-256. */
  'augmented-look': { version: `${EMBEDDING_VERSION}+${AUGMENT_RECIPE_VERSION}`, dims: EMBEDDING_SIZE },
  /** Up to 3 dominant colours as RGB triples, −1 where there are fewer (see encodeDominantColours). */
  'dominant-colours': { version: `dominant-${PRODUCT_COLOUR_VERSION}`, dims: 9 },
} as const;

export type CachedFeature = keyof typeof RECIPES;

/** Opens the cache of a feature's current recipe; the file name carries a hash of the recipe, so a change starts a new file. */
export function openVectorCache(cacheDir: string, feature: CachedFeature): VectorCache {
  const { version, dims } = RECIPES[feature];
  const recipe = createHash('sha256').update(version).digest('hex').slice(0, 12);
  return new VectorCache(cacheDir, `${feature}-${recipe}`, dims);
}

export interface FeatureCaches {
  colour: VectorCache;
  look: VectorCache;
  dominant: VectorCache;
  /** Everything the catalog stores of a photo, or undefined unless all of it is cached. */
  get(sha256: string): ImageFeatures | undefined;
}

export function openFeatureCaches(cacheDir: string): FeatureCaches {
  const colour = openVectorCache(cacheDir, 'colour');
  const look = openVectorCache(cacheDir, 'look');
  const dominant = openVectorCache(cacheDir, 'dominant-colours');
  return {
    colour,
    look,
    dominant,
    get(sha256) {
      const colourVector = colour.get(sha256);
      const lookVector = look.get(sha256);
      const dominantVector = dominant.get(sha256);
      if (!colourVector || !lookVector || !dominantVector) return undefined;
      return { colour: colourVector, look: lookVector, colours: decodeDominantColours(dominantVector) };
    },
  };
}

/** Packs up to 3 `#rrggbb` colours into the 9 values of the dominant-colours cache. */
export function encodeDominantColours(colours: string[]): Float32Array {
  const vector = new Float32Array(9).fill(-1);
  colours.slice(0, 3).forEach((hex, n) => {
    for (let channel = 0; channel < 3; channel++) vector[n * 3 + channel] = parseInt(hex.slice(1 + channel * 2, 3 + channel * 2), 16);
  });
  return vector;
}

export function decodeDominantColours(vector: Float32Array): string[] {
  const colours: string[] = [];
  for (let n = 0; n < 3 && vector[n * 3] >= 0; n++) {
    colours.push(`#${[0, 1, 2].map((channel) => vector[n * 3 + channel].toString(16).padStart(2, '0')).join('')}`);
  }
  return colours;
}
