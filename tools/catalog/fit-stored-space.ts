import type { CatalogProduct, FeatureName } from '../../src/catalog/manifest';
import type { ShardEncoding } from '../../src/catalog/shard-codec';
import { projectVector } from '../../src/features/projection';
import { powerNormalize, type StoredSpace } from '../../src/features/stored-space';
import { fitLabelHead } from './fit-label-head';
import { fitProjection } from './fit-projection';
import { MAX_AUGMENTED_PHOTOS } from './augmented-looks';
import { composeProjection, fitLearnedWhitening, type VectorPair } from './fit-whitening';

/** Augmented photos needed per whitened dimension, an estimate: with fewer, the pairs' covariance is too noisy to invert well. */
const MIN_PAIRS_PER_DIMENSION = 2;

interface FeatureLayout {
  /** Power normalization of the raw values, or undefined for none. */
  power?: number;
  /** PCA dimensions, or undefined to keep the raw vector. */
  projectTo?: number;
  /** Regularization of the learned whitening after the PCA (see fitLearnedWhitening), or undefined for none. */
  whitening?: number;
  /** Product field the label head learns. */
  label: 'articleType' | 'baseColour';
  /** Share of the label similarity in the stored vector's cosine. */
  labelShare: number;
  encoding: ShardEncoding;
}

/**
 * Storage recipe of each feature, chosen with `npm run eval` on the default
 * catalog. Look: 2048-d ResNet50, square-rooted (which kept a shopper's
 * photo of a catalog product in the top 10 more often: 84 % against 77 %),
 * to 192-d PCA, a learned whitening fitted on augmented catalog photos
 * (shoppers' photos in the top 10 of the unlabelled vector: 83 % to 94 %),
 * plus an article-type head. Label shares of 0.35 (from
 * `npm run eval -- --sweep`): more raises type P@10 by under a point but
 * costs exact-item recall on shoppers' photos, whose labels the heads
 * predict less surely.
 * NOTE: at 0.35 the Look view has a shopper's photo of a catalog product in
 * its top 10 85 % of the time. The blend, which shoppers see first, gives
 * the label part its own smaller share (BLEND_LOOK_LABEL_SHARE) and reaches
 * 93 %.
 * Colour: the 114-bin product histogram plus a base-colour head. Both int8,
 * together under 512 bytes a product for the whole dataset's 143 article
 * types and 46 colours.
 */
export const FEATURE_LAYOUT: Record<FeatureName, FeatureLayout> = {
  colour: { label: 'baseColour', labelShare: 0.35, encoding: 'int8' },
  look: { power: 0.5, projectTo: 192, whitening: 0.05, label: 'articleType', labelShare: 0.35, encoding: 'int8' },
};

/** Returns whether a catalog of `count` products gets the feature's learned whitening, so the tool embeds augmented copies only then. */
export function usesWhitening(name: FeatureName, count: number): boolean {
  const { whitening, projectTo } = FEATURE_LAYOUT[name];
  return whitening !== undefined && projectTo !== undefined && count > 2 * projectTo && Math.min(count, MAX_AUGMENTED_PHOTOS) >= MIN_PAIRS_PER_DIMENSION * projectTo;
}

/**
 * Fits how a feature's raw vectors map to stored ones on the given catalog
 * products: a PCA when the catalog has more than twice the target's products,
 * a learned whitening when the layout sets one and `augmented` contains
 * enough vectors (of augmented copies of the products' photos, undefined
 * where there is none), then a label head when at least two labels have
 * enough products.
 */
export async function fitStoredSpace(name: FeatureName, vectors: Float32Array[], products: Pick<CatalogProduct, 'articleType' | 'baseColour'>[], augmented: (Float32Array | undefined)[] = []): Promise<StoredSpace> {
  const layout = FEATURE_LAYOUT[name];
  const space: StoredSpace = layout.power !== undefined ? { power: layout.power } : {};
  const inputDims = vectors[0]?.length ?? 0;
  const toPowered = (vector: Float32Array) => (layout.power !== undefined ? powerNormalize(vector, layout.power) : vector);

  let projected = vectors.map(toPowered);
  if (layout.projectTo !== undefined && layout.projectTo < inputDims && vectors.length > 2 * layout.projectTo) {
    space.projection = await fitProjection(projected, layout.projectTo);
    projected = projected.map((vector) => projectVector(space.projection!, vector));
  }

  if (layout.whitening !== undefined && space.projection) {
    const pairs = augmented.flatMap((copy, row): VectorPair[] => (copy ? [[projected[row], projectVector(space.projection!, toPowered(copy))]] : []));
    if (pairs.length >= MIN_PAIRS_PER_DIMENSION * layout.projectTo!) {
      space.projection = composeProjection(space.projection, fitLearnedWhitening(projected, pairs, layout.whitening));
      projected = vectors.map((vector) => projectVector(space.projection!, toPowered(vector)));
    } else {
      console.warn(`No learned whitening for the ${name} feature: it needs ${MIN_PAIRS_PER_DIMENSION * layout.projectTo!} augmented photos, got ${pairs.length}.`);
    }
  }

  const labels = products.map((product) => product[layout.label]);
  try {
    space.labelHead = await fitLabelHead(projected, labels, layout.labelShare);
  } catch (error) {
    console.warn(`No ${layout.label} head for the ${name} feature, so ${name} search ranks by the ${space.projection ? 'projected ' : ''}vectors alone: ${(error as Error).message}`);
  }
  return space;
}
