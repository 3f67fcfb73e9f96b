import { describe, expect, it } from 'vitest';
import { clearStudioBackdrop } from './studio-backdrop';

/** Makes a 7×7 white RGBA image with a red ring around a white centre pixel. */
function ringOnWhite(): Uint8Array {
  const data = new Uint8Array(7 * 7 * 4).fill(255);
  for (let y = 2; y <= 4; y++) {
    for (let x = 2; x <= 4; x++) {
      if (x === 3 && y === 3) continue;
      data.set([200, 20, 20, 255], (y * 7 + x) * 4);
    }
  }
  return data;
}

const alphaAt = (data: Uint8Array, x: number, y: number) => data[(y * 7 + x) * 4 + 3];

describe('clearStudioBackdrop', () => {
  it('clears white connected to the border', () => {
    const data = ringOnWhite();
    clearStudioBackdrop(data, 7, 7, 230);
    expect(alphaAt(data, 0, 0)).toBe(0);
    expect(alphaAt(data, 1, 3)).toBe(0);
  });

  it('keeps the product and white it encloses', () => {
    const data = ringOnWhite();
    clearStudioBackdrop(data, 7, 7, 230);
    expect(alphaAt(data, 2, 2)).toBe(255);
    expect(alphaAt(data, 3, 3)).toBe(255);
  });

  it('keeps light grey below the threshold', () => {
    const data = ringOnWhite();
    data.set([220, 220, 220, 255], 0);
    clearStudioBackdrop(data, 7, 7, 230);
    expect(alphaAt(data, 0, 0)).toBe(255);
    expect(alphaAt(data, 1, 0)).toBe(0);
  });
});
