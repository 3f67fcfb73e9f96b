import { describe, expect, it } from 'vitest';
import { augmentSeedOf, chooseAugmentedPhotos } from './augmented-looks';

describe('chooseAugmentedPhotos', () => {
  it('keeps every photo of a small catalog', () => {
    const photos = [1, 2, 3];
    expect(chooseAugmentedPhotos(photos, 5)).toEqual([1, 2, 3]);
  });

  it('spreads the choice over a large catalog', () => {
    const photos = Array.from({ length: 100 }, (_, n) => n);
    const chosen = chooseAugmentedPhotos(photos, 10);
    expect(chosen).toEqual([5, 15, 25, 35, 45, 55, 65, 75, 85, 95]);
  });
});

describe('augmentSeedOf', () => {
  it('reads the seed from the photo hash', () => {
    expect(augmentSeedOf('0000002a' + 'f'.repeat(56))).toBe(42);
    expect(augmentSeedOf('ffffffff' + '0'.repeat(56))).toBe(2 ** 32 - 1);
  });
});
