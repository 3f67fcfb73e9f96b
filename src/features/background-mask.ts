import type { RgbaImage } from './rgba-image';

/**
 * Largest RGB distance (Euclidean, 0-255 channels) at which a pixel still
 * counts as the backdrop colour it is connected to. It separates light greys
 * (about 95 from white) from white, and not white garments, which is why the
 * histogram falls back to the whole frame when the mask removes nearly all.
 */
const BACKDROP_TOLERANCE = 34;

/** Border pixels are clustered in cubes of this side (RGB units) to find the backdrop colours. */
const BORDER_CLUSTER_SIDE = 32;

/** A border cluster is a backdrop colour when it covers at least this share of the border. */
const MIN_BACKDROP_SHARE = 0.15;

/** Pixels with less opacity than this (0-255) are background whatever their colour. */
const OPAQUE_ALPHA = 128;

function clusterOf(data: Uint8ClampedArray, at: number): number {
  const side = BORDER_CLUSTER_SIDE;
  return (Math.floor(data[at] / side) * 256 + Math.floor(data[at + 1] / side)) * 256 + Math.floor(data[at + 2] / side);
}

function borderPixels(width: number, height: number): number[] {
  const pixels: number[] = [];
  for (let x = 0; x < width; x++) pixels.push(x, (height - 1) * width + x);
  for (let y = 1; y < height - 1; y++) pixels.push(y * width, y * width + width - 1);
  return [...new Set(pixels)];
}

/** Mean colours of the border clusters that cover a large share of the border: the backdrop. */
function backdropColours(image: RgbaImage, border: number[]): [number, number, number][] {
  const sums = new Map<number, [number, number, number, number]>();
  let opaque = 0;
  for (const pixel of border) {
    const at = pixel * 4;
    if (image.data[at + 3] < OPAQUE_ALPHA) continue;
    opaque++;
    const key = clusterOf(image.data, at);
    const sum = sums.get(key) ?? [0, 0, 0, 0];
    sum[0] += image.data[at];
    sum[1] += image.data[at + 1];
    sum[2] += image.data[at + 2];
    sum[3]++;
    sums.set(key, sum);
  }

  return [...sums.values()]
    .filter(([, , , count]) => count >= MIN_BACKDROP_SHARE * opaque)
    .map(([r, g, b, count]) => [r / count, g / count, b / count]);
}

/**
 * Marks the product's pixels: 1 for product, 0 for background. Background is
 * every transparent pixel plus the region connected to the image border whose
 * colours stay close to a backdrop colour, that is a colour covering a good
 * share of the border (white for catalog photos, a wall or floor for a
 * shopper's photo). A product that touches the border keeps its pixels
 * unless they match the backdrop too.
 */
export function backgroundMask(image: RgbaImage): Uint8Array {
  const { width, height, data } = image;
  const mask = new Uint8Array(width * height).fill(1);
  const border = borderPixels(width, height);
  const backdrops = backdropColours(image, border);
  const limit = BACKDROP_TOLERANCE * BACKDROP_TOLERANCE;

  const isBackdrop = (pixel: number): boolean => {
    const at = pixel * 4;
    if (data[at + 3] < OPAQUE_ALPHA) return true;
    return backdrops.some(([r, g, b]) => {
      const dr = data[at] - r;
      const dg = data[at + 1] - g;
      const db = data[at + 2] - b;
      return dr * dr + dg * dg + db * db <= limit;
    });
  };

  const queue = new Int32Array(width * height);
  let head = 0;
  let tail = 0;
  for (const pixel of border) {
    if (isBackdrop(pixel)) {
      mask[pixel] = 0;
      queue[tail++] = pixel;
    }
  }

  while (head < tail) {
    const pixel = queue[head++];
    const x = pixel % width;
    const neighbours = [
      x > 0 ? pixel - 1 : -1,
      x < width - 1 ? pixel + 1 : -1,
      pixel >= width ? pixel - width : -1,
      pixel < width * (height - 1) ? pixel + width : -1,
    ];
    for (const next of neighbours) {
      if (next >= 0 && mask[next] === 1 && isBackdrop(next)) {
        mask[next] = 0;
        queue[tail++] = next;
      }
    }
  }

  // Transparent pixels inside the product (holes in a cut-out) are background too.
  for (let pixel = 0; pixel < width * height; pixel++) {
    if (data[pixel * 4 + 3] < OPAQUE_ALPHA) mask[pixel] = 0;
  }

  return mask;
}
