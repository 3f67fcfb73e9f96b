import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPhotos, PerceptualHashCache } from './perceptual-hash-cache';
import { hashImageFile } from './perceptual-hash';

/** The real Myntra catalog photos, beside the repository and read-only. */
const IMAGES_DIR = fileURLToPath(new URL('../../../shared/datasets/myntra-small/images/', import.meta.url));

describe('PerceptualHashCache', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lookalike-hash-cache-'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const photos = [
    { sha256: 'a'.repeat(64), file: path.join(IMAGES_DIR, '15970.jpg') },
    { sha256: 'b'.repeat(64), file: path.join(IMAGES_DIR, '39386.jpg') },
  ];

  it('reopens with the hashes it computed', async () => {
    const first = await hashPhotos(photos, new PerceptualHashCache(folder));
    expect(first.computed).toBe(2);

    const reopened = new PerceptualHashCache(folder);
    const second = await hashPhotos(photos, reopened);
    expect(second.computed).toBe(0);
    expect(reopened.get(photos[0].sha256)).toEqual(await hashImageFile(photos[0].file));
    expect(second.hashes.get(photos[1].sha256)).toEqual(first.hashes.get(photos[1].sha256));
  });

  it('reports a photo that fails to decode and does not cache it', async () => {
    const broken = path.join(folder, 'broken.jpg');
    fs.writeFileSync(broken, 'not a JPEG');
    const cache = new PerceptualHashCache(folder);
    const run = await hashPhotos([...photos, { sha256: 'c'.repeat(64), file: broken }], cache);

    expect(run.failed.map((failure) => failure.sha256)).toEqual(['c'.repeat(64)]);
    expect(run.failed[0].error).toMatch(/unsupported image format|Input file/);
    expect(cache.has('c'.repeat(64))).toBe(false);
    expect(run.hashes.size).toBe(2);
  });

  it('drops a record cut short by a crash', async () => {
    const cache = new PerceptualHashCache(folder);
    await hashPhotos(photos, cache);
    fs.appendFileSync(cache.file, Buffer.alloc(100, 7));

    const reopened = new PerceptualHashCache(folder);
    expect(reopened.size).toBe(2);
    expect(fs.statSync(cache.file).size).toBe(2 * (32 + 16 + 1024));
  });
});
