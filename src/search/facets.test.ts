import { describe, expect, it } from 'vitest';
import type { CatalogProduct } from '../catalog/manifest';
import { countFilters, facetCounts, filterMask, hasFilters, matchesFilters } from './facets';

function product(id: number, gender: string, articleType: string, baseColour: string): CatalogProduct {
  const subCategory = articleType === 'Heels' ? 'Shoes' : 'Topwear';
  const masterCategory = articleType === 'Heels' ? 'Footwear' : 'Apparel';
  return {
    id, name: `Product ${id}`, gender, masterCategory, subCategory, articleType, baseColour,
    season: '', year: '', usage: '', photo: '', colours: [], thumbnail: '', variants: [],
  };
}

const products = [
  product(1, 'Women', 'Heels', 'Black'),
  product(2, 'Women', 'Heels', 'Red'),
  product(3, 'Women', 'Tops', 'Black'),
  product(4, 'Men', 'Tshirts', 'Black'),
  product(5, 'Men', 'Tshirts', ''),
];

const countsOf = (values: { value: string; count: number }[]) => Object.fromEntries(values.map(({ value, count }) => [value, count]));

describe('facetCounts', () => {
  it('counts every value without filters', () => {
    const counts = facetCounts(products, {});
    expect(countsOf(counts.gender)).toEqual({ Women: 3, Men: 2 });
    expect(countsOf(counts.articleType)).toEqual({ Heels: 2, Tops: 1, Tshirts: 2 });
  });

  it('leaves empty values out', () => {
    expect(countsOf(facetCounts(products, {}).baseColour)).toEqual({ Black: 3, Red: 1 });
  });

  it('counts a field under the other fields’ filters only', () => {
    const counts = facetCounts(products, { gender: 'Women', baseColour: 'Black' });
    // Gender ignores its own filter: Black products by gender.
    expect(countsOf(counts.gender)).toEqual({ Women: 2, Men: 1 });
    // Colour ignores its own filter: Women's products by colour.
    expect(countsOf(counts.baseColour)).toEqual({ Black: 2, Red: 1 });
    // Article type applies both: Black products for Women.
    expect(countsOf(counts.articleType)).toEqual({ Heels: 1, Tops: 1 });
  });

  it('sorts values by count, then by name', () => {
    expect(facetCounts(products, {}).articleType.map(({ value }) => value)).toEqual(['Heels', 'Tshirts', 'Tops']);
  });
});

describe('countFilters', () => {
  it('counts the chosen fields', () => {
    expect(countFilters({})).toBe(0);
    expect(countFilters({ gender: 'Women', articleType: 'Heels' })).toBe(2);
  });
});

describe('filterMask', () => {
  it('returns undefined without filters', () => {
    expect(filterMask(products, {})).toBeUndefined();
    expect(hasFilters({})).toBe(false);
  });

  it('marks the rows that match every filter', () => {
    expect([...filterMask(products, { gender: 'Women', articleType: 'Heels' })!]).toEqual([1, 1, 0, 0, 0]);
  });

  it('marks no row when nothing matches', () => {
    expect([...filterMask(products, { gender: 'Men', articleType: 'Heels' })!]).toEqual([0, 0, 0, 0, 0]);
  });

  it('agrees with matchesFilters', () => {
    const filters = { baseColour: 'Black' };
    const mask = filterMask(products, filters)!;
    products.forEach((item, row) => expect(mask[row] === 1).toBe(matchesFilters(item, filters)));
  });
});
