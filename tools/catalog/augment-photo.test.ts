import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backgroundMask } from '../../src/features/background-mask';
import { augmentPhoto } from './augment-photo';
import { decodeImageFile } from './decode-image';

/** The real Myntra catalog photos, beside the repository and read-only. */
const IMAGES_DIR = fileURLToPath(new URL('../../../shared/datasets/myntra-small/images/', import.meta.url));
const HOODIE = path.join(IMAGES_DIR, '10017.jpg');

function meanCornerColour(image: Awaited<ReturnType<typeof decodeImageFile>>): number[] {
  const corners = [0, image.width - 1, (image.height - 1) * image.width, image.height * image.width - 1];
  return [0, 1, 2].map((channel) => corners.reduce((sum, pixel) => sum + image.data[pixel * 4 + channel], 0) / 4);
}

describe('augmentPhoto', () => {
  it('makes the same copy from the same seed', async () => {
    const first = await augmentPhoto(HOODIE, 42);
    const second = await augmentPhoto(HOODIE, 42);
    expect(first.equals(second)).toBe(true);
  });

  it('makes another copy from another seed', async () => {
    const first = await augmentPhoto(HOODIE, 42);
    const other = await augmentPhoto(HOODIE, 43);
    expect(first.equals(other)).toBe(false);
  });

  it('replaces the white studio backdrop and keeps the product', async () => {
    const source = await decodeImageFile(HOODIE);
    const copy = await decodeImageFile(await augmentPhoto(HOODIE, 7));
    expect(copy.height).toBeGreaterThan(source.height);

    const corners = meanCornerColour(copy);
    expect(Math.min(...corners)).toBeLessThan(225);

    const productShare = backgroundMask(copy).reduce((sum, value) => sum + value, 0) / (copy.width * copy.height);
    expect(productShare).toBeGreaterThan(0.1);
    expect(productShare).toBeLessThan(0.9);
  });
});
