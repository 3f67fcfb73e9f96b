import type { CatalogProduct } from '../catalog/manifest';

/** Product metadata fields the shopper can filter on, in the order the page shows them. */
export const FACET_FIELDS = ['gender', 'masterCategory', 'subCategory', 'articleType', 'baseColour'] as const;

export type FacetField = (typeof FACET_FIELDS)[number];

/** The chosen value of each filtered field; a missing field matches every product. */
export type Filters = Partial<Record<FacetField, string>>;

/** One value of a field and how many products would match if it were chosen. */
export interface FacetValue {
  value: string;
  count: number;
}

export function hasFilters(filters: Filters): boolean {
  return FACET_FIELDS.some((field) => filters[field] !== undefined);
}

export function countFilters(filters: Filters): number {
  return FACET_FIELDS.filter((field) => filters[field] !== undefined).length;
}

/** Tests a product against every chosen field except `skip`. */
function matchesExcept(product: CatalogProduct, filters: Filters, skip?: FacetField): boolean {
  for (const field of FACET_FIELDS) {
    const chosen = filters[field];
    if (field !== skip && chosen !== undefined && product[field] !== chosen) return false;
  }
  return true;
}

export function matchesFilters(product: CatalogProduct, filters: Filters): boolean {
  return matchesExcept(product, filters);
}

/**
 * Counts each field's values among the products that match the filters of
 * the other fields, so a count is what the result set would hold with that
 * value chosen. Values are sorted by count, highest first, then by name.
 * Products with an empty field are counted under no value.
 */
export function facetCounts(products: readonly CatalogProduct[], filters: Filters): Record<FacetField, FacetValue[]> {
  const counts = Object.fromEntries(FACET_FIELDS.map((field) => [field, new Map<string, number>()])) as Record<FacetField, Map<string, number>>;

  for (const product of products) {
    for (const field of FACET_FIELDS) {
      const value = product[field];
      if (value && matchesExcept(product, filters, field)) counts[field].set(value, (counts[field].get(value) ?? 0) + 1);
    }
  }

  const sorted = (map: Map<string, number>): FacetValue[] =>
    [...map].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return Object.fromEntries(FACET_FIELDS.map((field) => [field, sorted(counts[field])])) as Record<FacetField, FacetValue[]>;
}

/**
 * Marks with 1 the catalog rows that match the filters, in product order, for
 * the ranking worker to rank only those. Returns undefined when nothing is
 * filtered, so the worker ranks every row.
 */
export function filterMask(products: readonly CatalogProduct[], filters: Filters): Uint8Array | undefined {
  if (!hasFilters(filters)) return undefined;

  const mask = new Uint8Array(products.length);
  products.forEach((product, row) => {
    if (matchesFilters(product, filters)) mask[row] = 1;
  });
  return mask;
}
