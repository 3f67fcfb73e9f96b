import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeDominantColours, encodeDominantColours, openFeatureCaches, openVectorCache, VectorCache } from './feature-cache';

const DIMS = 20;
/** 32 bytes of SHA-256 plus 20 float32 values. */
const RECORD_BYTES = 32 + DIMS * 4;

const sha256Of = (text: string): string => createHash('sha256').update(text).digest('hex');

function vectorOf(seed: number, dims = DIMS): Float32Array {
  return Float32Array.from({ length: dims }, (_, i) => Math.sin(seed * 31 + i));
}

function batchOf(seeds: number[]): { sha256: string; vector: Float32Array }[] {
  return seeds.map((seed) => ({ sha256: sha256Of(`image ${seed}`), vector: vectorOf(seed) }));
}

function expectVector(actual: Float32Array | undefined, expected: Float32Array): void {
  expect(actual).toBeDefined();
  expect([...actual!]).toEqual([...expected]);
}

describe('VectorCache', () => {
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

  const openCache = (): VectorCache => new VectorCache(folder, 'recipe-a', DIMS);

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
    expectVector(cache.get(batch[0].sha256), vectorOf(1));
  });

  it('returns the same vectors after reopening', () => {
    const first = openCache();
    first.append(batchOf([1, 2, 3]));
    first.append(batchOf([4]));
    expect(fs.statSync(cacheFile).size).toBe(4 * RECORD_BYTES);

    const reopened = openCache();
    expect(reopened.size).toBe(4);
    for (const seed of [1, 2, 3, 4]) {
      const vector = reopened.get(sha256Of(`image ${seed}`));
      expectVector(vector, vectorOf(seed));
      expect(vector!.length).toBe(DIMS);
    }
  });

  it('round-trips 2048 dimensions', () => {
    const vector = vectorOf(5, 2048);
    const sha256 = sha256Of('large');
    new VectorCache(folder, 'large', 2048).append([{ sha256, vector }]);

    const reopened = new VectorCache(folder, 'large', 2048);
    expectVector(reopened.get(sha256), vector);
    expect(fs.statSync(path.join(folder, 'features', 'large.bin')).size).toBe(32 + 2048 * 4);
  });

  it('writes a vector given as a view into a larger buffer', () => {
    const backing = new Float32Array(100).map((_, i) => i);
    const vector = backing.subarray(50, 50 + DIMS);
    openCache().append([{ sha256: sha256Of('view'), vector }]);

    expectVector(openCache().get(sha256Of('view')), vector);
  });

  it('rejects vectors of the wrong length', () => {
    const short = new Float32Array(100).subarray(0, 2);
    const cache = openCache();

    expect(() => cache.append([{ sha256: sha256Of('short'), vector: short }])).toThrow('has 2 values, expected 20');
    expect(fs.existsSync(cacheFile)).toBe(false);
  });

  it('drops a partial record and truncates the file', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    openCache().append(batchOf([1, 2, 3]));
    fs.truncateSync(cacheFile, 3 * RECORD_BYTES - 5);

    const reopened = openCache();
    expect(reopened.size).toBe(2);
    expectVector(reopened.get(sha256Of('image 1')), vectorOf(1));
    expectVector(reopened.get(sha256Of('image 2')), vectorOf(2));
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
    for (const seed of [1, 2, 3, 4]) expectVector(reopened.get(sha256Of(`image ${seed}`)), vectorOf(seed));
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
    cache.append([{ sha256, vector: vectorOf(1) }]);
    cache.append([{ sha256, vector: vectorOf(2) }]);
    expectVector(cache.get(sha256), vectorOf(2));

    const reopened = openCache();
    expect(reopened.size).toBe(1);
    expectVector(reopened.get(sha256), vectorOf(2));
  });

  it('keeps each recipe in its own file', () => {
    openCache().append(batchOf([1]));
    const other = new VectorCache(folder, 'recipe-b', DIMS);
    expect(other.size).toBe(0);
    other.append(batchOf([2]));

    expect(openCache().size).toBe(1);
    expect(fs.readdirSync(path.join(folder, 'features')).sort()).toEqual(['recipe-a.bin', 'recipe-b.bin']);
  });

  it('names each feature file by its recipe', () => {
    const colour = openVectorCache(folder, 'colour');
    const look = openVectorCache(folder, 'look');
    expect(path.basename(colour.file)).toMatch(/^colour-[0-9a-f]{12}\.bin$/);
    expect(path.basename(look.file)).toMatch(/^look-[0-9a-f]{12}\.bin$/);
    expect(look.dims).toBe(2048);
  });

  it('returns the features only when all are cached', () => {
    const caches = openFeatureCaches(folder);
    const sha256 = sha256Of('photo');
    caches.look.append([{ sha256, vector: vectorOf(1, caches.look.dims) }]);
    caches.colour.append([{ sha256, vector: vectorOf(2, caches.colour.dims) }]);
    expect(caches.get(sha256)).toBeUndefined();

    caches.dominant.append([{ sha256, vector: encodeDominantColours(['#102030']) }]);
    expect(caches.get(sha256)?.colours).toEqual(['#102030']);
    expectVector(caches.get(sha256)?.colour, vectorOf(2, caches.colour.dims));
    expectVector(caches.get(sha256)?.look, vectorOf(1, caches.look.dims));
  });
});

describe('dominant colour encoding', () => {
  it('round-trips up to three colours', () => {
    for (const colours of [[], ['#1e3cc8'], ['#c81414', '#1414c8', '#ffffff']]) {
      expect(decodeDominantColours(encodeDominantColours(colours))).toEqual(colours);
    }
  });
});
