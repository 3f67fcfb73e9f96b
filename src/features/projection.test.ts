import { describe, expect, it } from 'vitest';
import { decodeProjection, encodeProjection, projectVector, type Projection } from './projection';

// Projects 3-d vectors onto the x and y axes after subtracting the mean (1, 1, 1).
const projection: Projection = {
  inputDims: 3,
  outputDims: 2,
  mean: Float32Array.from([1, 1, 1]),
  basis: Float32Array.from([1, 0, 0, 0, 1, 0]),
};

describe('projectVector', () => {
  it('centres, projects and normalizes', () => {
    // (4, 5, 9) − (1, 1, 1) = (3, 4, 8); onto x and y: (3, 4); unit length: (0.6, 0.8).
    const projected = projectVector(projection, Float32Array.from([4, 5, 9]));

    expect(projected[0]).toBeCloseTo(0.6, 6);
    expect(projected[1]).toBeCloseTo(0.8, 6);
  });

  it('keeps a vector equal to the mean at zero', () => {
    expect([...projectVector(projection, Float32Array.from([1, 1, 1]))]).toEqual([0, 0]);
  });

  it('rejects a vector of the wrong length', () => {
    expect(() => projectVector(projection, new Float32Array(4))).toThrow('Cannot project a 4-d vector with a 3-d projection.');
  });
});

describe('encodeProjection and decodeProjection', () => {
  it('round-trip exactly', () => {
    const decoded = decodeProjection(encodeProjection(projection).buffer as ArrayBuffer);

    expect(decoded.inputDims).toBe(3);
    expect(decoded.outputDims).toBe(2);
    expect([...decoded.mean]).toEqual([1, 1, 1]);
    expect([...decoded.basis]).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('rejects a file of the wrong size', () => {
    const bytes = encodeProjection(projection).slice(0, 20);

    expect(() => decodeProjection(bytes.buffer as ArrayBuffer)).toThrow('Projection file is 20 bytes, expected 44 for 2×3.');
  });
});
