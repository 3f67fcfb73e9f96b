import * as Comlink from 'comlink';
import type { FeatureName } from '../src/catalog/manifest';
import { rankTopK, type FeatureMatrix, type RankedItem } from '../src/search/rank';

let matrices: Partial<Record<FeatureName, FeatureMatrix>> = {};

const api = {
  /** Takes over the catalog's feature matrices; the caller transfers their buffers. */
  setCatalog(colour: FeatureMatrix, look: FeatureMatrix): void {
    matrices = { colour, look };
  },

  /** Ranks the whole catalog by cosine similarity to a query already in the stored space. */
  rank(feature: FeatureName, query: Float32Array, k: number): RankedItem[] {
    const matrix = matrices[feature];
    if (!matrix) throw new Error('The ranking worker has no catalog yet.');
    return rankTopK(matrix, query, k);
  },
};

export type RankWorkerApi = typeof api;

Comlink.expose(api);
