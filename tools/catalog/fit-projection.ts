import * as tf from '@tensorflow/tfjs';
import type { Projection } from '../../src/features/projection';
import { useWasmBackend } from './tfjs-wasm';

/** Rows used to fit a projection: enough for a stable 2048×2048 covariance, small enough to fit in seconds. */
const MAX_FIT_ROWS = 8000;
/** Power iterations of the subspace iteration; each sharpens the subspace towards the top principal components. */
const POWER_ITERATIONS = 8;

/** Deterministic uniform values in [0, 1), so refills of dependent columns repeat across runs. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Orthonormalizes the columns of a rows×columns row-major matrix in float64
 * by modified Gram-Schmidt, twice over for accuracy. A column that depends on
 * the earlier ones (a rank-deficient covariance) is refilled with a random
 * direction, so the basis always has every column.
 */
function orthonormalize(matrix: Float32Array, rows: number, columns: number, random: () => number): Float32Array {
  const basis: Float64Array[] = [];
  for (let c = 0; c < columns; c++) {
    let column = Float64Array.from({ length: rows }, (_, r) => matrix[r * columns + c]);

    for (let attempt = 0; attempt < 3; attempt++) {
      const before = Math.hypot(...column);
      for (let pass = 0; pass < 2; pass++) {
        for (const previous of basis) {
          let dot = 0;
          for (let r = 0; r < rows; r++) dot += previous[r] * column[r];
          for (let r = 0; r < rows; r++) column[r] -= dot * previous[r];
        }
      }
      const norm = Math.hypot(...column);
      if (norm > 1e-6 * before && norm > 0) {
        for (let r = 0; r < rows; r++) column[r] /= norm;
        break;
      }
      column = Float64Array.from({ length: rows }, () => random() - 0.5);
    }
    basis.push(column);
  }

  const out = new Float32Array(rows * columns);
  basis.forEach((column, c) => column.forEach((value, r) => (out[r * columns + c] = value)));
  return out;
}

function evenlySpacedRows(count: number, max: number): number[] {
  const step = Math.max(1, count / max);
  const rows: number[] = [];
  for (let at = 0; at < count && rows.length < max; at += step) rows.push(Math.floor(at));
  return rows;
}

/**
 * Fits a PCA projection to `outputDims` dimensions on the given vectors by
 * subspace iteration on their covariance. Only the spanned subspace matters
 * for cosine ranking, so the basis is any orthonormal basis of it, not the
 * sorted eigenvectors. Deterministic for the same input.
 */
export async function fitProjection(vectors: Float32Array[], outputDims: number): Promise<Projection> {
  if (vectors.length === 0) throw new Error('Cannot fit a projection on no vectors.');
  const inputDims = vectors[0].length;
  if (outputDims > inputDims) throw new Error(`Cannot project ${inputDims} dimensions to ${outputDims}.`);

  if (tf.getBackend() !== 'wasm') await useWasmBackend();
  const rows = evenlySpacedRows(vectors.length, MAX_FIT_ROWS);
  const data = new Float32Array(rows.length * inputDims);
  rows.forEach((row, n) => data.set(vectors[row], n * inputDims));

  const { mean, covariance } = tf.tidy(() => {
    const samples = tf.tensor2d(data, [rows.length, inputDims]);
    const centre = tf.mean(samples, 0);
    const centred = tf.sub(samples, centre);
    // An explicit transpose: matMul's transposeA flag is about 20 times slower on the wasm backend (tfjs 4.22).
    return { mean: centre, covariance: tf.div(tf.matMul(tf.transpose(centred), centred), rows.length) as tf.Tensor2D };
  });

  const random = seededRandom(7);
  const initial = Float32Array.from({ length: inputDims * outputDims }, () => random() - 0.5);
  let subspace = orthonormalize(initial, inputDims, outputDims, random);
  for (let i = 0; i < POWER_ITERATIONS; i++) {
    const product = tf.tidy(() => tf.matMul(covariance, tf.tensor2d(subspace, [inputDims, outputDims])));
    subspace = orthonormalize((await product.data()) as Float32Array, inputDims, outputDims, random);
    product.dispose();
  }
  covariance.dispose();
  const basis = tf.transpose(tf.tensor2d(subspace, [inputDims, outputDims]));

  const projection: Projection = {
    inputDims,
    outputDims,
    mean: (await mean.data()) as Float32Array,
    basis: (await basis.data()) as Float32Array,
  };
  mean.dispose();
  basis.dispose();
  return projection;
}
