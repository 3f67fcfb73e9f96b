import { createRgbaImage, type RgbaImage } from './rgba-image';

interface Taps {
  /** First source index of each output sample. */
  start: Int32Array;
  /** Number of source samples of each output sample. */
  count: Int32Array;
  /** Weights, `maxTaps` per output sample, summing to 1. */
  weights: Float32Array;
  maxTaps: number;
}

/**
 * Computes triangle-filter taps for one axis. When shrinking, the filter is
 * widened by the scale factor so every source pixel contributes (antialiasing);
 * when enlarging it is plain bilinear interpolation.
 */
function computeTaps(sourceSize: number, targetSize: number): Taps {
  const scale = sourceSize / targetSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale;
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(targetSize);
  const count = new Int32Array(targetSize);
  const weights = new Float32Array(targetSize * maxTaps);

  for (let out = 0; out < targetSize; out++) {
    const center = (out + 0.5) * scale;
    const first = Math.max(0, Math.floor(center - support + 0.5));
    const last = Math.min(sourceSize, Math.floor(center + support + 0.5));
    let total = 0;

    for (let source = first; source < last; source++) {
      const distance = Math.abs((source + 0.5 - center) / filterScale);
      const weight = Math.max(0, 1 - distance);
      weights[out * maxTaps + (source - first)] = weight;
      total += weight;
    }

    for (let tap = 0; tap < last - first; tap++) {
      weights[out * maxTaps + tap] /= total;
    }
    start[out] = first;
    count[out] = last - first;
  }

  return { start, count, weights, maxTaps };
}

/**
 * Resizes with a separable triangle filter (bilinear, antialiased when
 * shrinking). This is the only resampler of the project: the catalog tool and
 * the page both call it, because canvas and libvips resample differently and
 * the two sides' feature vectors must agree.
 */
export function resizeRgba(image: RgbaImage, width: number, height: number): RgbaImage {
  if (image.width === width && image.height === height) {
    return { width, height, data: image.data.slice() };
  }

  const horizontal = computeTaps(image.width, width);
  const vertical = computeTaps(image.height, height);
  const rows = new Float32Array(width * image.height * 4);
  const src = image.data;

  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      const first = horizontal.start[x];
      const base = x * horizontal.maxTaps;
      let r = 0, g = 0, b = 0, a = 0;
      for (let tap = 0; tap < horizontal.count[x]; tap++) {
        const weight = horizontal.weights[base + tap];
        const i = (y * image.width + first + tap) * 4;
        r += src[i] * weight;
        g += src[i + 1] * weight;
        b += src[i + 2] * weight;
        a += src[i + 3] * weight;
      }
      const o = (y * width + x) * 4;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
      rows[o + 3] = a;
    }
  }

  const out = createRgbaImage(width, height);
  for (let y = 0; y < height; y++) {
    const first = vertical.start[y];
    const base = y * vertical.maxTaps;
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let tap = 0; tap < vertical.count[y]; tap++) {
        const weight = vertical.weights[base + tap];
        const i = ((first + tap) * width + x) * 4;
        r += rows[i] * weight;
        g += rows[i + 1] * weight;
        b += rows[i + 2] * weight;
        a += rows[i + 3] * weight;
      }
      const o = (y * width + x) * 4;
      out.data[o] = Math.round(r);
      out.data[o + 1] = Math.round(g);
      out.data[o + 2] = Math.round(b);
      out.data[o + 3] = Math.round(a);
    }
  }

  return out;
}
