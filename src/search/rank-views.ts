import { float16DecodeTable } from '../catalog/float16';
import type { FeatureName } from '../catalog/manifest';
import { normalizeL2 } from '../features/vector';
import { BLEND_LOOK_LABEL_SHARE, blendScores, reweighLabelScores, type LabelPart } from './blend';
import { scoreAll, topK, type FeatureMatrix } from './rank';

/** A query's unit-length vectors in the stored (projected) space. `look` is missing until the embedding is done. */
export interface QueryVectors {
  colour: Float32Array;
  look?: Float32Array;
}

export interface RankRequest {
  query: QueryVectors;
  k: number;
  /** Share of colour in the blended score, 0 to 1. */
  colourWeight: number;
  /** 1 for each catalog row that may be ranked, in product order. Undefined ranks every row. */
  allowed?: Uint8Array;
  /** A row left out of the results, such as the product a "More like this" search starts from. */
  exclude?: number;
  /** A row put first in every view when `allowed` admits it, such as the exact match of the query photo. */
  pin?: number;
  /** The look vectors' label part, so the blend weighs it with BLEND_LOOK_LABEL_SHARE. Undefined blends the look scores as they are. */
  lookLabels?: LabelPart;
}

/** A ranked catalog row with its score in the view and both of its similarities to the query. */
export interface MatchedItem {
  index: number;
  score: number;
  colour: number;
  /** Undefined while the query has no look vector. */
  look?: number;
}

/** The same query ranked three ways. `look` and `blend` are missing while the query has no look vector. */
export interface RankedViews {
  colour: MatchedItem[];
  look?: MatchedItem[];
  blend?: MatchedItem[];
  /** True when the pinned row was allowed and so is first in every view. */
  pinned: boolean;
}

/**
 * Ranks the catalog by colour, by look and by their blend for one query,
 * ranking only the allowed rows, so a filter returns `k` matching products
 * rather than the matches among the `k` best overall.
 */
export function rankViews(
  matrices: Record<FeatureName, FeatureMatrix>,
  request: RankRequest,
  score: Scorer = (feature, query, length) => scoreAll(matrices[feature], query, undefined, length),
): RankedViews {
  const { query, k, colourWeight, allowed, exclude, pin, lookLabels } = request;
  if (allowed && allowed.length !== matrices.colour.count) {
    throw new Error(`Filter mask has ${allowed.length} rows, the catalog ${matrices.colour.count}.`);
  }

  const isAllowed = (row: number) => !allowed || allowed[row] === 1;
  const pinned = pin !== undefined && pin !== exclude && pin >= 0 && pin < matrices.colour.count && isAllowed(pin);
  const accept = (row: number) => row !== exclude && isAllowed(row) && !(pinned && row === pin);
  const others = pinned ? k - 1 : k;

  const colourScores = score('colour', query.colour);
  const lookScores = query.look ? score('look', query.look) : undefined;
  const describe = ({ index, score }: { index: number; score: number }): MatchedItem => ({
    index,
    score,
    colour: colourScores[index],
    look: lookScores?.[index],
  });
  const rank = (scores: Float32Array): MatchedItem[] => {
    const ranked = topK(scores, Math.max(0, others), accept).map(describe);
    if (pinned && k > 0) ranked.unshift(describe({ index: pin, score: scores[pin] }));
    return ranked;
  };

  if (!lookScores) return { colour: rank(colourScores), pinned };
  const blendLookScores = lookLabels
    ? reweighLabelScores(lookScores, score('look', query.look!, lookLabels.labels), lookLabels, BLEND_LOOK_LABEL_SHARE)
    : lookScores;
  return {
    colour: rank(colourScores),
    look: rank(lookScores),
    blend: rank(blendScores(colourScores, blendLookScores, colourWeight)),
    pinned,
  };
}

/** Decodes one stored row of a feature matrix into a unit-length float32 vector, usable as a query. */
export function storedVector(matrix: FeatureMatrix, row: number): Float32Array {
  if (!Number.isInteger(row) || row < 0 || row >= matrix.count) {
    throw new Error(`Row ${row} is outside the catalog's ${matrix.count} rows.`);
  }

  const { dims } = matrix;
  const start = row * dims;
  const vector = new Float32Array(dims);
  if (matrix.encoding === 'int8') {
    for (let i = 0; i < dims; i++) vector[i] = matrix.values[start + i] * matrix.scales[row];
  } else if (matrix.encoding === 'float16') {
    const table = float16DecodeTable();
    for (let i = 0; i < dims; i++) vector[i] = table[matrix.values[start + i]];
  } else {
    vector.set(matrix.values.subarray(start, start + dims));
  }
  return normalizeL2(vector);
}

/** Scores every catalog row of a feature for a query, over the first `length` dimensions when given (see scoreAll). */
export type Scorer = (feature: FeatureName, query: Float32Array, length?: number) => Float32Array;

/**
 * Returns a scorer that keeps the last query and its scores of each feature
 * and length. A rerank of the same query (when the look vector arrives after
 * the colour one, or a filter or the slider changes) then scores only what
 * changed.
 */
export function memoizedScorer(matrices: () => Record<FeatureName, FeatureMatrix>): Scorer {
  const last = new Map<string, { query: Float32Array; matrix: FeatureMatrix; scores: Float32Array }>();
  return (feature, query, length) => {
    const matrix = matrices()[feature];
    const slot = `${feature} ${length ?? matrix.dims}`;
    const previous = last.get(slot);
    if (previous && previous.matrix === matrix && previous.query.length === query.length && previous.query.every((value, i) => value === query[i])) {
      return previous.scores;
    }
    const scores = scoreAll(matrix, query, undefined, length);
    last.set(slot, { query: Float32Array.from(query), matrix, scores });
    return scores;
  };
}
