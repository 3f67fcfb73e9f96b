import { describe, expect, it } from 'vitest';
import { meanPrecision, precisionAtK, recallAtK } from './precision';

const shirt = (baseColour: string) => ({ articleType: 'Shirts', baseColour });
const jeans = (baseColour: string) => ({ articleType: 'Jeans', baseColour });

describe('precisionAtK', () => {
  it('counts type, colour and both in the first k', () => {
    // Query: a blue shirt. Results: blue shirt, red shirt, blue jeans, black jeans, then one past k.
    const results = [shirt('Blue'), shirt('Red'), jeans('Blue'), jeans('Black'), shirt('Blue')];

    const precision = precisionAtK(shirt('Blue'), results, 4);

    expect(precision.type).toBe(2 / 4);
    expect(precision.colour).toBe(2 / 4);
    expect(precision.both).toBe(1 / 4);
  });

  it('counts missing places as misses', () => {
    const precision = precisionAtK(shirt('Blue'), [shirt('Blue')], 10);

    expect(precision.type).toBe(0.1);
    expect(precision.both).toBe(0.1);
  });

  it('never matches an empty query colour', () => {
    const precision = precisionAtK(shirt(''), [shirt(''), shirt('')], 2);

    expect(precision.colour).toBe(0);
    expect(precision.type).toBe(1);
  });
});

describe('meanPrecision', () => {
  it('averages each figure', () => {
    const mean = meanPrecision([{ type: 1, colour: 0, both: 0 }, { type: 0.5, colour: 0.5, both: 0.25 }]);

    expect(mean).toEqual({ type: 0.75, colour: 0.25, both: 0.125 });
  });

  it('returns zeros for no rankings', () => {
    expect(meanPrecision([])).toEqual({ type: 0, colour: 0, both: 0 });
  });
});

describe('recallAtK', () => {
  const results = [{ id: 1, variants: [] }, { id: 2, variants: [{ id: 7 }] }, { id: 3, variants: [] }];

  it('finds the expected product within k', () => {
    expect(recallAtK(2, results, 2)).toBe(1);
  });

  it('misses a product ranked past k', () => {
    expect(recallAtK(3, results, 2)).toBe(0);
  });

  it('counts a variant of a result as found', () => {
    expect(recallAtK(7, results, 2)).toBe(1);
  });

  it('misses a product not in the results', () => {
    expect(recallAtK(9, results, 10)).toBe(0);
  });
});
