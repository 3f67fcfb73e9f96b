import type { CatalogProduct, FeatureName } from '../../src/catalog/manifest';
import { quantizeInt8 } from '../../src/catalog/shard-codec';
import { toStoredVector, type StoredSpace } from '../../src/features/stored-space';
import { BLEND_LOOK_LABEL_SHARE, blendScores, reweighLabelScores, type LabelPart } from '../../src/search/blend';
import { scoreAll, type FeatureMatrix } from '../../src/search/rank';
import { fitStoredSpace } from '../catalog/fit-stored-space';

/** Raw vectors of one photo: the two views and the plain whole-frame histogram. */
export interface RawFeatures {
  colour: Float32Array;
  look: Float32Array;
  plainColour: Float32Array;
  /** Look vector of the augmented copy the tool made, for the photos the look space's whitening is fitted on. */
  augmentedLook?: Float32Array;
}

export type RankingName = 'plain colour' | 'plain look' | 'colour' | 'look' | 'blend';
export const RANKING_NAMES: RankingName[] = ['plain colour', 'plain look', 'colour', 'look', 'blend'];

export function float32Matrix(vectors: Float32Array[]): FeatureMatrix {
  const dims = vectors[0].length;
  const values = new Float32Array(vectors.length * dims);
  vectors.forEach((vector, row) => values.set(vector, row * dims));
  return { encoding: 'float32', dims, count: vectors.length, values };
}

/** Encodes vectors as the tool's int8 shards do, so scores match the page's. */
export function int8Matrix(vectors: Float32Array[]): FeatureMatrix {
  const dims = vectors[0].length;
  const values = new Int8Array(vectors.length * dims);
  const scales = new Float32Array(vectors.length);
  vectors.forEach((vector, row) => {
    const quantized = quantizeInt8(vector);
    values.set(quantized.values, row * dims);
    scales[row] = quantized.scale;
  });
  return { encoding: 'int8', dims, count: vectors.length, values, scales };
}

/** Catalog matrices of every ranking: raw float32 for the plain baselines, int8 in a stored space for the page's views. */
export interface RankingSetup {
  plainColour: FeatureMatrix;
  plainLook: FeatureMatrix;
  stored: Record<FeatureName, FeatureMatrix>;
  spaces: Record<FeatureName, StoredSpace>;
}

export function plainMatrices(raw: RawFeatures[]): Pick<RankingSetup, 'plainColour' | 'plainLook'> {
  return { plainColour: float32Matrix(raw.map((f) => f.plainColour)), plainLook: float32Matrix(raw.map((f) => f.look)) };
}

/** Fits the stored spaces on the catalog rows in `fitRows` only, then maps every row with them. */
export async function fitSetup(raw: RawFeatures[], products: CatalogProduct[], fitRows: number[], plain: Pick<RankingSetup, 'plainColour' | 'plainLook'>): Promise<RankingSetup> {
  const spaces = {} as Record<FeatureName, StoredSpace>;
  const stored = {} as Record<FeatureName, FeatureMatrix>;
  for (const feature of ['colour', 'look'] as const) {
    const augmented = feature === 'look' ? fitRows.map((row) => raw[row].augmentedLook) : [];
    spaces[feature] = await fitStoredSpace(feature, fitRows.map((row) => raw[row][feature]), fitRows.map((row) => products[row]), augmented);
    stored[feature] = int8Matrix(raw.map((f) => toStoredVector(spaces[feature], f[feature])));
  }
  return { ...plain, stored, spaces };
}

/** Scores of every catalog row for one query under each ranking, plus what rescoring the blend's look part takes. */
export type QueryScores = Record<RankingName, Float32Array> & {
  /** Look scores as the blend uses them, with BLEND_LOOK_LABEL_SHARE. */
  blendLook: Float32Array;
  /** Dot products of the stored look vectors' label parts alone, when the look space has a label head. */
  lookLabelScores?: Float32Array;
  lookLabels?: LabelPart;
};

/** Scores of every catalog row for one query under each ranking, computed with the page's ranking code. */
export function scoreQuery(setup: RankingSetup, query: RawFeatures, colourWeight: number): QueryScores {
  const colour = scoreAll(setup.stored.colour, toStoredVector(setup.spaces.colour, query.colour));
  const lookQuery = toStoredVector(setup.spaces.look, query.look);
  const look = scoreAll(setup.stored.look, lookQuery);
  const head = setup.spaces.look.labelHead;
  const lookLabels = head && { labels: head.labels.length, share: head.labelShare };
  const lookLabelScores = lookLabels && scoreAll(setup.stored.look, lookQuery, undefined, lookLabels.labels);
  const blendLook = blendLookWithShare({ look, lookLabelScores, lookLabels }, BLEND_LOOK_LABEL_SHARE);
  return {
    'plain colour': scoreAll(setup.plainColour, query.plainColour),
    'plain look': scoreAll(setup.plainLook, query.look),
    colour,
    look,
    blend: blendScores(colour, blendLook, colourWeight),
    blendLook,
    lookLabelScores,
    lookLabels,
  };
}

/** Returns a query's look scores with the label part weighed by `share`, as the blend would with that share. */
export function blendLookWithShare(scores: Pick<QueryScores, 'look' | 'lookLabelScores' | 'lookLabels'>, share: number): Float32Array {
  const { look, lookLabelScores, lookLabels } = scores;
  return lookLabelScores && lookLabels ? reweighLabelScores(look, lookLabelScores, lookLabels, share) : look;
}

/** Returns the setup with another label share for one feature, keeping its classifier and changing only the mix. */
export function withLabelShare(setup: RankingSetup, raw: RawFeatures[], feature: FeatureName, labelShare: number): RankingSetup {
  const head = setup.spaces[feature].labelHead;
  if (!head) return setup;
  const space = { ...setup.spaces[feature], labelHead: { ...head, labelShare } };
  return {
    ...setup,
    spaces: { ...setup.spaces, [feature]: space },
    stored: { ...setup.stored, [feature]: int8Matrix(raw.map((f) => toStoredVector(space, f[feature]))) },
  };
}
