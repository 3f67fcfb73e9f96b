/** The product fields a ranking is judged on. */
export interface Labels {
  articleType: string;
  baseColour: string;
}

export interface PrecisionAtK {
  type: number;
  colour: number;
  both: number;
}

/**
 * Computes precision at k of one ranking: the share of its first `k` results
 * with the query's article type, its base colour, and both. Results past `k`
 * are ignored; a ranking shorter than `k` counts its missing places as misses.
 */
export function precisionAtK(query: Labels, results: Labels[], k: number): PrecisionAtK {
  let type = 0;
  let colour = 0;
  let both = 0;

  for (const result of results.slice(0, k)) {
    const sameType = result.articleType === query.articleType;
    const sameColour = result.baseColour === query.baseColour && query.baseColour !== '';
    if (sameType) type++;
    if (sameColour) colour++;
    if (sameType && sameColour) both++;
  }

  return { type: type / k, colour: colour / k, both: both / k };
}

/** Averages precision figures; an empty list averages to zero. */
export function meanPrecision(values: PrecisionAtK[]): PrecisionAtK {
  const sum = values.reduce((total, value) => ({
    type: total.type + value.type,
    colour: total.colour + value.colour,
    both: total.both + value.both,
  }), { type: 0, colour: 0, both: 0 });
  const count = Math.max(1, values.length);
  return { type: sum.type / count, colour: sum.colour / count, both: sum.both / count };
}

/** Ids of a ranked product for exact-item recall: its own id and the ids collapsed into it. */
export interface ProductIds {
  id: number;
  variants: { id: number }[];
}

/**
 * Returns 1 when one of the first `k` results is the expected product, or
 * the group it was collapsed into as a variant, and 0 otherwise.
 */
export function recallAtK(expectedId: number, results: ProductIds[], k: number): number {
  return results.slice(0, k).some((result) => result.id === expectedId || result.variants.some((variant) => variant.id === expectedId)) ? 1 : 0;
}
