import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FeatureCache, type ImageFeatures } from './feature-cache';

const COLOUR_DIMS = 8;
const LOOK_DIMS = 12;
/** 32 bytes of SHA-256 plus (8 + 12) float32 values. */
const RECORD_BYTES = 32 + (COLOUR_DIMS + LOOK_DIMS) * 4;

const sha256Of = (text: string): string => createHash('sha256').update(text).digest('hex');

function featuresOf(seed: number, colourDims = COLOUR_DIMS, lookDims = LOOK_DIMS): ImageFeatures {
  return {
    colour: Float32Array.from({ length: colourDims }, (_, i) => Math.sin(seed * 31 + i)),
    look: Float32Array.from({ length: lookDims }, (_, i) => Math.cos(seed * 17 + i) * 0.1),
  };
}

function batchOf(seeds: number[]): { sha256: string; features: ImageFeatures }[] {
  return seeds.map((seed) => ({ sha256: sha256Of(`image ${seed}`), features: featuresOf(seed) }));
}

function expectFeatures(actual: ImageFeatures | undefined, expected: ImageFeatures): void {
  expect(actual).toBeDefined();
  expect([...actual!.colour]).toEqual([...expected.colour]);
  expect([...actual!.look]).toEqual([...expected.look]);
}

describe('FeatureCache', () => {
  let folder: string;
  let cacheFile: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lookalike-cache-'));
    cacheFile = path.join(folder, 'features', 'recipe-a.bin');
  });

  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const openCache = (): FeatureCache => new FeatureCache(folder, 'recipe-a', COLOUR_DIMS, LOOK_DIMS);

  it('starts empty without a file', () => {
    const cache = openCache();
    expect(cache.size).toBe(0);
    expect(cache.has(sha256Of('image 1'))).toBe(false);
    expect(cache.get(sha256Of('image 1'))).toBeUndefined();
    expect(fs.existsSync(path.join(folder, 'features'))).toBe(true);
  });

  it('returns appended vectors at once', () => {
    const cache = openCache();
    const batch = batchOf([1, 2]);
    cache.append(batch);

    expect(cache.size).toBe(2);
    expect(cache.has(batch[1].sha256)).toBe(true);
    expectFeatures(cache.get(batch[0].sha256), featuresOf(1));
  });

  it('returns the same vectors after reopening', () => {
    const first = openCache();
    first.append(batchOf([1, 2, 3]));
    first.append(batchOf([4]));
    expect(fs.statSync(cacheFile).size).toBe(4 * RECORD_BYTES);

    const reopened = openCache();
    expect(reopened.size).toBe(4);
    for (const seed of [1, 2, 3, 4]) {
      const features = reopened.get(sha256Of(`image ${seed}`));
      expectFeatures(features, featuresOf(seed));
      expect(features!.colour.length).toBe(COLOUR_DIMS);
      expect(features!.look.length).toBe(LOOK_DIMS);
    }
  });

  it('round-trips 512 + 2048 dimensions', () => {
    const features = featuresOf(5, 512, 2048);
    const sha256 = sha256Of('large');
    new FeatureCache(folder, 'large', 512, 2048).append([{ sha256, features }]);

    const reopened = new FeatureCache(folder, 'large', 512, 2048);
    expectFeatures(reopened.get(sha256), features);
    expect(fs.statSync(path.join(folder, 'features', 'large.bin')).size).toBe(32 + (512 + 2048) * 4);
  });

  it('writes a vector given as a view into a larger buffer', () => {
    const backing = new Float32Array(100).map((_, i) => i);
    const features = { colour: backing.subarray(10, 10 + COLOUR_DIMS), look: backing.subarray(50, 50 + LOOK_DIMS) };
    openCache().append([{ sha256: sha256Of('view'), features }]);

    expectFeatures(openCache().get(sha256Of('view')), features);
  });

  it('rejects vectors of the wrong length', () => {
    const backing = new Float32Array(100);
    const short = { colour: backing.subarray(0, 2), look: backing.subarray(50, 50 + LOOK_DIMS) };
    const cache = openCache();

    expect(() => cache.append([{ sha256: sha256Of('short'), features: short }])).toThrow('have 2+12 values, expected 8+12');
    expect(fs.existsSync(cacheFile)).toBe(false);
  });

  it('drops a partial record and truncates the file', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    openCache().append(batchOf([1, 2, 3]));
    fs.truncateSync(cacheFile, 3 * RECORD_BYTES - 5);

    const reopened = openCache();
    expect(reopened.size).toBe(2);
    expectFeatures(reopened.get(sha256Of('image 1')), featuresOf(1));
    expectFeatures(reopened.get(sha256Of('image 2')), featuresOf(2));
    expect(reopened.has(sha256Of('image 3'))).toBe(false);
    expect(fs.statSync(cacheFile).size).toBe(2 * RECORD_BYTES);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0][0]).toContain('partial record');
  });

  it('keeps appends aligned after dropping a partial record', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    openCache().append(batchOf([1, 2, 3]));
    fs.truncateSync(cacheFile, 3 * RECORD_BYTES - 5);

    openCache().append(batchOf([3, 4]));
    const reopened = openCache();
    expect(reopened.size).toBe(4);
    for (const seed of [1, 2, 3, 4]) expectFeatures(reopened.get(sha256Of(`image ${seed}`)), featuresOf(seed));
    expect(fs.statSync(cacheFile).size).toBe(4 * RECORD_BYTES);
  });

  it('drops a record cut inside its hash', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    openCache().append(batchOf([1, 2]));
    fs.truncateSync(cacheFile, RECORD_BYTES + 10);

    expect(openCache().size).toBe(1);
    expect(fs.statSync(cacheFile).size).toBe(RECORD_BYTES);
  });

  it('does not write an empty batch', () => {
    openCache().append([]);
    expect(fs.existsSync(cacheFile)).toBe(false);
  });

  it('keeps the later record of a repeated hash', () => {
    const sha256 = sha256Of('same photo');
    const cache = openCache();
    cache.append([{ sha256, features: featuresOf(1) }]);
    cache.append([{ sha256, features: featuresOf(2) }]);
    expectFeatures(cache.get(sha256), featuresOf(2));

    const reopened = openCache();
    expect(reopened.size).toBe(1);
    expectFeatures(reopened.get(sha256), featuresOf(2));
  });

  it('keeps each recipe in its own file', () => {
    openCache().append(batchOf([1]));
    const other = new FeatureCache(folder, 'recipe-b', COLOUR_DIMS, LOOK_DIMS);
    expect(other.size).toBe(0);
    other.append(batchOf([2]));

    expect(openCache().size).toBe(1);
    expect(fs.readdirSync(path.join(folder, 'features')).sort()).toEqual(['recipe-a.bin', 'recipe-b.bin']);
  });
});
