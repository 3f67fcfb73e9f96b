import { describe, expect, it } from 'vitest';
import {
  HSV_HISTOGRAM_SIZE,
  hsvBinIndex,
  hsvHistogram,
  rgbToHsv,
} from './hsv-histogram';
import type { RgbaImage } from './rgba-image';

/** Builds an opaque image from a list of RGB pixels, row-major. */
function imageOf(width: number, height: number, pixels: [number, number, number][]): RgbaImage {
  expect(pixels.length).toBe(width * height);
  const data = new Uint8ClampedArray(width * height * 4);
  pixels.forEach(([r, g, b], n) => data.set([r, g, b, 255], n * 4));
  return { width, height, data };
}

function uniformImage(width: number, height: number, rgb: [number, number, number]): RgbaImage {
  return imageOf(width, height, Array.from({ length: width * height }, () => rgb));
}

/** Returns the indices of the non-zero bins. */
function filledBins(histogram: Float32Array): number[] {
  const bins: number[] = [];
  histogram.forEach((mass, bin) => {
    if (mass !== 0) bins.push(bin);
  });
  return bins;
}

describe('rgbToHsv', () => {
  it('converts primaries to 0°, 120° and 240° at full saturation and value', () => {
    expect(rgbToHsv(255, 0, 0)).toEqual([0, 1, 1]);
    expect(rgbToHsv(0, 255, 0)).toEqual([120, 1, 1]);
    expect(rgbToHsv(0, 0, 255)).toEqual([240, 1, 1]);
  });

  it('gives greys hue 0 and saturation 0 without NaN', () => {
    const cases: [number, number, number, number][] = [
      // r, g, b, expected value
      [0, 0, 0, 0],
      [128, 128, 128, 128 / 255],
      [255, 255, 255, 1],
    ];
    for (const [r, g, b, value] of cases) {
      const hsv = rgbToHsv(r, g, b);
      expect(hsv.some(Number.isNaN), `NaN for (${r},${g},${b})`).toBe(false);
      expect(hsv[0]).toBe(0);
      expect(hsv[1]).toBe(0);
      expect(hsv[2]).toBeCloseTo(value, 12);
    }
  });

  it('wraps a hue just below red into [0, 360)', () => {
    // (255, 0, 1): max is red, so hue = 60 × ((0 − 1) / 255) = −0.235°, wrapped to 359.76°.
    const [hue] = rgbToHsv(255, 0, 1);
    expect(hue).toBeCloseTo(360 - 60 / 255, 10);
    expect(hue).toBeLessThan(360);
  });

  it('stays in range across the RGB cube', () => {
    for (let r = 0; r <= 255; r += 17) {
      for (let g = 0; g <= 255; g += 17) {
        for (let b = 0; b <= 255; b += 17) {
          const [hue, saturation, value] = rgbToHsv(r, g, b);
          const pixel = `(${r},${g},${b})`;
          expect(hue, `hue of ${pixel}`).toBeGreaterThanOrEqual(0);
          expect(hue, `hue of ${pixel}`).toBeLessThan(360);
          expect(saturation, `saturation of ${pixel}`).toBeGreaterThanOrEqual(0);
          expect(saturation, `saturation of ${pixel}`).toBeLessThanOrEqual(1);
          expect(value, `value of ${pixel}`).toBeGreaterThanOrEqual(0);
          expect(value, `value of ${pixel}`).toBeLessThanOrEqual(1);
        }
      }
    }
  });
});

describe('hsvBinIndex', () => {
  it('keeps the top of each range in the last bin', () => {
    // Hue 359.99° → floor(359.99 / 45) = 7. Saturation and value 1 → 8, clamped to 7.
    // Index (7 × 8 + 7) × 8 + 7 = 511, the last bin.
    expect(hsvBinIndex(359.99, 1, 1)).toBe(HSV_HISTOGRAM_SIZE - 1);
  });
});

