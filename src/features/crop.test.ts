import { describe, expect, it } from 'vitest';
import { cropRgba } from './crop';
import { createRgbaImage } from './rgba-image';

/** Creates a 4×3 image whose red channel is the pixel's index, so crops show which pixels they kept. */
function indexedImage() {
  const image = createRgbaImage(4, 3);
  for (let i = 0; i < 12; i++) image.data.set([i, 0, 0, 255], i * 4);
  return image;
}

const redOf = (data: Uint8ClampedArray) => [...data].filter((_, i) => i % 4 === 0);

describe('cropRgba', () => {
  it('keeps the pixels inside the rectangle', () => {
    const crop = cropRgba(indexedImage(), { x: 1, y: 1, width: 2, height: 2 });

    expect([crop.width, crop.height]).toEqual([2, 2]);
    expect(redOf(crop.data)).toEqual([5, 6, 9, 10]);
  });

  it('rounds to whole pixels', () => {
    const crop = cropRgba(indexedImage(), { x: 0.6, y: 0.4, width: 2, height: 1.2 });

    expect([crop.width, crop.height]).toEqual([2, 2]);
    expect(redOf(crop.data)).toEqual([1, 2, 5, 6]);
  });

  it('clips a rectangle that overhangs the image', () => {
    const crop = cropRgba(indexedImage(), { x: 2, y: -5, width: 10, height: 6 });

    expect([crop.width, crop.height]).toEqual([2, 1]);
    expect(redOf(crop.data)).toEqual([2, 3]);
  });

  it('rejects a rectangle outside the image', () => {
    expect(() => cropRgba(indexedImage(), { x: 5, y: 0, width: 2, height: 2 })).toThrow('has no pixels inside the 4×3 image');
  });
});
