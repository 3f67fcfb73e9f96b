import { describe, expect, it } from 'vitest';
import { usesWhitening } from './fit-stored-space';

describe('usesWhitening', () => {
  it('whitens the look of a catalog large enough for its PCA', () => {
    expect(usesWhitening('look', 500)).toBe(true);
    expect(usesWhitening('look', 43_072)).toBe(true);
  });

  it('skips a catalog too small for the PCA', () => {
    expect(usesWhitening('look', 384)).toBe(false);
    expect(usesWhitening('look', 20)).toBe(false);
  });

  it('never whitens colour', () => {
    expect(usesWhitening('colour', 8_000)).toBe(false);
  });
});
