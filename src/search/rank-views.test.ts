import { describe, expect, it } from 'vitest';
import { quantizeInt8 } from '../catalog/shard-codec';
import type { FeatureMatrix } from './rank';
import { memoizedScorer, rankViews, storedVector, type MatchedItem } from './rank-views';

function float32Matrix(rows: number[][]): FeatureMatrix {
  return { encoding: 'float32', dims: rows[0].length, count: rows.length, values: Float32Array.from(rows.flat()) };
}

// Colour cosines with (1, 0): rows 0..3 → 1, 0.8, 0.6, 0.
const colour = float32Matrix([[1, 0], [0.8, 0.6], [0.6, 0.8], [0, 1]]);
// Look cosines with (1, 0): rows 0..3 → 0, 0.6, 0.8, 1.
const look = float32Matrix([[0, 1], [0.6, 0.8], [0.8, 0.6], [1, 0]]);
const matrices = { colour, look };
const query = { colour: Float32Array.from([1, 0]), look: Float32Array.from([1, 0]) };

const indicesOf = (items: MatchedItem[] | undefined) => items?.map(({ index }) => index);

describe('rankViews', () => {
  it('ranks by colour, by look and by their blend', () => {
    const views = rankViews(matrices, { query, k: 4, colourWeight: 0.75 });

    expect(indicesOf(views.colour)).toEqual([0, 1, 2, 3]);
    expect(indicesOf(views.look)).toEqual([3, 2, 1, 0]);
    // Blend at 0.75 colour: rows 0..3 → 0.75, 0.75, 0.65, 0.25; the tie keeps the lower row first.
    expect(indicesOf(views.blend)).toEqual([0, 1, 2, 3]);
    expect(views.blend![2].score).toBeCloseTo(0.65, 6);
  });

  it('blends look with its own label share', () => {
    // Look rows of 1 label value and 1 vector value, stored with label share 0.5: [√0.5·√p, √0.5·x].
    const half = Math.SQRT1_2;
    const labelled = float32Matrix([[half, 0], [0, half], [0, 0], [0, 0]].map(([p, x]) => [p, x]));
    const views = rankViews({ colour, look: labelled }, {
      query: { colour: Float32Array.from([0, 1]), look: Float32Array.from([half, half]) },
      k: 2,
      colourWeight: 0,
      lookLabels: { labels: 1, share: 0.5 },
    });

    // The look view mixes the parts half and half, a tie; the blend gives the label part 0.2 only.
    expect(views.look![0].score).toBeCloseTo(views.look![1].score, 6);
    expect(indicesOf(views.blend)).toEqual([1, 0]);
    expect(views.blend![0].score).toBeCloseTo(0.8 * half * half * 2, 6);
  });

  it('gives each item both similarities', () => {
    const [first] = rankViews(matrices, { query, k: 1, colourWeight: 0 }).blend!;

    expect(first).toEqual({ index: 3, score: 1, colour: 0, look: 1 });
  });

  it('ranks colour alone without a look vector', () => {
    const views = rankViews(matrices, { query: { colour: query.colour }, k: 2, colourWeight: 0.5 });

    expect(indicesOf(views.colour)).toEqual([0, 1]);
    expect(views.look).toBeUndefined();
    expect(views.blend).toBeUndefined();
    expect(views.colour[0].look).toBeUndefined();
  });

  it('ranks only allowed rows, returning k of them', () => {
    const allowed = Uint8Array.from([0, 1, 0, 1]);
    const views = rankViews(matrices, { query, k: 2, colourWeight: 0.5, allowed });

    expect(indicesOf(views.colour)).toEqual([1, 3]);
    expect(indicesOf(views.look)).toEqual([3, 1]);
  });

  it('leaves out the excluded row', () => {
    expect(indicesOf(rankViews(matrices, { query, k: 2, colourWeight: 1, exclude: 0 }).colour)).toEqual([1, 2]);
  });

  it('puts the pinned row first in every view', () => {
    const views = rankViews(matrices, { query, k: 2, colourWeight: 0.5, pin: 2 });

    expect(views.pinned).toBe(true);
    expect(indicesOf(views.colour)).toEqual([2, 0]);
    expect(indicesOf(views.look)).toEqual([2, 3]);
    expect(views.colour[0].score).toBeCloseTo(0.6, 6);
  });

  it('does not pin a row the filter rejects', () => {
    const views = rankViews(matrices, { query, k: 2, colourWeight: 0.5, pin: 2, allowed: Uint8Array.from([1, 1, 0, 1]) });

    expect(views.pinned).toBe(false);
    expect(indicesOf(views.colour)).toEqual([0, 1]);
  });

  it('rejects a mask of the wrong length', () => {
    expect(() => rankViews(matrices, { query, k: 2, colourWeight: 0.5, allowed: new Uint8Array(3) }))
      .toThrow('Filter mask has 3 rows, the catalog 4.');
  });
});

describe('storedVector', () => {
  it('decodes an int8 row to unit length', () => {
    const rows = [Float32Array.from([0.6, 0.8, 0]), Float32Array.from([0, 0.28, 0.96])];
    const quantized = rows.map(quantizeInt8);
    const matrix: FeatureMatrix = {
      encoding: 'int8', dims: 3, count: 2,
      values: Int8Array.from(quantized.flatMap(({ values }) => [...values])),
      scales: Float32Array.from(quantized.map(({ scale }) => scale)),
    };

    const vector = storedVector(matrix, 1);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
    [...vector].forEach((value, i) => expect(value).toBeCloseTo(rows[1][i], 2));
  });

  it('ranks its own row first as a query', () => {
    const [best] = rankViews(matrices, { query: { colour: storedVector(colour, 2), look: storedVector(look, 2) }, k: 1, colourWeight: 0.5 }).blend!;

    expect(best.index).toBe(2);
    expect(best.score).toBeCloseTo(1, 6);
  });

  it('rejects a row outside the catalog', () => {
    expect(() => storedVector(colour, 4)).toThrow('Row 4 is outside the catalog');
  });
});

describe('memoizedScorer', () => {
  const colour: FeatureMatrix = { encoding: 'float32', dims: 2, count: 2, values: Float32Array.from([1, 0, 0, 1]) };
  const look: FeatureMatrix = { encoding: 'float32', dims: 2, count: 2, values: Float32Array.from([0.6, 0.8, 0.8, 0.6]) };
  const matrices = () => ({ colour, look });

  it('returns the remembered scores for the same query', () => {
    const score = memoizedScorer(matrices);
    const first = score('colour', Float32Array.from([1, 0]));
    expect(score('colour', Float32Array.from([1, 0]))).toBe(first);
    expect([...first]).toEqual([1, 0]);
  });

  it('scores again for another query or feature', () => {
    const score = memoizedScorer(matrices);
    const first = score('colour', Float32Array.from([1, 0]));
    expect([...score('colour', Float32Array.from([0, 1]))]).toEqual([0, 1]);
    expect([...score('look', Float32Array.from([1, 0]))].map((value) => Number(value.toFixed(6)))).toEqual([0.6, 0.8]);
    expect(score('colour', Float32Array.from([1, 0]))).not.toBe(first);
  });
});
