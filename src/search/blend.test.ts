import { describe, expect, it } from 'vitest';
import { blendScores, reweighLabelPart } from './blend';

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

describe('reweighLabelPart', () => {
  // Stored vectors [√s·√p, √(1−s)·x] with s = 0.35: label parts of 2 values, vector parts of 2.
  const share = 0.35;
  const stored = (p: number[], x: number[]) => Float32Array.from([...p.map((value) => Math.sqrt(share * value)), ...x.map((value) => Math.sqrt(1 - share) * value)]);
  const query = stored([0.9, 0.1], [0.6, 0.8]);
  const product = stored([0.2, 0.8], [1, 0]);
  const labelSimilarity = Math.sqrt(0.9 * 0.2) + Math.sqrt(0.1 * 0.8);
  const vectorSimilarity = 0.6;
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * b[i], 0);

  it('keeps the catalog mix at its own share', () => {
    expect(dot(query, product)).toBeCloseTo(share * labelSimilarity + (1 - share) * vectorSimilarity, 6);
    expect(dot(reweighLabelPart(query, { labels: 2, share }, share), product)).toBeCloseTo(dot(query, product), 6);
  });

  it('mixes the parts with another share', () => {
    const reweighed = reweighLabelPart(query, { labels: 2, share }, 0.2);
    expect(dot(reweighed, product)).toBeCloseTo(0.2 * labelSimilarity + 0.8 * vectorSimilarity, 6);
  });

  it('scores the vector part alone at share 0', () => {
    const reweighed = reweighLabelPart(query, { labels: 2, share }, 0);
    expect(dot(reweighed, product)).toBeCloseTo(vectorSimilarity, 6);
  });

  it('leaves a vector without a label part unchanged', () => {
    expect(reweighLabelPart(query, { labels: 2, share: 0 }, 0.2)).toBe(query);
  });
});
