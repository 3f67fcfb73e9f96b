import { describe, expect, it } from 'vitest';
import { caffeInput, IMAGENET_BGR_MEANS } from './embedding';
import { EMBEDDING_INPUT_SIZE } from './preprocess';
import { createRgbaImage } from './rgba-image';

const SIDE = EMBEDDING_INPUT_SIZE;

describe('caffeInput', () => {
  it('writes BGR minus the ImageNet means in NHWC order', () => {
    const first = createRgbaImage(SIDE, SIDE);
    const second = createRgbaImage(SIDE, SIDE);
    // Pixel (x 5, y 2) of the second image: red 200, green 100, blue 50, alpha ignored.
    second.data.set([200, 100, 50, 7], (2 * SIDE + 5) * 4);

    const input = caffeInput([first, second]);

    expect(input.length).toBe(2 * SIDE * SIDE * 3);
    const offset = ((1 * SIDE + 2) * SIDE + 5) * 3;
    expect(input[offset]).toBeCloseTo(50 - IMAGENET_BGR_MEANS[0], 4);
    expect(input[offset + 1]).toBeCloseTo(100 - IMAGENET_BGR_MEANS[1], 4);
    expect(input[offset + 2]).toBeCloseTo(200 - IMAGENET_BGR_MEANS[2], 4);
    // A black pixel of the first image is minus the means.
    expect(Array.from(input.subarray(0, 3))).toEqual(IMAGENET_BGR_MEANS.map((mean) => Math.fround(-mean)));
  });

  it('rejects an image of another size', () => {
    expect(() => caffeInput([createRgbaImage(SIDE, SIDE - 1)])).toThrow(`Embedding input must be ${SIDE}×${SIDE}, got ${SIDE}×${SIDE - 1}.`);
  });
});
