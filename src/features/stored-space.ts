import { applyLabelHead, type LabelHead } from './label-head';
import { projectVector, type Projection } from './projection';
import { normalizeL2 } from './vector';

/**
 * Mapping from a feature's raw vectors to the catalog's stored vectors: a
 * power normalization, a PCA projection, then a label head, each optional.
 */
export interface StoredSpace {
  /** Exponent applied to each value's magnitude, keeping its sign, before renormalizing. */
  power?: number;
  projection?: Projection;
  labelHead?: LabelHead;
}

/** Raises each value's magnitude to `power`, keeping its sign, and rescales to unit length. */
export function powerNormalize(vector: Float32Array, power: number): Float32Array {
  return normalizeL2(vector.map((value) => Math.sign(value) * Math.abs(value) ** power));
}

/** Maps a raw, unit-length feature vector (the query's or a catalog photo's) to the stored space. */
export function toStoredVector(space: StoredSpace, raw: Float32Array): Float32Array {
  const powered = space.power !== undefined ? powerNormalize(raw, space.power) : raw;
  const projected = space.projection ? projectVector(space.projection, powered) : powered;
  return space.labelHead ? applyLabelHead(space.labelHead, projected) : projected;
}
