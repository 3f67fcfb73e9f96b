import { applyLabelHead, type LabelHead } from './label-head';
import { projectVector, type Projection } from './projection';

/** How a feature's raw vectors become the catalog's stored vectors: a PCA projection, then a label head, each optional. */
export interface StoredSpace {
  projection?: Projection;
  labelHead?: LabelHead;
}

/** Maps a raw, unit-length feature vector (the query's or a catalog photo's) to the stored space. */
export function toStoredVector(space: StoredSpace, raw: Float32Array): Float32Array {
  const projected = space.projection ? projectVector(space.projection, raw) : raw;
  return space.labelHead ? applyLabelHead(space.labelHead, projected) : projected;
}
