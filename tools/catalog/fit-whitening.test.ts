import { describe, expect, it } from 'vitest';
import { projectVector, type Projection } from '../../src/features/projection';
import { composeProjection, fitLearnedWhitening, type VectorPair } from './fit-whitening';

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32) - 0.5;
}

function apply(rows: Float64Array[], vector: Float32Array): Float32Array {
  return Float32Array.from(rows, (row) => row.reduce((sum, weight, i) => sum + weight * vector[i], 0));
}

function nearest(query: Float32Array, catalog: Float32Array[]): number {
  let best = -1;
  let bestDistance = Infinity;
  catalog.forEach((vector, index) => {
    const distance = vector.reduce((sum, value, i) => sum + (value - query[i]) ** 2, 0);
    if (distance < bestDistance) [best, bestDistance] = [index, distance];
  });
  return best;
}

describe('fitLearnedWhitening', () => {
  // Products differ in all 6 dimensions; photos of one product differ mostly in dimension 0, as a background would.
  const dims = 6;
  const random = seededRandom(11);
  const catalog = Array.from({ length: 300 }, () => Float32Array.from({ length: dims }, () => random()));
  const snapshot = (vector: Float32Array) => Float32Array.from(vector, (value, i) => value + (i === 0 ? 3 * random() : 0.02 * random()));
  const pairs: VectorPair[] = catalog.slice(0, 150).map((vector) => [vector, snapshot(vector)]);
  const rows = fitLearnedWhitening(catalog, pairs, 0.01);

  it('returns a square matrix of the input size', () => {
    expect(rows).toHaveLength(dims);
    for (const row of rows) expect(row).toHaveLength(dims);
  });

  it('finds snapshots of products it was not fitted on', () => {
    const unseen = catalog.slice(150);
    const queries = unseen.map(snapshot);
    const whitened = unseen.map((vector) => apply(rows, vector));

    const foundRaw = queries.filter((query, n) => nearest(query, unseen) === n).length;
    const foundWhitened = queries.filter((query, n) => nearest(apply(rows, query), whitened) === n).length;
    expect(foundRaw).toBeLessThan(100);
    expect(foundWhitened).toBeGreaterThan(145);
  });

  it('rejects fewer pairs than dimensions', () => {
    expect(() => fitLearnedWhitening(catalog, pairs.slice(0, dims - 1), 0.01)).toThrow(/at least 6 matching pairs/);
  });
});

describe('composeProjection', () => {
  it('applies the projection then the rows', () => {
    const random = seededRandom(3);
    const projection: Projection = {
      inputDims: 5,
      outputDims: 3,
      mean: Float32Array.from({ length: 5 }, () => random()),
      basis: Float32Array.from({ length: 15 }, () => random()),
    };
    const rows = Array.from({ length: 3 }, () => Float64Array.from({ length: 3 }, () => random()));
    const vector = Float32Array.from({ length: 5 }, () => random());

    const composed = projectVector(composeProjection(projection, rows), vector);
    const inTurn = apply(rows, projectVector(projection, vector));
    const length = Math.hypot(...inTurn);
    composed.forEach((value, i) => expect(value).toBeCloseTo(inTurn[i] / length, 5));
  });
});
