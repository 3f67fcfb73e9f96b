import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { clearStudioBackdrop } from '../catalog/studio-backdrop';

/**
 * Recipe of the shopper-photo set: catalog photos turned into what a
 * shopper might photograph. Each photo gets every change below, with
 * strengths drawn from a seeded generator, so the set is the same on every
 * machine. Bump the version when the recipe changes.
 */
export const SHOPPER_RECIPE_VERSION = 'shopper-v1';

const SCALE_TO_HEIGHT = 320;
/** Near-white pixels connected to the border are the studio backdrop that gets replaced. */
const STUDIO_WHITE_MIN = 228;
const WALLS = ['#d9c7a5', '#a3a3a0', '#a9c1d9', '#9fb08f', '#e3b5bd', '#c9b79c', '#7d8a99'];
const FLOORS = ['#6b4a2f', '#8c6e50', '#4f4f4f', '#b0a48c', '#5b3b2a'];

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const between = (random: () => number, low: number, high: number) => low + (high - low) * random();
const pick = <T>(random: () => number, items: T[]): T => items[Math.floor(random() * items.length)];

function backdropSvg(width: number, height: number, wall: string, floor: string, floorShare: number): Buffer {
  const floorTop = Math.round(height * (1 - floorShare));
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><linearGradient id="light" x1="0" y1="0" x2="0.3" y2="1">
    <stop offset="0" stop-color="#fff" stop-opacity="0.25"/><stop offset="1" stop-color="#000" stop-opacity="0.2"/>
  </linearGradient></defs>
  <rect width="${width}" height="${height}" fill="${wall}"/>
  <rect y="${floorTop}" width="${width}" height="${height - floorTop}" fill="${floor}"/>
  <rect width="${width}" height="${height}" fill="url(#light)"/>
</svg>`);
}

/** Writes one shopper photo of a catalog photo; `seed` fixes every random choice. */
export async function makeShopperPhoto(photo: string, out: string, seed: number): Promise<void> {
  const random = seededRandom(seed);

  const { data, info } = await sharp(photo).resize({ height: SCALE_TO_HEIGHT }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  clearStudioBackdrop(data, info.width, info.height, STUDIO_WHITE_MIN);
  const product = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toBuffer();

  // Another background: a wall and a floor around the product, with a light gradient.
  const width = Math.round(info.width * between(random, 1.3, 1.7));
  const height = Math.round(info.height * between(random, 1.15, 1.35));
  const wall = pick(random, WALLS);
  const left = Math.round(between(random, 0.1, 0.9) * (width - info.width));
  const top = Math.round(between(random, 0.2, 0.8) * (height - info.height));
  const scene = await sharp(backdropSvg(width, height, wall, pick(random, FLOORS), between(random, 0.15, 0.35)))
    .composite([{ input: product, left, top }])
    .png()
    .toBuffer();

  // A tilt, filled with the wall colour, then a crop that may cut the product's edges a little.
  const tilted = await sharp(scene).rotate(between(random, 4, 12) * (random() < 0.5 ? -1 : 1), { background: wall }).png().toBuffer({ resolveWithObject: true });
  const cropLeft = Math.round(tilted.info.width * between(random, 0, 0.12));
  const cropTop = Math.round(tilted.info.height * between(random, 0, 0.1));
  const cropWidth = Math.round(tilted.info.width * between(random, 0.78, 0.88));
  const cropHeight = Math.round(tilted.info.height * between(random, 0.8, 0.9));

  // Other light: brightness, saturation and a warm or cool cast; then heavy JPEG.
  const cast = between(random, -0.08, 0.08);
  await sharp(tilted.data)
    .extract({ left: cropLeft, top: cropTop, width: cropWidth, height: cropHeight })
    .modulate({ brightness: between(random, 0.75, 1.2), saturation: between(random, 0.85, 1.15) })
    .linear([1 + cast, 1, 1 - cast], [0, 0, 0])
    .jpeg({ quality: Math.round(between(random, 12, 30)) })
    .toFile(out);
}

/**
 * Builds the shopper-photo set of the given catalog products in `dir`, once:
 * one JPEG each and `queries.tsv` mapping each photo to its product id.
 * Returns the TSV's path.
 */
export async function ensureShopperPhotos(dir: string, products: { id: number; file: string }[]): Promise<string> {
  const tsv = path.join(dir, 'queries.tsv');
  if (fs.existsSync(tsv)) return tsv;

  fs.mkdirSync(dir, { recursive: true });
  console.log(`Making ${products.length} shopper photos in ${dir}…`);
  const lines = ['photo\tproductId'];
  for (const { id, file } of products) {
    const name = `shopper-${id}.jpg`;
    await makeShopperPhoto(file, path.join(dir, name), id);
    lines.push(`${name}\t${id}`);
  }
  fs.writeFileSync(`${tsv}.partial`, `${lines.join('\n')}\n`);
  fs.renameSync(`${tsv}.partial`, tsv);
  return tsv;
}
