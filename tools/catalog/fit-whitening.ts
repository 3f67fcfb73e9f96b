import type { Projection } from '../../src/features/projection';
import { symmetricEigen } from './symmetric-eigen';

/** A matching pair: a catalog photo's vector and the vector of another photo of the same product. */
export type VectorPair = [Float32Array, Float32Array];

/**
 * Fits a learned whitening, as used in instance image retrieval: the inverse
 * square root of the covariance of the differences within matching pairs,
 * then a rotation onto the principal axes of the catalog's covariance in
 * that whitened space. Directions in which photos of one product differ
 * (background, light, framing) shrink, and directions that tell products
 * apart keep their spread.
 * Returns the `dims × dims` matrix as rows.
 *
 * `regularization` is added to the pairs' covariance as that share of its
 * mean eigenvalue, so directions the pairs barely sample are not blown up.
 */
export function fitLearnedWhitening(catalog: Float32Array[], pairs: VectorPair[], regularization: number): Float64Array[] {
  const dims = catalog[0]?.length ?? 0;
  if (pairs.length < dims) throw new Error(`Learned whitening of ${dims} dimensions needs at least ${dims} matching pairs, got ${pairs.length}.`);

  const within = new Float64Array(dims * dims);
  const difference = new Float64Array(dims);
  for (const [a, b] of pairs) {
    for (let i = 0; i < dims; i++) difference[i] = a[i] - b[i];
    addOuterProduct(within, difference, 1 / pairs.length);
  }
  let trace = 0;
  for (let i = 0; i < dims; i++) trace += within[i * dims + i];
  for (let i = 0; i < dims; i++) within[i * dims + i] += (regularization * trace) / dims;

  const mean = new Float64Array(dims);
  for (const vector of catalog) for (let i = 0; i < dims; i++) mean[i] += vector[i] / catalog.length;
  const spread = new Float64Array(dims * dims);
  for (const vector of catalog) {
    for (let i = 0; i < dims; i++) difference[i] = vector[i] - mean[i];
    addOuterProduct(spread, difference, 1 / catalog.length);
  }

  const whiten = inverseSquareRoot(within, dims);
  const rotation = symmetricEigen(multiply(multiply(whiten, spread, dims), whiten, dims), dims).vectors;
  const rows = multiply(flatten(rotation, dims), whiten, dims);
  return Array.from({ length: dims }, (_, row) => rows.slice(row * dims, (row + 1) * dims));
}

/** Returns the projection followed by `rows`: one linear map, so the page applies it as any PCA. */
export function composeProjection(projection: Projection, rows: Float64Array[]): Projection {
  const { inputDims, outputDims, basis } = projection;
  if (rows.some((row) => row.length !== outputDims)) throw new Error(`Whitening rows must have ${outputDims} values, the projection's output size.`);

  const composed = new Float32Array(rows.length * inputDims);
  rows.forEach((row, out) => {
    for (let k = 0; k < outputDims; k++) {
      const weight = row[k];
      if (weight === 0) continue;
      const from = k * inputDims;
      const to = out * inputDims;
      for (let i = 0; i < inputDims; i++) composed[to + i] += weight * basis[from + i];
    }
  });
  return { inputDims, outputDims: rows.length, mean: projection.mean, basis: composed };
}

function addOuterProduct(matrix: Float64Array, vector: Float64Array, weight: number): void {
  const dims = vector.length;
  for (let i = 0; i < dims; i++) {
    const scaled = vector[i] * weight;
    if (scaled === 0) continue;
    for (let j = 0; j < dims; j++) matrix[i * dims + j] += scaled * vector[j];
  }
}

function inverseSquareRoot(matrix: Float64Array, dims: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, dims);
  const out = new Float64Array(dims * dims);
  values.forEach((value, k) => {
    const scale = 1 / Math.sqrt(value);
    const vector = vectors[k];
    for (let i = 0; i < dims; i++) for (let j = 0; j < dims; j++) out[i * dims + j] += vector[i] * scale * vector[j];
  });
  return out;
}

function multiply(a: Float64Array, b: Float64Array, dims: number): Float64Array {
  const out = new Float64Array(dims * dims);
  for (let i = 0; i < dims; i++) {
    for (let k = 0; k < dims; k++) {
      const left = a[i * dims + k];
      if (left === 0) continue;
      for (let j = 0; j < dims; j++) out[i * dims + j] += left * b[k * dims + j];
    }
  }
  return out;
}

function flatten(rows: Float64Array[], dims: number): Float64Array {
  const out = new Float64Array(rows.length * dims);
  rows.forEach((row, n) => out.set(row, n * dims));
  return out;
}