describe('hsvHistogram', () => {
  it('has 512 bins', () => {
    expect(hsvHistogram(uniformImage(1, 1, [10, 20, 30])).length).toBe(512);
  });

  it('pure red lands in hue bin 0, top saturation and value', () => {
    // Hue 0° → h 0, saturation 1 → s 7, value 1 → v 7, so index (0 × 8 + 7) × 8 + 7 = 63.
    const histogram = hsvHistogram(uniformImage(3, 2, [255, 0, 0]));
    expect(filledBins(histogram)).toEqual([63]);
    expect(histogram[63]).toBeCloseTo(1, 6);
  });

  it('white lands in bin 7', () => {
    // Hue 0 → h 0, saturation 0 → s 0, value 1 → v 7, so index (0 × 8 + 0) × 8 + 7 = 7.
    const histogram = hsvHistogram(uniformImage(2, 2, [255, 255, 255]));
    expect(filledBins(histogram)).toEqual([7]);
    expect(histogram[7]).toBeCloseTo(1, 6);
  });

  it('mid grey lands in value bin 4', () => {
    // Value 128 / 255 = 0.502 → floor(0.502 × 8) = 4, and hue and saturation are 0, so index 4.
    const histogram = hsvHistogram(uniformImage(2, 2, [128, 128, 128]));
    expect(filledBins(histogram)).toEqual([4]);
  });

  it('black lands in bin 0', () => {
    // Value 0 and saturation 0 (max = 0) put every bin coordinate at 0, so index 0.
    const histogram = hsvHistogram(uniformImage(2, 2, [0, 0, 0]));
    expect(filledBins(histogram)).toEqual([0]);
    expect(histogram[0]).toBeCloseTo(1, 6);
  });

  it('pure green lands in hue bin 2', () => {
    // Hue 120° → floor(120 / 45) = 2, with s 7 and v 7, so index (2 × 8 + 7) × 8 + 7 = 191.
    expect(filledBins(hsvHistogram(uniformImage(1, 1, [0, 255, 0])))).toEqual([191]);
  });

  it('pure blue lands in hue bin 5', () => {
    // Hue 240° → floor(240 / 45) = 5, with s 7 and v 7, so index (5 × 8 + 7) × 8 + 7 = 383.
    expect(filledBins(hsvHistogram(uniformImage(1, 1, [0, 0, 255])))).toEqual([383]);
  });

  it('hue just below 360° lands in hue bin 7', () => {
    // (255, 0, 1): hue 359.76° → floor(359.76 / 45) = 7, saturation 255 / 255 = 1 → s 7 and
    // value 1 → v 7, so index (7 × 8 + 7) × 8 + 7 = 511, inside the 512 bins.
    const histogram = hsvHistogram(uniformImage(1, 1, [255, 0, 1]));
    expect(filledBins(histogram)).toEqual([511]);
  });

  it('half red, half white splits mass equally', () => {
    // Two pixels in bin 63 and two in bin 7: counts (2, 2), L2 norm √8, so each is 2 / √8 = 1 / √2.
    const image = imageOf(2, 2, [
      [255, 0, 0], [255, 255, 255],
      [255, 0, 0], [255, 255, 255],
    ]);
    const histogram = hsvHistogram(image);
    expect(filledBins(histogram)).toEqual([7, 63]);
    expect(histogram[63]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(histogram[7]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('is L2-normalized for a mixed image', () => {
    // Counts 3, 1, 1 in three bins → norm √11.
    const image = imageOf(5, 1, [[255, 0, 0], [255, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 0]]);
    const histogram = hsvHistogram(image);
    expect(histogram[63]).toBeCloseTo(3 / Math.sqrt(11), 6);
    expect(histogram[191]).toBeCloseTo(1 / Math.sqrt(11), 6);
    expect(histogram[0]).toBeCloseTo(1 / Math.sqrt(11), 6);

    let sumOfSquares = 0;
    for (const mass of histogram) sumOfSquares += mass * mass;
    expect(sumOfSquares).toBeCloseTo(1, 6);
  });

  it('ignores alpha', () => {
    const opaque = uniformImage(1, 1, [255, 0, 0]);
    const transparent: RgbaImage = { width: 1, height: 1, data: new Uint8ClampedArray([255, 0, 0, 0]) };
    expect(hsvHistogram(transparent)).toEqual(hsvHistogram(opaque));
  });

  it('has no NaN for grey, black and white images', () => {
    const image = imageOf(3, 1, [[0, 0, 0], [128, 128, 128], [255, 255, 255]]);
    const histogram = hsvHistogram(image);
    expect(histogram.some(Number.isNaN)).toBe(false);
    expect(filledBins(histogram)).toEqual([0, 4, 7]);
  });
});
