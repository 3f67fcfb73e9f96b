import { hasVisiblePixel, TRANSPARENT_IMAGE_MESSAGE } from '../features/preprocess';
import type { RgbaImage } from '../features/rgba-image';

/** Shortest side, in pixels, of a photo the page searches with; the catalog's own photos are 60×80. */
const MIN_QUERY_SIDE = 32;

/**
 * Decodes a photo in the browser to full-size RGBA pixels on a canvas,
 * upright by its EXIF orientation. Resizing is left to the shared feature
 * code so the page and the catalog tool resample alike.
 */
export async function decodeQueryImage(blob: Blob): Promise<RgbaImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image', colorSpaceConversion: 'default' });
  } catch {
    throw new Error('This file is not an image the browser can read (it may be damaged or in an unsupported format).');
  }

  try {
    if (bitmap.width === 0 || bitmap.height === 0) throw new Error('This image has no pixels.');
    if (Math.min(bitmap.width, bitmap.height) < MIN_QUERY_SIDE) {
      throw new Error(`This photo is only ${bitmap.width}×${bitmap.height} pixels, too small to compare: choose one at least ${MIN_QUERY_SIDE} pixels on each side.`);
    }
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('This browser could not create a 2D canvas to read the image.');
    context.drawImage(bitmap, 0, 0);
    const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const image = { width: pixels.width, height: pixels.height, data: pixels.data };
    // Checked here, before the running search is replaced, so a blank or tiny file leaves the results in place.
    if (!hasVisiblePixel(image)) throw new Error(TRANSPARENT_IMAGE_MESSAGE);
    return image;
  } finally {
    bitmap.close();
  }
}
