/** Decoded pixels in canvas layout: 8-bit RGBA, row-major, not premultiplied. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export function createRgbaImage(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8ClampedArray(width * height * 4) };
}

/**
 * Composites transparent pixels onto white, so a cut-out product photo
 * looks like a catalog photo on a white background. Returns a new image.
 */
export function flattenOnWhite(image: RgbaImage): RgbaImage {
  const out = createRgbaImage(image.width, image.height);
  const src = image.data;
  const dst = out.data;

  for (let i = 0; i < src.length; i += 4) {
    const alpha = src[i + 3] / 255;
    const white = 255 * (1 - alpha);
    dst[i] = src[i] * alpha + white;
    dst[i + 1] = src[i + 1] * alpha + white;
    dst[i + 2] = src[i + 2] * alpha + white;
    dst[i + 3] = 255;
  }

  return out;
}
