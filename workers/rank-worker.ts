import * as Comlink from 'comlink';
import type { FeatureName } from '../src/catalog/manifest';
import type { FeatureMatrix } from '../src/search/rank';
import { memoizedScorer, rankViews, storedVector, type QueryVectors, type RankRequest, type RankedViews } from '../src/search/rank-views';

let matrices: Record<FeatureName, FeatureMatrix> | undefined;
const score = memoizedScorer(catalog);

function catalog(): Record<FeatureName, FeatureMatrix> {
  if (!matrices) throw new Error('The ranking worker has no catalog yet.');
  return matrices;
}

const api = {
  /** Takes over the catalog's feature matrices; the caller transfers their buffers. */
  setCatalog(colour: FeatureMatrix, look: FeatureMatrix): void {
    matrices = { colour, look };
  },

  /** Ranks the whole catalog by colour, look and blend for a query already in the stored space. */
  rank(request: RankRequest): RankedViews {
    return rankViews(catalog(), request, score);
  },

  /** Decodes a product's stored rows into query vectors, for "More like this" without inference. */
  storedQuery(row: number): Required<QueryVectors> {
    const { colour, look } = catalog();
    return { colour: storedVector(colour, row), look: storedVector(look, row) };
  },
};

export type RankWorkerApi = typeof api;

Comlink.expose(api);
