import { describe, expect, it } from 'vitest';
import { EXACT_MATCH_MIN_COLOUR, EXACT_MATCH_MIN_LOOK, isNearCopy } from './exact-match';

const item = (colour: number, look?: number) => ({ index: 0, score: 0, colour, look });

describe('isNearCopy', () => {
  it('accepts both similarities at their thresholds', () => {
    expect(isNearCopy(item(EXACT_MATCH_MIN_COLOUR, EXACT_MATCH_MIN_LOOK))).toBe(true);
  });

  it('rejects a look similarity just below its threshold', () => {
    expect(isNearCopy(item(1, EXACT_MATCH_MIN_LOOK - 0.001))).toBe(false);
  });

  it('rejects a colour similarity just below its threshold', () => {
    expect(isNearCopy(item(EXACT_MATCH_MIN_COLOUR - 0.001, 1))).toBe(false);
  });

  it('rejects an item without a look similarity', () => {
    expect(isNearCopy(item(1))).toBe(false);
    expect(isNearCopy(undefined)).toBe(false);
  });
});
