import { describe, expect, it } from 'vitest';
import { decodeFloat16, encodeFloat16 } from '../catalog/float16';
import { rankTopK, scoreAll, type FeatureMatrix } from './rank';

function matrixOf(rows: number[][]): FeatureMatrix & { encoding: 'float16' } {
  const dims = rows[0].length;
  return { encoding: 'float16', dims, count: rows.length, values: encodeFloat16(rows.flat()) };
}

/** Deterministic uniform values in [0, 1) from a linear congruential generator. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomUnitVector(dims: number, random: () => number): Float32Array {
  const vector = new Float32Array(dims);
  let sum = 0;
  for (let i = 0; i < dims; i++) {
    vector[i] = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    sum += vector[i] * vector[i];
  }
  for (let i = 0; i < dims; i++) vector[i] /= Math.sqrt(sum);
  return vector;
}

const indicesOf = (ranked: { index: number }[]): number[] => ranked.map(({ index }) => index);

describe('rankTopK', () => {
  // Cosines with the query (1, 0, 0): row 0 → 1, row 1 → 0, row 2 → 0.6, row 3 → 0.8, row 4 → 0, row 5 → −1.
  const matrix = matrixOf([
    [1, 0, 0],
    [0, 1, 0],
    [0.6, 0.8, 0],
    [0.8, 0.6, 0],
    [0, 0, 1],
    [-1, 0, 0],
  ]);
  const query = new Float32Array([1, 0, 0]);

  it('returns the top k by cosine, best first', () => {
    const ranked = rankTopK(matrix, query, 3);
    expect(indicesOf(ranked)).toEqual([0, 3, 2]);
    expect(ranked[0].score).toBe(1);
    // 0.8 and 0.6 are stored as float16, within 2^-12 of the true value.
    expect(Math.abs(ranked[1].score - 0.8)).toBeLessThan(2 ** -12);
    expect(Math.abs(ranked[2].score - 0.6)).toBeLessThan(2 ** -12);
  });

  it('scores with a query that is not axis-aligned', () => {
    // Query (0.6, 0.8, 0): row 2 → 1, row 3 → 0.96, row 1 → 0.8, row 0 → 0.6, row 4 → 0, row 5 → −0.6.
    const ranked = rankTopK(matrix, new Float32Array([0.6, 0.8, 0]), 6);
    expect(indicesOf(ranked)).toEqual([2, 3, 1, 0, 4, 5]);
    expect(ranked[1].score).toBeCloseTo(0.96, 3);
    expect(ranked[5].score).toBeCloseTo(-0.6, 3);
  });

  it('returns all rows when k exceeds the count', () => {
    const ranked = rankTopK(matrix, query, 100);
    expect(indicesOf(ranked)).toEqual([0, 3, 2, 1, 4, 5]);
  });

  it('keeps the lower index first on ties', () => {
    const tied = matrixOf([
      [0, 1],
      [1, 0],
      [0.6, 0.8],
      [1, 0],
      [0.6, 0.8],
      [1, 0],
    ]);
    const ranked = rankTopK(tied, new Float32Array([1, 0]), 6);
    expect(indicesOf(ranked)).toEqual([1, 3, 5, 2, 4, 0]);
  });

  it('keeps the lower index when a tie falls at the cut', () => {
    const tied = matrixOf([[0, 1], [1, 0], [1, 0], [1, 0]]);
    expect(indicesOf(rankTopK(tied, new Float32Array([1, 0]), 2))).toEqual([1, 2]);
  });

  it('returns nothing for k of 0', () => {
    expect(rankTopK(matrix, query, 0)).toEqual([]);
  });

  it('returns nothing for an empty catalog', () => {
    const empty: FeatureMatrix = { encoding: 'float16', dims: 3, count: 0, values: new Uint16Array(0) };
    expect(rankTopK(empty, query, 5)).toEqual([]);
  });

  it('rejects a query of the wrong length', () => {
    expect(() => rankTopK(matrix, new Float32Array(4), 3)).toThrow('Query has 4 dimensions, the catalog 3.');
  });

  it('matches a brute-force sort on 500 random vectors', () => {
    const dims = 64;
    const count = 500;
    const random = seededRandom(2024);
    const rows = Array.from({ length: count }, () => [...randomUnitVector(dims, random)]);
    const catalog = matrixOf(rows);
    const stored = decodeFloat16(catalog.values);

    for (let trial = 0; trial < 5; trial++) {
      const probe = randomUnitVector(dims, random);
      const expected = rows
        .map((_, index) => {
          let score = 0;
          for (let i = 0; i < dims; i++) score += probe[i] * stored[index * dims + i];
          return { index, score };
        })
        .sort((a, b) => b.score - a.score || a.index - b.index);

      for (const k of [1, 10, 500]) {
        const ranked = rankTopK(catalog, probe, k);
        expect(indicesOf(ranked), `trial ${trial}, k ${k}`).toEqual(indicesOf(expected.slice(0, k)));
        // Scores are kept as float32, so they match the float64 brute force to about 1e-7.
        ranked.forEach(({ score }, n) => expect(score).toBeCloseTo(expected[n].score, 6));
      }
    }
  });

  it('ranks a catalog row first when it is the query', () => {
    const random = seededRandom(99);
    const rows = Array.from({ length: 200 }, () => [...randomUnitVector(32, random)]);
    const catalog = matrixOf(rows);

    for (const target of [0, 57, 199]) {
      const [best] = rankTopK(catalog, new Float32Array(rows[target]), 1);
      expect(best.index).toBe(target);
      expect(best.score).toBeCloseTo(1, 3);
    }
  });
});

describe('rankTopK on other encodings', () => {
  const rows = [
    [1, 0, 0],
    [0.6, 0.8, 0],
    [0, 0, 1],
  ];
  const query = new Float32Array([0.8, 0.6, 0]);

  it('ranks float32 rows by cosine', () => {
    const matrix: FeatureMatrix = { encoding: 'float32', dims: 3, count: 3, values: Float32Array.from(rows.flat()) };
    const ranked = rankTopK(matrix, query, 3);

    expect(indicesOf(ranked)).toEqual([1, 0, 2]);
    expect(ranked[0].score).toBeCloseTo(0.96, 6);
  });

  it('ranks int8 rows by cosine using their scales', () => {
    // Each row quantized by hand: the largest magnitude maps to 127, scale = max / 127.
    const values = Int8Array.from([127, 0, 0, 95, 127, 0, 0, 0, 127]);
    const scales = Float32Array.from([1 / 127, 0.8 / 127, 1 / 127]);
    const matrix: FeatureMatrix = { encoding: 'int8', dims: 3, count: 3, values, scales };
    const ranked = rankTopK(matrix, query, 3);

    expect(indicesOf(ranked)).toEqual([1, 0, 2]);
    expect(ranked[0].score).toBeCloseTo(0.8 * (95 * 0.8 + 127 * 0.6) / 127, 6);
    expect(ranked[1].score).toBeCloseTo(0.8, 6);
  });

  it('scores int8 rows of 4n + 3 values like a plain dot product', () => {
    const dims = 7;
    const random = seededRandom(11);
    const values = Int8Array.from({ length: 5 * dims }, () => Math.floor(random() * 255) - 127);
    const scales = Float32Array.from({ length: 5 }, () => random() / 127);
    const int8Query = Float32Array.from({ length: dims }, () => random() - 0.5);
    const scores = scoreAll({ encoding: 'int8', dims, count: 5, values, scales }, int8Query);

    for (let row = 0; row < 5; row++) {
      let expected = 0;
      for (let i = 0; i < dims; i++) expected += int8Query[i] * values[row * dims + i];
      expect(scores[row]).toBeCloseTo(expected * scales[row], 6);
    }
  });

  it('scores only the first values when given a length', () => {
    const dims = 9;
    const random = seededRandom(5);
    const values = Int8Array.from({ length: 4 * dims }, () => Math.floor(random() * 255) - 127);
    const scales = Float32Array.from({ length: 4 }, () => random() / 127);
    const int8Query = Float32Array.from({ length: dims }, () => random() - 0.5);
    const matrices: FeatureMatrix[] = [
      { encoding: 'int8', dims, count: 4, values, scales },
      { encoding: 'float32', dims, count: 4, values: Float32Array.from(values, (value, i) => value * scales[Math.floor(i / dims)]) },
    ];

    for (const length of [0, 3, 5, 9]) {
      for (const matrix of matrices) {
        const scores = scoreAll(matrix, int8Query, undefined, length);
        for (let row = 0; row < 4; row++) {
          let expected = 0;
          for (let i = 0; i < length; i++) expected += int8Query[i] * values[row * dims + i];
          expect(scores[row], `${matrix.encoding}, length ${length}, row ${row}`).toBeCloseTo(expected * scales[row], 5);
        }
      }
    }
  });

  it('rejects a length beyond the dimensions', () => {
    const matrix = matrixOf([[1, 0], [0, 1]]);
    expect(() => scoreAll(matrix, Float32Array.from([1, 0]), undefined, 3)).toThrow('Cannot score the first 3 of 2 dimensions.');
  });

  it('skips rows the filter rejects', () => {
    const matrix: FeatureMatrix = { encoding: 'float32', dims: 3, count: 3, values: Float32Array.from(rows.flat()) };

    expect(indicesOf(rankTopK(matrix, query, 2, (index) => index !== 1))).toEqual([0, 2]);
  });
});
