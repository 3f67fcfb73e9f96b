import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImageFile } from './decode-image';

/** The real Myntra catalog photos, beside the repository and read-only. */
const IMAGES_DIR = fileURLToPath(new URL('../../../shared/datasets/myntra-small/images/', import.meta.url));
const CATALOG_JPEG = path.join(IMAGES_DIR, '15970.jpg');

describe('decodeImageFile', () => {
  let folder: string;

  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lookalike-decode-'));
  });

  afterAll(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('decodes a catalog JPEG to 60×80 RGBA', async () => {
    const image = await decodeImageFile(CATALOG_JPEG);

    expect(image.width).toBe(60);
    expect(image.height).toBe(80);
    expect(image.data).toBeInstanceOf(Uint8ClampedArray);
    expect(image.data.length).toBe(60 * 80 * 4);

    let opaque = true;
    const levels = new Set<number>();
    for (let i = 0; i < image.data.length; i += 4) {
      opaque &&= image.data[i + 3] === 255;
      levels.add(image.data[i]);
    }
    expect(opaque).toBe(true);
    // A photo, not a blank or grey filler: many distinct red levels.
    expect(levels.size).toBeGreaterThan(50);
  });

  it('matches the pixels sharp decodes directly', async () => {
    const image = await decodeImageFile(CATALOG_JPEG);
    const reference = await sharp(CATALOG_JPEG).raw().toBuffer({ resolveWithObject: true });
    expect(reference.info.channels).toBe(3);

    for (let n = 0; n < 60 * 80; n++) {
      const rgb = [...image.data.subarray(n * 4, n * 4 + 3)];
      const expected = [...reference.data.subarray(n * 3, n * 3 + 3)];
      if (rgb.join() !== expected.join()) expect.fail(`pixel ${n} is ${rgb}, sharp decodes ${expected}`);
    }
  });

  it('rejects a truncated JPEG', async () => {
    const bytes = fs.readFileSync(CATALOG_JPEG);
    const truncated = path.join(folder, 'truncated.jpg');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));

    await expect(decodeImageFile(truncated)).rejects.toThrow(/premature end of JPEG/);
  });

  it('rejects a text file named .jpg', async () => {
    const text = path.join(folder, 'notes.jpg');
    fs.writeFileSync(text, 'This is a text file, not a photo.\n');

    await expect(decodeImageFile(text)).rejects.toThrow(/unsupported image format/);
  });

  it('rejects a missing file', async () => {
    await expect(decodeImageFile(path.join(folder, 'absent.jpg'))).rejects.toThrow(/missing/);
  });

  it('keeps the alpha of a PNG', async () => {
    const png = path.join(folder, 'half-transparent.png');
    await sharp({ create: { width: 3, height: 2, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } })
      .png()
      .toFile(png);

    const image = await decodeImageFile(png);
    expect([image.width, image.height]).toEqual([3, 2]);
    // sharp stores alpha 0.5 as round(0.5 × 255) = 128.
    expect([...image.data.subarray(0, 4)]).toEqual([255, 0, 0, 128]);
  });

  it('expands a greyscale JPEG to RGBA', async () => {
    const grey = path.join(folder, 'grey.jpg');
    await sharp(CATALOG_JPEG).toColourspace('b-w').jpeg().toFile(grey);
    expect((await sharp(grey).metadata()).channels).toBe(1);

    const image = await decodeImageFile(grey);
    expect([image.width, image.height]).toEqual([60, 80]);
    for (let i = 0; i < image.data.length; i += 4) {
      if (image.data[i] !== image.data[i + 1] || image.data[i] !== image.data[i + 2] || image.data[i + 3] !== 255) {
        expect.fail(`pixel ${i / 4} is ${[...image.data.subarray(i, i + 4)]}, expected equal RGB and alpha 255`);
      }
    }
  });

  it('turns a photo upright by its EXIF orientation', async () => {
    // Orientation 6 means the stored 60×80 pixels are shown rotated 90° clockwise, as 80×60.
    const rotated = path.join(folder, 'orientation-6.jpg');
    await sharp(CATALOG_JPEG).withMetadata({ orientation: 6 }).jpeg().toFile(rotated);
    expect((await sharp(rotated).metadata()).orientation).toBe(6);

    const image = await decodeImageFile(rotated);
    expect([image.width, image.height]).toEqual([80, 60]);
  });
});
