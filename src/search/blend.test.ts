import { describe, expect, it } from 'vitest';
import { blendScores, reweighLabelScores } from './blend';

describe('blendScores', () => {
  const colour = Float32Array.from([1, 0, 0.5]);
  const look = Float32Array.from([0, 1, 0.5]);

  it('weights colour by the given share', () => {
    expect([...blendScores(colour, look, 0.25)]).toEqual([0.25, 0.75, 0.5]);
  });

  it('returns look alone at weight 0', () => {
    expect([...blendScores(colour, look, 0)]).toEqual([...look]);
  });

  it('returns colour alone at weight 1', () => {
    expect([...blendScores(colour, look, 1)]).toEqual([...colour]);
  });

  it('rejects score arrays of different lengths', () => {
    expect(() => blendScores(colour, look.subarray(1), 0.5)).toThrow('Cannot blend 3 colour scores with 2 look scores.');
  });

  it('rejects a weight outside 0 to 1', () => {
    expect(() => blendScores(colour, look, 1.5)).toThrow('between 0 and 1');
  });
});

describe('reweighLabelScores', () => {
  // Stored vectors [√s·√p, √(1−s)·x] with s = 0.35: label parts of 2 values, vector parts of 2.
  const share = 0.35;
  const part = { labels: 2, share };
  const stored = (p: number[], x: number[]) => Float32Array.from([...p.map((value) => Math.sqrt(share * value)), ...x.map((value) => Math.sqrt(1 - share) * value)]);
  const query = stored([0.9, 0.1], [0.6, 0.8]);
  const products = [stored([0.2, 0.8], [1, 0]), stored([0.9, 0.1], [0, 1])];
  const labelSimilarity = (p: number[]) => Math.sqrt(0.9 * p[0]) + Math.sqrt(0.1 * p[1]);
  const expectedLabels = [labelSimilarity([0.2, 0.8]), labelSimilarity([0.9, 0.1])];
  const expectedVectors = [0.6, 0.8];
  const dot = (a: Float32Array, b: Float32Array, length = a.length) => a.slice(0, length).reduce((sum, value, i) => sum + value * b[i], 0);
  const look = Float32Array.from(products, (product) => dot(query, product));
  const labelPart = Float32Array.from(products, (product) => dot(query, product, 2));

  it('keeps the catalog mix at its own share', () => {
    const rescored = reweighLabelScores(look, labelPart, part, share);
    rescored.forEach((score, row) => expect(score).toBeCloseTo(share * expectedLabels[row] + (1 - share) * expectedVectors[row], 6));
  });

  it('mixes the parts with another share', () => {
    const rescored = reweighLabelScores(look, labelPart, part, 0.2);
    rescored.forEach((score, row) => expect(score).toBeCloseTo(0.2 * expectedLabels[row] + 0.8 * expectedVectors[row], 6));
  });

  it('scores the vector part alone at share 0', () => {
    const rescored = reweighLabelScores(look, labelPart, part, 0);
    rescored.forEach((score, row) => expect(score).toBeCloseTo(expectedVectors[row], 6));
  });

  it('leaves scores without a label part unchanged', () => {
    expect(reweighLabelScores(look, labelPart, { labels: 2, share: 0 }, 0.2)).toBe(look);
  });

  it('rejects label scores of another length', () => {
    expect(() => reweighLabelScores(look, labelPart.subarray(1), part, 0.2)).toThrow('Cannot reweigh 2 look scores with 1 label scores.');
  });
});
