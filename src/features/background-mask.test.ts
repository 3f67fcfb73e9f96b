import { describe, expect, it } from 'vitest';
import { backgroundMask } from './background-mask';
import { paintImage as paint, type Rgba } from './painted-image';

function productPixels(mask: Uint8Array): number {
  return mask.reduce((sum, value) => sum + value, 0);
}

const WHITE: Rgba = [255, 255, 255, 255];
const RED: Rgba = [220, 20, 30, 255];
const centreSquare = (x: number, y: number) => x >= 10 && x < 30 && y >= 10 && y < 30;

describe('backgroundMask', () => {
  it('keeps a red square on white and drops the white around it', () => {
    const mask = backgroundMask(paint(40, 40, WHITE, RED, centreSquare));
    expect(productPixels(mask)).toBe(400);
    expect(mask[20 * 40 + 20]).toBe(1);
    expect(mask[0]).toBe(0);
  });

  it('drops a wall colour behind the product as well as white', () => {
    const wall: Rgba = [150, 170, 120, 255];
    const mask = backgroundMask(paint(40, 40, wall, RED, centreSquare));
    expect(productPixels(mask)).toBe(400);
  });

  it('drops slightly noisy backdrop pixels', () => {
    const image = paint(40, 40, [235, 235, 230, 255], RED, centreSquare);
    for (let pixel = 0; pixel < 1600; pixel += 7) image.data[pixel * 4] -= 15;
    expect(productPixels(backgroundMask(image))).toBe(400);
  });

  it('keeps white enclosed by the product', () => {
    const ring = (x: number, y: number) => centreSquare(x, y) && !(x >= 15 && x < 25 && y >= 15 && y < 25);
    const mask = backgroundMask(paint(40, 40, WHITE, RED, ring));
    expect(productPixels(mask)).toBe(400);
  });

  it('keeps a product cut by the bottom edge', () => {
    const cutAtBottom = (x: number, y: number) => x >= 14 && x < 26 && y >= 10;
    expect(productPixels(backgroundMask(paint(40, 40, WHITE, RED, cutAtBottom)))).toBe(12 * 30);
  });

  it('treats transparent pixels as background whatever their colour', () => {
    const clearBlack: Rgba = [0, 0, 0, 0];
    const mask = backgroundMask(paint(40, 40, clearBlack, RED, centreSquare));
    expect(productPixels(mask)).toBe(400);
  });

  it('keeps a light grey garment on white', () => {
    const lightGrey: Rgba = [190, 190, 190, 255];
    expect(productPixels(backgroundMask(paint(40, 40, WHITE, lightGrey, centreSquare)))).toBe(400);
  });
});
