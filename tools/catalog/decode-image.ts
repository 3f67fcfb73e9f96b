import sharp from 'sharp';
import type { RgbaImage } from '../../src/features/rgba-image';

/**
 * Decodes an image file (a path, or its bytes) to full-size sRGB RGBA
 * pixels, turned upright by its EXIF orientation as browsers do. Rejects
 * truncated or corrupt files, which libvips would otherwise decode with grey
 * filler.
 */
export async function decodeImageFile(file: string | Buffer): Promise<RgbaImage> {
  const { data, info } = await sharp(file, { failOn: 'warning' })
    .rotate()
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });

  if (info.channels !== 4) {
    throw new Error(`decoded to ${info.channels} channels, expected 4`);
  }
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}
