import type { RgbaImage } from './rgba-image';
import { normalizeL2 } from './vector';

/**
 * Hue in degrees, 0 to 360 (the usual formula). OpenCV's 8-bit images store
 * hue as 0 to 180 instead; nothing here uses that scale.
 */
export const HUE_MAX_DEGREES = 360;

export const HUE_BINS = 8;
export const SATURATION_BINS = 8;
export const VALUE_BINS = 8;
export const HSV_HISTOGRAM_SIZE = HUE_BINS * SATURATION_BINS * VALUE_BINS;

/** Identifies the histogram layout; part of the catalog's feature cache key. */
export const HSV_HISTOGRAM_VERSION = `hsv-${HUE_BINS}x${SATURATION_BINS}x${VALUE_BINS}-v1`;

/**
 * Converts one 8-bit RGB pixel to hue in degrees [0, 360), saturation and
 * value in [0, 1]. Grey pixels (max = min) get hue 0 and black gets
 * saturation 0, so no division by zero produces NaN.
 */
export function rgbToHsv(r: number, g: number, b: number): [number, number, number] {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const chroma = max - min;
  const value = max / 255;
  const saturation = max === 0 ? 0 : chroma / max;

  let hue = 0;
  if (chroma > 0) {
    if (max === r) hue = ((g - b) / chroma) % 6;
    else if (max === g) hue = (b - r) / chroma + 2;
    else hue = (r - g) / chroma + 4;
    hue *= 60;
    if (hue < 0) hue += HUE_MAX_DEGREES;
  }

  return [hue, saturation, value];
}

function binOf(fraction: number, bins: number): number {
  return Math.min(bins - 1, Math.floor(fraction * bins));
}

/** Returns the flat histogram index of an HSV triple: hue major, value minor. */
export function hsvBinIndex(hue: number, saturation: number, value: number): number {
  const h = binOf(hue / HUE_MAX_DEGREES, HUE_BINS);
  const s = binOf(saturation, SATURATION_BINS);
  const v = binOf(value, VALUE_BINS);
  return (h * SATURATION_BINS + s) * VALUE_BINS + v;
}

/**
 * Computes the 3D HSV colour histogram of every pixel, L2-normalized so the
 * dot product of two histograms is their cosine similarity. Alpha is ignored:
 * callers flatten transparency first.
 */
export function hsvHistogram(image: RgbaImage): Float32Array {
  const histogram = new Float32Array(HSV_HISTOGRAM_SIZE);
  const data = image.data;

  for (let i = 0; i < data.length; i += 4) {
    const [hue, saturation, value] = rgbToHsv(data[i], data[i + 1], data[i + 2]);
    histogram[hsvBinIndex(hue, saturation, value)] += 1;
  }

  return normalizeL2(histogram);
}
