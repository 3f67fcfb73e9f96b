import { createRgbaImage, type RgbaImage } from './rgba-image';

/** A rectangle in image pixels: its top-left corner and its size. */
export interface CropRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Copies the pixels inside `rect` into a new image. The rectangle is rounded
 * to whole pixels and clipped to the image; an empty result is an error.
 */
export function cropRgba(image: RgbaImage, rect: CropRect): RgbaImage {
  const left = Math.max(0, Math.round(rect.x));
  const top = Math.max(0, Math.round(rect.y));
  const right = Math.min(image.width, Math.round(rect.x + rect.width));
  const bottom = Math.min(image.height, Math.round(rect.y + rect.height));
  if (right <= left || bottom <= top) {
    throw new Error(`Crop ${rect.width}×${rect.height} at (${rect.x}, ${rect.y}) has no pixels inside the ${image.width}×${image.height} image.`);
  }

  const out = createRgbaImage(right - left, bottom - top);
  for (let y = top; y < bottom; y++) {
    const from = (y * image.width + left) * 4;
    out.data.set(image.data.subarray(from, from + out.width * 4), (y - top) * out.width * 4);
  }
  return out;
}
