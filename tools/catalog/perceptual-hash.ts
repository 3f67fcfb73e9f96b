import sharp from 'sharp';
import { flattenOnWhite, type RgbaImage } from '../../src/features/rgba-image';
import { decodeImageFile } from './decode-image';

/** Bumped when the hash recipe changes, so cached hashes of the old recipe are not reused. */
export const PERCEPTUAL_HASH_VERSION = 'phash-dct32-8x8-v1';

/** A 64-bit perceptual hash as two unsigned 32-bit halves, since JavaScript bitwise operators work on 32 bits. */
export interface PerceptualHash {
  high: number;
  low: number;
}

/** The perceptual hash of a photo, the photo's size in pixels and the 32×32 greyscale pixels the hash was computed from. */
export interface PhotoHash extends PerceptualHash {
  width: number;
  height: number;
  greyscale: Uint8Array;
}

/** Side of the greyscale image the DCT runs on, in pixels. */
export const HASH_INPUT_SIZE = 32;
const SIZE = HASH_INPUT_SIZE;
const BLOCK = 8;

/**
 * DCT-II basis for frequencies 1 to 8 over 32 samples: `COSINES[(k - 1) * 32 + n]`
 * is cos(π (2n + 1) k / 64). The orthonormal scale factor is left out because
 * it is the same for every coefficient used, so it does not move any
 * coefficient across the median.
 */
const COSINES = (() => {
  const table = new Float64Array(BLOCK * SIZE);
  for (let k = 1; k <= BLOCK; k++) {
    for (let n = 0; n < SIZE; n++) table[(k - 1) * SIZE + n] = Math.cos((Math.PI * (2 * n + 1) * k) / (2 * SIZE));
  }
  return table;
})();

/** Counts the set bits of a 32-bit integer (SWAR popcount). */
export function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Counts the bits in which two hashes differ, 0 to 64. */
export function hammingDistance(a: PerceptualHash, b: PerceptualHash): number {
  return popcount32(a.high ^ b.high) + popcount32(a.low ^ b.low);
}

/** Converts RGBA pixels, composited onto white, to 8-bit luma with the Rec. 601 weights (the Y of JPEG's YCbCr). */
function toLuma(image: RgbaImage): Uint8Array {
  const flat = flattenOnWhite(image).data;
  const luma = new Uint8Array(image.width * image.height);
  for (let i = 0, p = 0; p < luma.length; i += 4, p++) {
    luma[p] = Math.round(0.299 * flat[i] + 0.587 * flat[i + 1] + 0.114 * flat[i + 2]);
  }
  return luma;
}

/**
 * Sets one bit per coefficient of the 8×8 block, row by row, to whether the
 * coefficient exceeds the block's median. Bit 63 (the top bit of `high`) is
 * the first coefficient.
 */
function packBits(coefficients: Float64Array): PerceptualHash {
  const sorted = Float64Array.from(coefficients).sort();
  const median = (sorted[31] + sorted[32]) / 2;
  let high = 0;
  let low = 0;
  for (let i = 0; i < 32; i++) {
    if (coefficients[i] > median) high |= 1 << (31 - i);
    if (coefficients[32 + i] > median) low |= 1 << (31 - i);
  }
  return { high: high >>> 0, low: low >>> 0 };
}

/**
 * Computes the 64-bit DCT perceptual hash (pHash) of 32×32 greyscale pixels.
 * As in the reference pHash library (phash.org, `ph_dct_imagehash`) the hash
 * keeps the 8×8 lowest frequencies without the DC term, that is, vertical and
 * horizontal frequencies 1 to 8. Leaving out row and column 0 drops the mean
 * brightness and the coefficients that depend on only one axis' DC.
 */
export function hashGreyscale32(pixels: Uint8Array): PerceptualHash {
  if (pixels.length !== SIZE * SIZE) throw new Error(`hashGreyscale32 expects ${SIZE * SIZE} pixels, got ${pixels.length}.`);

  // Separable DCT-II: first along each row (horizontal frequency u), then down the columns (vertical frequency v).
  const rows = new Float64Array(SIZE * BLOCK);
  for (let y = 0; y < SIZE; y++) {
    for (let u = 0; u < BLOCK; u++) {
      let sum = 0;
      for (let x = 0; x < SIZE; x++) sum += pixels[y * SIZE + x] * COSINES[u * SIZE + x];
      rows[y * BLOCK + u] = sum;
    }
  }

  const coefficients = new Float64Array(BLOCK * BLOCK);
  for (let v = 0; v < BLOCK; v++) {
    for (let u = 0; u < BLOCK; u++) {
      let sum = 0;
      for (let y = 0; y < SIZE; y++) sum += rows[y * BLOCK + u] * COSINES[v * SIZE + y];
      coefficients[v * BLOCK + u] = sum;
    }
  }
  return packBits(coefficients);
}

/** Converts decoded pixels to greyscale and resizes them to 32×32 with sharp (Lanczos 3, aspect ratio ignored). */
export async function toGreyscale32(image: RgbaImage): Promise<Uint8Array> {
  const pixels = await sharp(toLuma(image), { raw: { width: image.width, height: image.height, channels: 1 } })
    .resize(SIZE, SIZE, { fit: 'fill' })
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length);
}

/** Decodes a photo with sharp and returns its perceptual hash, size and 32×32 greyscale pixels. Rejects files that fail to decode. */
export async function hashImageFile(file: string): Promise<PhotoHash> {
  const image = await decodeImageFile(file);
  const greyscale = await toGreyscale32(image);
  return { ...hashGreyscale32(greyscale), width: image.width, height: image.height, greyscale };
}
