import { describe, expect, it } from 'vitest';
import type { StyleRow } from './read-styles';
import { sampleByArticleType } from './sample';
import type { ImageGroup } from './scan-images';

function styleRow(productId: number, articleType: string): StyleRow {
  return {
    productId,
    id: String(productId),
    gender: 'Men',
    masterCategory: 'Apparel',
    subCategory: 'Topwear',
    articleType,
    baseColour: 'Blue',
    season: 'Fall',
    year: '2011',
    usage: 'Casual',
    productDisplayName: `Product ${productId}`,
  };
}

function groupOf(productId: number, articleType: string): ImageGroup {
  return {
    sha256: productId.toString(16).padStart(64, '0'),
    file: `/catalog/images/${productId}.jpg`,
    rows: [styleRow(productId, articleType)],
  };
}

/**
 * Builds a catalog of 1000 groups: 600 Tshirts, 300 Shirts, 90 Watches and 10 rare types
 * with one group each. Ids are interleaved so no type occupies one id range.
 */
function unevenCatalog(): ImageGroup[] {
  const types = [
    ...Array<string>(600).fill('Tshirts'),
    ...Array<string>(300).fill('Shirts'),
    ...Array<string>(90).fill('Watches'),
    ...Array.from({ length: 10 }, (_, n) => `Rare ${n}`),
  ];
  // 7919 is prime, so n × 7919 mod 1000 visits every position once.
  return types.map((type, n) => groupOf(1000 + ((n * 7919) % 1000), type));
}

const idsOf = (groups: ImageGroup[]): number[] => groups.map((group) => group.rows[0].productId);

function countByType(groups: ImageGroup[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const group of groups) {
    const type = group.rows[0].articleType;
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}

describe('sampleByArticleType', () => {
  it('gives the same ids for the same input', () => {
    const first = idsOf(sampleByArticleType(unevenCatalog(), 100));
    const second = idsOf(sampleByArticleType(unevenCatalog(), 100));
    expect(second).toEqual(first);
  });

  it('ignores the order of the input', () => {
    const reversed = unevenCatalog().reverse();
    expect(idsOf(sampleByArticleType(reversed, 100))).toEqual(idsOf(sampleByArticleType(unevenCatalog(), 100)));
  });

  it('changes the pick with the seed', () => {
    const catalog = unevenCatalog();
    const withDefault = idsOf(sampleByArticleType(catalog, 100));
    const withOther = idsOf(sampleByArticleType(catalog, 100, 'another seed'));
    expect(withOther).not.toEqual(withDefault);
    expect(countByType(sampleByArticleType(catalog, 100, 'another seed'))).toEqual(countByType(sampleByArticleType(catalog, 100)));
  });

  it('keeps each type in proportion', () => {
    const sample = sampleByArticleType(unevenCatalog(), 100);
    const counts = countByType(sample);

    // Quota = round(members × 100 / 1000), at least 1: Tshirts 60, Shirts 30, Watches 9,
    // and each rare type round(0.1) = 0 raised to 1. Total 60 + 30 + 9 + 10 = 109.
    expect(counts.get('Tshirts')).toBe(60);
    expect(counts.get('Shirts')).toBe(30);
    expect(counts.get('Watches')).toBe(9);
    expect(sample.length).toBe(109);
  });

  it('keeps at least one group per type', () => {
    const counts = countByType(sampleByArticleType(unevenCatalog(), 20));
    for (let n = 0; n < 10; n++) expect(counts.get(`Rare ${n}`), `Rare ${n}`).toBe(1);
    // Tshirts round(600 × 20 / 1000) = 12, Shirts 6, Watches round(1.8) = 2.
    expect(counts.get('Tshirts')).toBe(12);
    expect(counts.get('Shirts')).toBe(6);
    expect(counts.get('Watches')).toBe(2);
  });

  it('returns distinct input groups sorted by id', () => {
    const catalog = unevenCatalog();
    const sample = sampleByArticleType(catalog, 250);
    const ids = idsOf(sample);

    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    for (const group of sample) expect(catalog).toContain(group);
  });

  it('spreads the pick beyond the lowest ids', () => {
    const tshirts = unevenCatalog().filter((group) => group.rows[0].articleType === 'Tshirts');
    const lowest = idsOf(tshirts).sort((a, b) => a - b).slice(0, 60);
    const picked = idsOf(sampleByArticleType(unevenCatalog(), 100)).filter((id) => idsOf(tshirts).includes(id));
    expect(picked).not.toEqual(lowest);
  });

  it('returns all groups when size reaches the count', () => {
    const catalog = unevenCatalog();
    expect(sampleByArticleType(catalog, 1000)).toEqual(catalog);
    expect(sampleByArticleType(catalog, 5000)).toEqual(catalog);
  });

  it('groups rows without a type together', () => {
    const catalog = [
      ...Array.from({ length: 8 }, (_, n) => groupOf(n + 1, '')),
      ...Array.from({ length: 8 }, (_, n) => groupOf(n + 100, 'Shirts')),
    ];
    const sample = sampleByArticleType(catalog, 8);
    // Each type gets round(8 × 8 / 16) = 4.
    expect(countByType(sample)).toEqual(new Map([['', 4], ['Shirts', 4]]));
  });
});
