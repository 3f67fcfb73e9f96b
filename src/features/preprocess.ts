import { createRgbaImage, flattenOnWhite, type RgbaImage } from './rgba-image';
import { resizeRgba } from './resize';

/** ResNet50's input side, in pixels. */
export const EMBEDDING_INPUT_SIZE = 224;

/** Maximum side length, in pixels, of the image the colour histogram is computed on. */
export const COLOUR_MAX_SIDE = 256;

/** Pixels that go into both features, computed the same way in Node and in the browser. */
export interface FeatureInputs {
  /** The photo with its transparency, shrunk to fit within COLOUR_MAX_SIDE (never enlarged). The colour histogram leaves transparent pixels out. */
  colour: RgbaImage;
  /** The photo on white, scaled to fit and centred on a white 224×224 square. */
  embedding: RgbaImage;
}

function fitWithin(width: number, height: number, side: number): [number, number] {
  const scale = side / Math.max(width, height);
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

function padToSquare(image: RgbaImage, side: number): RgbaImage {
  const out = createRgbaImage(side, side);
  out.data.fill(255);
  const left = Math.floor((side - image.width) / 2);
  const top = Math.floor((side - image.height) / 2);

  for (let y = 0; y < image.height; y++) {
    const from = y * image.width * 4;
    out.data.set(image.data.subarray(from, from + image.width * 4), ((top + y) * side + left) * 4);
  }

  return out;
}

export const TRANSPARENT_IMAGE_MESSAGE = 'This image is fully transparent, so there is nothing to search for: choose a photo of a product.';

/** Returns whether any pixel is at least slightly opaque. */
export function hasVisiblePixel(image: RgbaImage): boolean {
  for (let i = 3; i < image.data.length; i += 4) if (image.data[i] > 0) return true;
  return false;
}

/** Prepares a decoded photo for the colour histogram and the ResNet50 embedding. */
export function prepareFeatureInputs(decoded: RgbaImage): FeatureInputs {
  if (decoded.width < 1 || decoded.height < 1) {
    throw new Error(`Image has no pixels (${decoded.width}×${decoded.height}).`);
  }
  if (!hasVisiblePixel(decoded)) {
    throw new Error(TRANSPARENT_IMAGE_MESSAGE);
  }

  const longest = Math.max(decoded.width, decoded.height);
  const colour = longest > COLOUR_MAX_SIDE
    ? resizeRgba(decoded, ...fitWithin(decoded.width, decoded.height, COLOUR_MAX_SIDE))
    : decoded;

  const flat = flattenOnWhite(decoded);
  const fitted = resizeRgba(flat, ...fitWithin(flat.width, flat.height, EMBEDDING_INPUT_SIZE));
  const embedding = padToSquare(fitted, EMBEDDING_INPUT_SIZE);

  return { colour, embedding };
}
