import sharp from 'sharp';
import { clearStudioBackdrop } from './studio-backdrop';

/**
 * Photo augmentation for fitting the look space: a catalog photo redrawn as
 * a snapshot might show it, so the fit learns which directions of the
 * ResNet50 vector change between such a snapshot and the catalog photo.
 * It is deliberately unlike the evaluation's shopper-photo recipe (no wall
 * and floor scene, other colours, ranges, blur and noise), so the
 * evaluation measures how the fit carries over to photos it never saw.
 */
export const AUGMENT_RECIPE_VERSION = 'augment-v1';

/** Near-white pixels connected to the border count as the studio backdrop that gets replaced. */
const STUDIO_WHITE_MIN = 230;
const WORKING_HEIGHT = 256;

function seededRandom(seed: number): () => number {
  let state = (seed ^ 0x9e3779b9) >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

const between = (random: () => number, low: number, high: number) => low + (high - low) * random();

/** Paints a backdrop of two random colours blended left to right or top to bottom, with pixel noise, as PNG bytes. */
async function randomBackdrop(width: number, height: number, random: () => number): Promise<Buffer> {
  const from = [0, 0, 0].map(() => Math.round(between(random, 20, 235)));
  const to = from.map((value) => Math.max(0, Math.min(255, Math.round(value + between(random, -60, 60)))));
  const vertical = random() < 0.5;
  const noise = between(random, 0, 12);
  const data = Buffer.alloc(width * height * 3);

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = vertical ? y / height : x / width;
      for (let channel = 0; channel < 3; channel++) {
        const value = from[channel] + (to[channel] - from[channel]) * t + (random() - 0.5) * 2 * noise;
        data[(y * width + x) * 3 + channel] = Math.max(0, Math.min(255, Math.round(value)));
      }
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** Returns one augmented copy of a catalog photo as JPEG bytes; `seed` fixes every random choice. */
export async function augmentPhoto(photo: string, seed: number): Promise<Buffer> {
  const random = seededRandom(seed);

  const { data, info } = await sharp(photo).resize({ height: WORKING_HEIGHT }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  clearStudioBackdrop(data, info.width, info.height, STUDIO_WHITE_MIN);
  const cutOut = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
    .rotate(between(random, -15, 15), { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer({ resolveWithObject: true });

  // The product fills 55-95 % of the frame's height, anywhere in it.
  const fill = between(random, 0.55, 0.95);
  const height = Math.round(cutOut.info.height / fill);
  const width = Math.round(Math.max(cutOut.info.width / between(random, 0.6, 0.95), height * between(random, 0.6, 1.1)));
  const left = Math.round(random() * Math.max(0, width - cutOut.info.width));
  const top = Math.round(random() * Math.max(0, height - cutOut.info.height));
  const scene = await sharp(await randomBackdrop(width, height, random))
    .composite([{ input: cutOut.data, left: Math.min(left, width - 1), top: Math.min(top, height - 1) }])
    .png()
    .toBuffer();

  const snapshot = sharp(scene);
  if (random() < 0.4) snapshot.blur(between(random, 0.4, 1.4));
  return snapshot
    .modulate({ brightness: between(random, 0.7, 1.3), saturation: between(random, 0.7, 1.3), hue: Math.round(between(random, -8, 8)) })
    .jpeg({ quality: Math.round(between(random, 10, 60)) })
    .toBuffer();
}
