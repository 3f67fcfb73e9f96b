import { backgroundMask } from './background-mask';
import { rgbToHsv } from './hsv-histogram';
import type { RgbaImage } from './rgba-image';

/** Hue bins of chromatic pixels, 30° each, centred on red (0°), orange (30°), yellow (60°) and so on. */
export const HUE_BINS = 12;
const HUE_BIN_DEGREES = 360 / HUE_BINS;
/** Saturation and value bins of chromatic pixels, over [CHROMA_MIN_SATURATION, 1] and [DARK_VALUE, 1]. */
export const SATURATION_BINS = 3;
export const VALUE_BINS = 3;
/** Value bins of achromatic pixels: black to white. */
export const GREY_BINS = 6;

/** Below this saturation a pixel has no meaningful hue: white, grey or black. */
const CHROMA_MIN_SATURATION = 0.15;
/** Below this value a pixel looks black whatever its hue. */
const DARK_VALUE = 0.2;

const CHROMATIC_SIZE = HUE_BINS * SATURATION_BINS * VALUE_BINS;
export const PRODUCT_COLOUR_SIZE = CHROMATIC_SIZE + GREY_BINS;

/** Identifies the recipe; part of the catalog's feature cache key. */
export const PRODUCT_COLOUR_VERSION = `product-colour-h${HUE_BINS}s${SATURATION_BINS}v${VALUE_BINS}g${GREY_BINS}-v2`;

/**
 * Width of the centre weighting, as a share of the half-width and
 * half-height: the middle of an edge counts exp(−2) ≈ 0.14 of a centre
 * pixel. With 0.5 rather than 1 or no weighting, colour P@10 of the default
 * catalog rose by about half a point (npm run eval).
 */
const CENTRE_SIGMA = 0.5;

/** When the mask keeps less than this share of the weight, the photo is treated as all product. */
const MIN_PRODUCT_SHARE = 0.03;

/** Bins a dominant colour must fill, as a share of the product, to be reported. */
const MIN_DOMINANT_SHARE = 0.08;

function binOf(fraction: number, bins: number): number {
  return Math.min(bins - 1, Math.max(0, Math.floor(fraction * bins)));
}

/**
 * Adds one pixel's weight to the histogram. Achromatic pixels go to a grey
 * bin by value. Chromatic pixels split their weight between the two hue bins
 * whose centres surround their hue, so red at 10° and at 350° land in the
 * same bins and a hue on a bin edge does not flip between bins.
 */
function addPixel(histogram: Float64Array, r: number, g: number, b: number, weight: number): number {
  const [hue, saturation, value] = rgbToHsv(r, g, b);
  if (saturation < CHROMA_MIN_SATURATION || value < DARK_VALUE) {
    const bin = CHROMATIC_SIZE + binOf(value, GREY_BINS);
    histogram[bin] += weight;
    return bin;
  }

  const s = binOf((saturation - CHROMA_MIN_SATURATION) / (1 - CHROMA_MIN_SATURATION), SATURATION_BINS);
  const v = binOf((value - DARK_VALUE) / (1 - DARK_VALUE), VALUE_BINS);
  const position = hue / HUE_BIN_DEGREES;
  const lower = Math.floor(position);
  const upperShare = position - lower;
  const hueLow = lower % HUE_BINS;
  const hueHigh = (lower + 1) % HUE_BINS;
  const binLow = (hueLow * SATURATION_BINS + s) * VALUE_BINS + v;
  const binHigh = (hueHigh * SATURATION_BINS + s) * VALUE_BINS + v;
  histogram[binLow] += weight * (1 - upperShare);
  histogram[binHigh] += weight * upperShare;
  return upperShare < 0.5 ? binLow : binHigh;
}

