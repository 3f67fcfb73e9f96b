import { describe, expect, it } from 'vitest';
import { createRgbaImage, flattenOnWhite, type RgbaImage } from './rgba-image';

describe('createRgbaImage', () => {
  it('allocates four transparent-black channels per pixel', () => {
    const image = createRgbaImage(3, 2);
    expect(image.width).toBe(3);
    expect(image.height).toBe(2);
    expect(image.data.length).toBe(24);
    expect(image.data.every((channel) => channel === 0)).toBe(true);
  });
});

describe('flattenOnWhite', () => {
  it('blends each pixel onto white by its alpha', () => {
    const image: RgbaImage = {
      width: 4,
      height: 1,
      data: new Uint8ClampedArray([
        0, 0, 0, 0, // transparent black
        10, 20, 30, 255, // opaque
        255, 0, 0, 128, // half-transparent red
        0, 0, 0, 51, // 20 % black
      ]),
    };
    const flat = flattenOnWhite(image);

    expect([...flat.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    expect([...flat.data.subarray(4, 8)]).toEqual([10, 20, 30, 255]);
    // Red is 255 × 128/255 + 255 × 127/255 = 255. Green and blue are 255 × 127/255 = 127.
    expect([...flat.data.subarray(8, 12)]).toEqual([255, 127, 127, 255]);
    // 255 × (1 − 51/255) = 204.
    expect([...flat.data.subarray(12, 16)]).toEqual([204, 204, 204, 255]);
  });

  it('returns a new image', () => {
    const image: RgbaImage = { width: 1, height: 1, data: new Uint8ClampedArray([0, 0, 0, 0]) };
    const flat = flattenOnWhite(image);
    expect(flat.data).not.toBe(image.data);
    expect([...image.data]).toEqual([0, 0, 0, 0]);
  });
});
