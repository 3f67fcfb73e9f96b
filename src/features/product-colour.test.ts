import { describe, expect, it } from 'vitest';
import { describeProductColour, dominantColours, GREY_BINS, HUE_BINS, PRODUCT_COLOUR_SIZE, productColourHistogram, SATURATION_BINS, VALUE_BINS } from './product-colour';
import { hsvHistogram } from './hsv-histogram';
import { paintImage as paint, type Rgba } from './painted-image';
import { createRgbaImage } from './rgba-image';
import { cosineSimilarity as dot } from './vector';

const WHITE: Rgba = [255, 255, 255, 255];
const centreSquare = (x: number, y: number) => x >= 12 && x < 28 && y >= 12 && y < 28;
const squareOn = (backdrop: Rgba, fill: Rgba) => paint(40, 40, backdrop, fill, centreSquare);

const CHROMATIC_SIZE = HUE_BINS * SATURATION_BINS * VALUE_BINS;
const greyMass = (histogram: Float32Array) => histogram.slice(CHROMATIC_SIZE).reduce((sum, value) => sum + value * value, 0);
const hueMass = (histogram: Float32Array, hueBin: number) => {
  let sum = 0;
  for (let bin = hueBin * SATURATION_BINS * VALUE_BINS; bin < (hueBin + 1) * SATURATION_BINS * VALUE_BINS; bin++) sum += histogram[bin] ** 2;
  return sum;
};

describe('productColourHistogram', () => {
  it('has unit length and the documented size', () => {
    const histogram = productColourHistogram(squareOn(WHITE, [200, 30, 30, 255]));
    expect(histogram.length).toBe(PRODUCT_COLOUR_SIZE);
    expect(dot(histogram, histogram)).toBeCloseTo(1, 5);
  });

  it('describes a red square on white as red, not white', () => {
    const histogram = productColourHistogram(squareOn(WHITE, [220, 20, 30, 255]));
    // Hue 357° splits between the red bin (0°, 90 %) and its neighbour (330°, 10 %).
    expect(hueMass(histogram, 0) + hueMass(histogram, HUE_BINS - 1)).toBeGreaterThan(0.99);
    expect(hueMass(histogram, 0)).toBeGreaterThan(0.85);
    expect(greyMass(histogram)).toBeLessThan(0.01);
  });

  it('ignores the backdrop: red on white and red on a green wall match', () => {
    const onWhite = productColourHistogram(squareOn(WHITE, [220, 20, 30, 255]));
    const onWall = productColourHistogram(squareOn([90, 140, 80, 255], [220, 20, 30, 255]));
    expect(dot(onWhite, onWall)).toBeGreaterThan(0.99);
  });

  it('separates pure red from orange', () => {
    const red = productColourHistogram(squareOn(WHITE, [230, 0, 0, 255]));
    const orange = productColourHistogram(squareOn(WHITE, [245, 130, 20, 255]));
    expect(dot(red, orange)).toBeLessThan(0.2);
  });

  it('keeps reds on both sides of 0° together', () => {
    const warmRed = productColourHistogram(squareOn(WHITE, [230, 30, 0, 255]));
    const coolRed = productColourHistogram(squareOn(WHITE, [230, 0, 30, 255]));
    // 8° and 352°: both three quarters in the red bin, a quarter in its neighbours.
    expect(dot(warmRed, coolRed)).toBeGreaterThan(0.7);
  });

  it('puts black, grey and white garments in grey bins by value', () => {
    const cases: [Rgba, number][] = [
      // garment colour (on a beige wall, so white is not the backdrop), expected grey bin
      [[10, 10, 12, 255], 0],
      [[128, 126, 130, 255], Math.floor((128 / 255) * GREY_BINS)],
      [[250, 250, 250, 255], GREY_BINS - 1],
    ];
    for (const [colour, greyBin] of cases) {
      const histogram = productColourHistogram(squareOn([200, 170, 120, 255], colour));
      expect(histogram[CHROMATIC_SIZE + greyBin], `grey bin of ${colour}`).toBeGreaterThan(0.99);
    }
  });

  it('counts a white garment on white as white rather than nothing', () => {
    const histogram = productColourHistogram(squareOn(WHITE, [248, 248, 248, 255]));
    expect(histogram[CHROMATIC_SIZE + GREY_BINS - 1]).toBeGreaterThan(0.99);
  });

  it('leaves transparent pixels out', () => {
    const cutOut = productColourHistogram(squareOn([0, 0, 0, 0], [20, 40, 200, 255]));
    const onWhite = productColourHistogram(squareOn(WHITE, [20, 40, 200, 255]));
    expect(dot(cutOut, onWhite)).toBeGreaterThan(0.999);
  });

  it('scores a red product nearer to red than the plain histogram does', () => {
    const smallRed = paint(40, 40, WHITE, [220, 20, 30, 255], (x, y) => x >= 16 && x < 24 && y >= 16 && y < 24);
    const bigRed = squareOn(WHITE, [220, 20, 30, 255]);
    const smallWhite = paint(40, 40, WHITE, [240, 240, 240, 255], (x, y) => x >= 16 && x < 24 && y >= 16 && y < 24);
    expect(dot(productColourHistogram(smallRed), productColourHistogram(bigRed))).toBeGreaterThan(0.99);
    expect(dot(hsvHistogram(smallRed), hsvHistogram(smallWhite))).toBeGreaterThan(0.9);
    expect(dot(productColourHistogram(smallRed), productColourHistogram(smallWhite))).toBeLessThan(0.05);
  });
});

describe('dominantColours', () => {
  it('returns the product colour, not the backdrop', () => {
    expect(dominantColours(squareOn(WHITE, [30, 60, 200, 255]))).toEqual(['#1e3cc8']);
  });

  it('orders two colours by area', () => {
    const twoTone = paint(40, 40, WHITE, [200, 20, 20, 255], (x, y) => centreSquare(x, y) && y < 24);
    for (let y = 24; y < 28; y++) for (let x = 12; x < 28; x++) twoTone.data.set([20, 20, 200, 255], (y * 40 + x) * 4);
    expect(dominantColours(twoTone)).toEqual(['#c81414', '#1414c8']);
  });

  it('returns an empty list for a fully transparent image', () => {
    expect(dominantColours(createRgbaImage(8, 8))).toEqual([]);
  });
});

describe('describeProductColour', () => {
  it('returns the same histogram and colours as the separate functions', () => {
    const image = squareOn(WHITE, [30, 60, 200, 255]);
    const { histogram, dominant } = describeProductColour(image);
    expect([...histogram]).toEqual([...productColourHistogram(image)]);
    expect(dominant).toEqual(dominantColours(image));
  });
});
