import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HASH_DISTANCE } from './near-duplicates';
import { hammingDistance, hashGreyscale32, hashImageFile, popcount32, type PhotoHash } from './perceptual-hash';

/** The real Myntra catalog photos, beside the repository and read-only. */
const IMAGES_DIR = fileURLToPath(new URL('../../../shared/datasets/myntra-small/images/', import.meta.url));
const SHIRT = path.join(IMAGES_DIR, '15970.jpg');
const JEANS = path.join(IMAGES_DIR, '39386.jpg');
const WATCH = path.join(IMAGES_DIR, '59263.jpg');

/** Two unrelated 64-bit hashes differ in about 32 bits, and 20 is far beyond what a copy of one photo reaches. */
const LARGE_DISTANCE = 20;

describe('popcount32 and hammingDistance', () => {
  it('counts set bits', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    expect(popcount32(0x12345678)).toBe(13);
  });

  it('adds the distances of both halves', () => {
    expect(hammingDistance({ high: 0, low: 0 }, { high: 0xffffffff, low: 0xffffffff })).toBe(64);
    expect(hammingDistance({ high: 0xf0000000, low: 1 }, { high: 0x70000000, low: 3 })).toBe(2);
    expect(hammingDistance({ high: 0x12345678, low: 0x9abcdef0 }, { high: 0x12345678, low: 0x9abcdef0 })).toBe(0);
  });
});

describe('hashGreyscale32', () => {
  it('sets half the bits of a textured image', () => {
    const pixels = Uint8Array.from({ length: 1024 }, (_, i) => (i * 37 + (i >> 5) * 11) % 256);
    const hash = hashGreyscale32(pixels);

    expect(popcount32(hash.high) + popcount32(hash.low)).toBe(32);
  });

  it('ignores the mean brightness', () => {
    const pixels = Uint8Array.from({ length: 1024 }, (_, i) => 40 + ((i % 32) * (i >> 5)) % 150);
    const brighter = pixels.map((value) => value + 50);

    expect(hashGreyscale32(brighter)).toEqual(hashGreyscale32(pixels));
  });

  it('rejects an image that is not 32×32', () => {
    expect(() => hashGreyscale32(new Uint8Array(100))).toThrow('expects 1024 pixels, got 100');
  });
});

describe('hashImageFile on catalog photos', () => {
  let folder: string;

  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lookalike-phash-'));
  });

  afterAll(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function hashEdited(file: string, name: string, edit: (image: Sharp) => Sharp): Promise<PhotoHash> {
    const edited = path.join(folder, name);
    await edit(sharp(file)).toFile(edited);
    return hashImageFile(edited);
  }

  it('gives a copy of a photo distance 0', async () => {
    const copy = path.join(folder, 'copy.jpg');
    fs.copyFileSync(SHIRT, copy);
    const original = await hashImageFile(SHIRT);

    expect(hammingDistance(original, await hashImageFile(copy))).toBe(0);
    expect(original.width).toBe(60);
    expect(original.height).toBe(80);
    expect(original.greyscale.length).toBe(32 * 32);
  });

  it('keeps a resized JPEG at quality 40 within the grouping distance', async () => {
    for (const file of [SHIRT, WATCH]) {
      const original = await hashImageFile(file);
      const smaller = await hashEdited(file, 'smaller.jpg', (image) => image.resize(45, 60).jpeg({ quality: 40 }));
      const larger = await hashEdited(file, 'larger.jpg', (image) => image.resize(120, 160).jpeg({ quality: 40 }));

      expect(smaller.width).toBe(45);
      expect(hammingDistance(original, smaller)).toBeLessThanOrEqual(MAX_HASH_DISTANCE);
      expect(hammingDistance(original, larger)).toBeLessThanOrEqual(MAX_HASH_DISTANCE);
    }
  });

  it('separates photos of different article types', async () => {
    const [shirt, jeans, watch] = await Promise.all([SHIRT, JEANS, WATCH].map(hashImageFile));

    expect(hammingDistance(shirt, jeans)).toBeGreaterThan(LARGE_DISTANCE);
    expect(hammingDistance(shirt, watch)).toBeGreaterThan(LARGE_DISTANCE);
    expect(hammingDistance(jeans, watch)).toBeGreaterThan(LARGE_DISTANCE);
  });

  it('separates a flipped or inverted photo', async () => {
    const original = await hashImageFile(SHIRT);
    const upsideDown = await hashEdited(SHIRT, 'flip.jpg', (image) => image.flip().jpeg({ quality: 90 }));
    const mirrored = await hashEdited(SHIRT, 'flop.jpg', (image) => image.flop().jpeg({ quality: 90 }));
    const inverted = await hashEdited(SHIRT, 'negate.jpg', (image) => image.negate({ alpha: false }).jpeg({ quality: 90 }));

    expect(hammingDistance(original, upsideDown)).toBeGreaterThan(LARGE_DISTANCE);
    expect(hammingDistance(original, mirrored)).toBeGreaterThan(LARGE_DISTANCE);
    // Inverting negates every coefficient and the median, so every bit flips.
    expect(hammingDistance(original, inverted)).toBe(64);
  });

  it('rejects a truncated photo', async () => {
    const truncated = path.join(folder, 'truncated.jpg');
    fs.writeFileSync(truncated, fs.readFileSync(SHIRT).subarray(0, 600));

    await expect(hashImageFile(truncated)).rejects.toThrow();
  });
});
