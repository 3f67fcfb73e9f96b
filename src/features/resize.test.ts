import { describe, expect, it } from 'vitest';
import { resizeRgba } from './resize';
import type { RgbaImage } from './rgba-image';

function uniformImage(width: number, height: number, rgba: [number, number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data };
}

/** Opaque black-and-white checkerboard with 1-pixel squares: black where x + y is even, white where odd. */
function checkerboard(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const level = (x + y) % 2 === 0 ? 0 : 255;
      data.set([level, level, level, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/** Returns the red channel of every pixel of row `y`. */
function redRow(image: RgbaImage, y: number): number[] {
  const row: number[] = [];
  for (let x = 0; x < image.width; x++) row.push(image.data[(y * image.width + x) * 4]);
  return row;
}

describe('resizeRgba', () => {
  it('keeps a uniform colour uniform at any size', () => {
    const colour: [number, number, number, number] = [200, 17, 99, 180];
    const source = uniformImage(60, 80, colour);
    const sizes: [number, number][] = [[1, 1], [7, 3], [30, 40], [59, 81], [224, 224], [256, 341], [600, 800]];

    for (const [width, height] of sizes) {
      const resized = resizeRgba(source, width, height);
      expect(resized.width).toBe(width);
      expect(resized.height).toBe(height);
      expect(resized.data.length).toBe(width * height * 4);
      const offPixel = resized.data.findIndex((level, i) => level !== colour[i % 4]);
      expect(offPixel, `first changed channel at ${width}×${height}`).toBe(-1);
    }
  });

  it('enlarges black/white pair into a ramp', () => {
    const source: RgbaImage = {
      width: 2,
      height: 1,
      data: new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 255]),
    };
    const resized = resizeRgba(source, 8, 3);

    // Bilinear with pixel centres aligned: output x samples source position (x + 0.5) / 4 − 0.5,
    // clamped to the edge pixels. Positions for x = 0 to 7 are −0.375, −0.125 (black), then 0.125,
    // 0.375, 0.625, 0.875 (255 × position = 31.9, 95.6, 159.4, 223.1), then 1.125, 1.375 (white).
    const expected = [0, 0, 32, 96, 159, 223, 255, 255];
    for (let y = 0; y < 3; y++) {
      const row = redRow(resized, y);
      expect(row, `row ${y}`).toEqual(expected);
      for (let x = 1; x < row.length; x++) expect(row[x]).toBeGreaterThanOrEqual(row[x - 1]);
    }
  });

  it('shrinks a checkerboard by 2 to mid grey', () => {
    const resized = resizeRgba(checkerboard(16, 16), 8, 8);
    let total = 0;

    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        const i = (y * 8 + x) * 4;
        const level = resized.data[i];
        total += level;
        expect(resized.data[i + 1]).toBe(level);
        expect(resized.data[i + 2]).toBe(level);
        expect(resized.data[i + 3]).toBe(255);

        // Inside, the widened triangle filter has taps 1/8, 3/8, 3/8, 1/8, half on black and
        // half on white, so 127.5. At the corners it is cut to 3/7, 3/7, 1/7 and renormalized,
        // which gives 255 × 24/49 = 124.9 or 255 × 25/49 = 130.1.
        const corner = (x === 0 || x === 7) && (y === 0 || y === 7);
        if (corner) expect(Math.abs(level - 127.5), `corner (${x},${y}) is ${level}`).toBeLessThanOrEqual(3);
        else expect([127, 128], `pixel (${x},${y})`).toContain(level);
      }
    }
    expect(total / 64).toBeCloseTo(127.5, 0);
  });

  it('antialiases when shrinking a checkerboard by 3', () => {
    // Point sampling by 3 lands on single source pixels and returns pure black or white.
    // The widened filter averages about 6 source pixels per axis, which stays near grey
    // (255 × 40/81 = 125.9 or 255 × 41/81 = 129.1 inside).
    const resized = resizeRgba(checkerboard(30, 30), 10, 10);
    for (let i = 0; i < resized.data.length; i += 4) {
      const level = resized.data[i];
      expect(Math.abs(level - 127.5), `pixel ${i / 4} is ${level}`).toBeLessThanOrEqual(5);
    }
  });

  it('returns an equal copy at the same size', () => {
    const source = checkerboard(5, 3);
    source.data[0] = 42;
    const resized = resizeRgba(source, 5, 3);

    expect(resized.width).toBe(5);
    expect(resized.height).toBe(3);
    expect(resized.data).toEqual(source.data);
    expect(resized.data).not.toBe(source.data);

    resized.data[0] = 7;
    expect(source.data[0]).toBe(42);
  });

  it('averages each block when shrinking by an integer factor', () => {
    // A 4×1 image 0, 100, 200, 40 shrunk to 2×1. Output 0 is centred at source 1.0
    // with taps on pixels 0, 1, 2 of weight 0.75, 0.75, 0.25 (sum 1.75):
    // (0 × 0.75 + 100 × 0.75 + 200 × 0.25) / 1.75 = 71.4. Output 1 is centred at 3.0
    // with taps on pixels 1, 2, 3 of weight 0.25, 0.75, 0.75:
    // (100 × 0.25 + 200 × 0.75 + 40 × 0.75) / 1.75 = 117.1.
    const levels = [0, 100, 200, 40];
    const data = new Uint8ClampedArray(16);
    levels.forEach((level, x) => data.set([level, level, level, 255], x * 4));

    const resized = resizeRgba({ width: 4, height: 1, data }, 2, 1);
    expect(redRow(resized, 0)).toEqual([71, 117]);
  });
});