/** Per-pixel weights: the centre weighting, zero on the background unless the mask kept almost nothing. */
function productWeights(image: RgbaImage): Float64Array {
  const { width, height } = image;
  const mask = backgroundMask(image);
  const weights = new Float64Array(width * height);
  let total = 0;
  let productWeight = 0;

  for (let y = 0; y < height; y++) {
    const dy = (y + 0.5 - height / 2) / (height / 2);
    for (let x = 0; x < width; x++) {
      const dx = (x + 0.5 - width / 2) / (width / 2);
      const pixel = y * width + x;
      const weight = Math.exp(-(dx * dx + dy * dy) / (2 * CENTRE_SIGMA * CENTRE_SIGMA));
      weights[pixel] = weight;
      total += weight;
      if (mask[pixel]) productWeight += weight;
    }
  }

  if (productWeight >= MIN_PRODUCT_SHARE * total) {
    for (let pixel = 0; pixel < weights.length; pixel++) if (!mask[pixel]) weights[pixel] = 0;
  } else {
    // NOTE: a product the colour of its backdrop (a white shirt on white) is masked away
    // entirely, so the whole opaque frame counts instead, which is then mostly that colour.
    for (let pixel = 0; pixel < weights.length; pixel++) if (image.data[pixel * 4 + 3] < 128) weights[pixel] = 0;
  }
  return weights;
}

interface ColourMass {
  histogram: Float64Array;
  /** Weight of the pixels whose nearest bin each bin is, and their weighted RGB sums, for the bins' mean colours. */
  nearestMass: Float64Array;
  rgbSums: Float64Array;
  total: number;
}

function measureColours(image: RgbaImage): ColourMass {
  const weights = productWeights(image);
  const histogram = new Float64Array(PRODUCT_COLOUR_SIZE);
  const nearestMass = new Float64Array(PRODUCT_COLOUR_SIZE);
  const rgbSums = new Float64Array(PRODUCT_COLOUR_SIZE * 3);
  const data = image.data;
  let total = 0;

  for (let pixel = 0; pixel < weights.length; pixel++) {
    const weight = weights[pixel];
    if (weight === 0) continue;
    const at = pixel * 4;
    const bin = addPixel(histogram, data[at], data[at + 1], data[at + 2], weight);
    nearestMass[bin] += weight;
    rgbSums[bin * 3] += weight * data[at];
    rgbSums[bin * 3 + 1] += weight * data[at + 1];
    rgbSums[bin * 3 + 2] += weight * data[at + 2];
    total += weight;
  }

  return { histogram, nearestMass, rgbSums, total };
}

function histogramOf({ histogram, total }: ColourMass): Float32Array {
  const out = new Float32Array(PRODUCT_COLOUR_SIZE);
  if (total === 0) return out;

  for (let bin = 0; bin < PRODUCT_COLOUR_SIZE; bin++) out[bin] = Math.sqrt(histogram[bin] / total);
  return out;
}

function toHex(value: number): string {
  return Math.round(value).toString(16).padStart(2, '0');
}

function dominantOf({ nearestMass, rgbSums, total }: ColourMass, count: number): string[] {
  if (total === 0) return [];

  const bins = Array.from(nearestMass, (mass, bin) => ({ bin, mass }));
  return bins
    .filter(({ mass }) => mass >= MIN_DOMINANT_SHARE * total)
    .sort((a, b) => b.mass - a.mass)
    .slice(0, count)
    .map(({ bin, mass }) => `#${toHex(rgbSums[bin * 3] / mass)}${toHex(rgbSums[bin * 3 + 1] / mass)}${toHex(rgbSums[bin * 3 + 2] / mass)}`);
}

/**
 * Computes the colour histogram of the product in a photo: background
 * connected to the border and transparent pixels left out, pixels near the
 * centre weighted more, greys in their own bins. Returns the square roots
 * of the bin shares (the Hellinger embedding), which have unit length, so
 * the dot product of two histograms is their Bhattacharyya coefficient.
 */
export function productColourHistogram(image: RgbaImage): Float32Array {
  return histogramOf(measureColours(image));
}

/**
 * Returns up to `count` dominant colours of the product as `#rrggbb`, most
 * common first: the mean colour of each of the fullest histogram bins that
 * contain at least 8 % of the product.
 */
export function dominantColours(image: RgbaImage, count = 3): string[] {
  return dominantOf(measureColours(image), count);
}

/** Computes the histogram and the dominant colours together, masking the background once. */
export function describeProductColour(image: RgbaImage): { histogram: Float32Array; dominant: string[] } {
  const mass = measureColours(image);
  return { histogram: histogramOf(mass), dominant: dominantOf(mass, 3) };
}
