import { describe, expect, it } from 'vitest';
import { COLOUR_MAX_SIDE, EMBEDDING_INPUT_SIZE, prepareFeatureInputs } from './preprocess';
import type { RgbaImage } from './rgba-image';

function uniformImage(width: number, height: number, rgba: [number, number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data };
}

/** Opaque image with pseudo-random colours from a fixed linear congruential generator. */
function noiseImage(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  let state = 12345;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = i % 4 === 3 ? 255 : state >>> 24;
  }
  return { width, height, data };
}

function pixelAt(image: RgbaImage, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return [...image.data.subarray(i, i + 4)];
}

const WHITE = [255, 255, 255, 255];
const RED = [255, 0, 0, 255];

describe('prepareFeatureInputs', () => {
  it('keeps a 60×80 photo as the colour image', () => {
    const photo = noiseImage(60, 80);
    const { colour } = prepareFeatureInputs(photo);

    expect(colour.width).toBe(60);
    expect(colour.height).toBe(80);
    expect(colour.data).toEqual(photo.data);
  });

  it('centres a 60×80 photo on a white 224×224 square', () => {
    const { embedding } = prepareFeatureInputs(uniformImage(60, 80, [255, 0, 0, 255]));
    expect(embedding.width).toBe(EMBEDDING_INPUT_SIZE);
    expect(embedding.height).toBe(EMBEDDING_INPUT_SIZE);
    expect(embedding.data.length).toBe(224 * 224 * 4);

    // Scale 224 / 80 = 2.8 gives 168×224. The margin is (224 − 168) / 2 = 28 columns a side,
    // so columns 0–27 and 196–223 are white and columns 28–195 are the photo.
    for (let y = 0; y < 224; y++) {
      for (const x of [0, 27, 196, 223]) expect(pixelAt(embedding, x, y), `(${x},${y})`).toEqual(WHITE);
      for (const x of [28, 100, 195]) expect(pixelAt(embedding, x, y), `(${x},${y})`).toEqual(RED);
    }
  });

  it('pads only the margins with white', () => {
    const { embedding } = prepareFeatureInputs(uniformImage(60, 80, [0, 0, 0, 255]));
    let whitePixels = 0;
    let blackPixels = 0;
    for (let i = 0; i < embedding.data.length; i += 4) {
      const rgba = [...embedding.data.subarray(i, i + 4)];
      if (rgba.join() === WHITE.join()) whitePixels++;
      else if (rgba.join() === '0,0,0,255') blackPixels++;
    }

    // 2 margins × 28 columns × 224 rows are white and 168 × 224 are the black photo.
    expect(whitePixels).toBe(2 * 28 * 224);
    expect(blackPixels).toBe(168 * 224);
  });

  it('shrinks a 1000×500 photo to 256×128 for colour', () => {
    const { colour, embedding } = prepareFeatureInputs(uniformImage(1000, 500, [10, 120, 250, 255]));
    expect(colour.width).toBe(COLOUR_MAX_SIDE);
    expect(colour.height).toBe(128);
    expect(pixelAt(colour, 0, 0)).toEqual([10, 120, 250, 255]);
    expect(pixelAt(colour, 255, 127)).toEqual([10, 120, 250, 255]);

    // Embedding: 224×112 centred vertically, so rows 0–55 and 168–223 are white.
    expect(pixelAt(embedding, 100, 55)).toEqual(WHITE);
    expect(pixelAt(embedding, 100, 56)).toEqual([10, 120, 250, 255]);
    expect(pixelAt(embedding, 100, 167)).toEqual([10, 120, 250, 255]);
    expect(pixelAt(embedding, 100, 168)).toEqual(WHITE);
  });

  it('never enlarges the colour image', () => {
    const { colour, embedding } = prepareFeatureInputs(uniformImage(10, 20, [1, 2, 3, 255]));
    expect([colour.width, colour.height]).toEqual([10, 20]);
    expect([embedding.width, embedding.height]).toEqual([224, 224]);
    // Enlarged by 224 / 20 to 112×224, so the margin is 56 columns.
    expect(pixelAt(embedding, 55, 100)).toEqual(WHITE);
    expect(pixelAt(embedding, 56, 100)).toEqual([1, 2, 3, 255]);
  });

  it('keeps transparency for colour and turns it white for the embedding', () => {
    const photo = uniformImage(2, 2, [0, 0, 255, 255]);
    photo.data.set([0, 0, 0, 0], 0);

    const { colour, embedding } = prepareFeatureInputs(photo);
    expect(pixelAt(colour, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixelAt(colour, 1, 0)).toEqual([0, 0, 255, 255]);
    expect(embedding.data.some((channel) => channel === 0)).toBe(true);
    expect(pixelAt(embedding, 0, 0)).toEqual(WHITE);
  });

  it('rejects a fully transparent image', () => {
    expect(() => prepareFeatureInputs(uniformImage(4, 4, [255, 0, 0, 0]))).toThrow('fully transparent');
  });

  it('does not modify the input', () => {
    const photo = uniformImage(60, 80, [0, 0, 0, 1]);
    prepareFeatureInputs(photo);
    expect(photo.data.every((channel, i) => channel === (i % 4 === 3 ? 1 : 0))).toBe(true);
  });

  it('rejects an image without pixels', () => {
    const empty: RgbaImage = { width: 0, height: 0, data: new Uint8ClampedArray(0) };
    expect(() => prepareFeatureInputs(empty)).toThrow(/no pixels \(0×0\)/);

    const noRows: RgbaImage = { width: 5, height: 0, data: new Uint8ClampedArray(0) };
    expect(() => prepareFeatureInputs(noRows)).toThrow(/no pixels \(5×0\)/);
  });
});
