import { createRgbaImage, type RgbaImage } from './rgba-image';

/** An RGBA pixel, 0-255 a channel. */
export type Rgba = [number, number, number, number];

/** Makes a test image filled with `backdrop`, with `fill` painted where `inside(x, y)` is true. */
export function paintImage(width: number, height: number, backdrop: Rgba, fill: Rgba, inside: (x: number, y: number) => boolean): RgbaImage {
  const image = createRgbaImage(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) image.data.set(inside(x, y) ? fill : backdrop, (y * width + x) * 4);
  }
  return image;
}
