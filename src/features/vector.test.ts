import { describe, expect, it } from 'vitest';
import { cosineSimilarity, normalizeL2 } from './vector';

describe('normalizeL2', () => {
  it('scales a 3-4-5 vector to unit length in place', () => {
    const vector = new Float32Array([3, 4]);
    const result = normalizeL2(vector);
    expect(result).toBe(vector);
    expect(vector[0]).toBeCloseTo(0.6, 6);
    expect(vector[1]).toBeCloseTo(0.8, 6);
  });

  it('leaves a zero vector at zero', () => {
    const vector = normalizeL2(new Float32Array(4));
    expect([...vector]).toEqual([0, 0, 0, 0]);
  });
});

describe('cosineSimilarity', () => {
  it('scores parallel, orthogonal and opposite vectors', () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [0, 3])).toBe(0);
    expect(cosineSimilarity([1, 1], [-2, -2])).toBeCloseTo(-1, 12);
    // (1, 0) · (1, 1) / √2 = cos 45°.
    expect(cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('returns 0 for a zero vector', () => {
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  });

  it('rejects vectors of different lengths', () => {
    expect(() => cosineSimilarity([1, 2, 3], [1, 2])).toThrow('3 and 2 dimensions');
  });
});
