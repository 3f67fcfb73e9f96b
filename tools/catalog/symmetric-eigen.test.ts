import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './symmetric-eigen';

function multiply(matrix: Float64Array, n: number, vector: Float64Array): Float64Array {
  return Float64Array.from({ length: n }, (_, row) => {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += matrix[row * n + k] * vector[k];
    return sum;
  });
}

describe('symmetricEigen', () => {
  it('decomposes a 2×2 matrix by hand', () => {
    // [[2, 1], [1, 2]] has eigenvalues 3 and 1, with eigenvectors (1, 1)/√2 and (1, −1)/√2.
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0][0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0][0] * vectors[0][1]).toBeGreaterThan(0);
    expect(vectors[1][0] * vectors[1][1]).toBeLessThan(0);
  });

  it('decomposes a random 40×40 matrix', () => {
    // Checks A v = λ v, eigenvalues in order, and orthonormal eigenvectors.
    const n = 40;
    let state = 7;
    const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32) - 0.5;
    const matrix = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) matrix[i * n + j] = matrix[j * n + i] = random();
    }

    const { values, vectors } = symmetricEigen(matrix, n);
    for (let i = 1; i < n; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    vectors.forEach((vector, i) => {
      const product = multiply(matrix, n, vector);
      for (let k = 0; k < n; k++) expect(product[k]).toBeCloseTo(values[i] * vector[k], 9);
    });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const dot = vectors[i].reduce((sum, value, k) => sum + value * vectors[j][k], 0);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 9);
      }
    }
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow('expected 2×2');
  });
});
