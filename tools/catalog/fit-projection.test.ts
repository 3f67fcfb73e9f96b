import { describe, expect, it } from 'vitest';
import { fitProjection } from './fit-projection';

/** Deterministic values in [−0.5, 0.5). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
}

/** 400 vectors of 16 dimensions that vary mostly along dimensions 0 and 1, a little along 2, not at all elsewhere. */
function plane(): Float32Array[] {
  const random = seededRandom(3);
  return Array.from({ length: 400 }, () => {
    const vector = new Float32Array(16).fill(0.25);
    vector[0] += 10 * random();
    vector[1] += 5 * random();
    vector[2] += 0.01 * random();
    return vector;
  });
}

describe('fitProjection', () => {
  it('returns an orthonormal basis', async () => {
    const { basis, outputDims, inputDims } = await fitProjection(plane(), 4);

    for (let a = 0; a < outputDims; a++) {
      for (let b = 0; b < outputDims; b++) {
        let dot = 0;
        for (let i = 0; i < inputDims; i++) dot += basis[a * inputDims + i] * basis[b * inputDims + i];
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 4);
      }
    }
  });

  it('spans the directions of largest variance', async () => {
    const { basis, inputDims } = await fitProjection(plane(), 2);

    // The 2-d subspace must be the x-y plane: each basis row has no weight outside dimensions 0 and 1.
    for (let row = 0; row < 2; row++) {
      const inPlane = basis[row * inputDims] ** 2 + basis[row * inputDims + 1] ** 2;
      expect(inPlane).toBeCloseTo(1, 3);
    }
  });

  it('subtracts the mean', async () => {
    const vectors = plane();
    const { mean } = await fitProjection(vectors, 2);

    expect(mean[5]).toBeCloseTo(0.25, 5);
    expect(Math.abs(mean[0] - 0.25)).toBeLessThan(1);
  });

  it('fills directions that never vary', async () => {
    // Only 3 dimensions vary, but 6 are asked for: the rest are still orthonormal.
    const { basis, inputDims } = await fitProjection(plane(), 6);

    for (let row = 0; row < 6; row++) {
      let norm = 0;
      for (let i = 0; i < inputDims; i++) norm += basis[row * inputDims + i] ** 2;
      expect(norm).toBeCloseTo(1, 4);
    }
  });

  it('rejects more output than input dimensions', async () => {
    await expect(fitProjection(plane(), 17)).rejects.toThrow('Cannot project 16 dimensions to 17.');
  });
});
