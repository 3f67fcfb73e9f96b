import { float16DecodeTable } from '../catalog/float16';

/** A ranked catalog row: its index in the product list and its cosine similarity to the query. */
export interface RankedItem {
  index: number;
  score: number;
}

/** Feature vectors of the whole catalog, L2-normalized and stored as float16 bits, row-major. */
export interface FeatureMatrix {
  dims: number;
  count: number;
  values: Uint16Array;
}

/**
 * Scores every row by its dot product with a unit-length query (their cosine
 * similarity, since the rows are unit length too) and returns the `k` best,
 * highest first, ties broken by lower index.
 */
export function rankTopK(matrix: FeatureMatrix, query: Float32Array, k: number): RankedItem[] {
  if (query.length !== matrix.dims) {
    throw new Error(`Query has ${query.length} dimensions, the catalog ${matrix.dims}.`);
  }

  if (k < 1) return [];

  const table = float16DecodeTable();
  const { dims, count, values } = matrix;
  const best: RankedItem[] = [];

  for (let row = 0; row < count; row++) {
    let score = 0;
    const offset = row * dims;
    for (let i = 0; i < dims; i++) score += query[i] * table[values[offset + i]];

    if (best.length < k || score > best[best.length - 1].score) {
      let at = best.length;
      while (at > 0 && best[at - 1].score < score) at--;
      best.splice(at, 0, { index: row, score });
      if (best.length > k) best.pop();
    }
  }

  return best;
}
