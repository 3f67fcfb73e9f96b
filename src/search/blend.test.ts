import { describe, expect, it } from 'vitest';
import { blendScores } from './blend';

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
