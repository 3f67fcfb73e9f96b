import { normalizeL2 } from './vector';

/**
 * A linear projection learned on the catalog: `y = basis · (x − mean)`, then
 * scaled to unit length. For a plain PCA the basis rows are orthonormal, so
 * cosine similarity in the projected space approximates it in the original
 * one. The look feature's basis also contains a learned whitening, which
 * reweights directions on purpose (tools/catalog/fit-whitening.ts).
 */
export interface Projection {
  inputDims: number;
  outputDims: number;
  mean: Float32Array;
  /** `outputDims` rows of `inputDims` values, row-major. */
  basis: Float32Array;
}

export function projectVector(projection: Projection, vector: Float32Array): Float32Array {
  const { inputDims, outputDims, mean, basis } = projection;
  if (vector.length !== inputDims) {
    throw new Error(`Cannot project a ${vector.length}-d vector with a ${inputDims}-d projection.`);
  }

  const centred = new Float32Array(inputDims);
  for (let i = 0; i < inputDims; i++) centred[i] = vector[i] - mean[i];

  const out = new Float32Array(outputDims);
  for (let row = 0, offset = 0; row < outputDims; row++, offset += inputDims) {
    let sum = 0;
    for (let i = 0; i < inputDims; i++) sum += basis[offset + i] * centred[i];
    out[row] = sum;
  }
  return normalizeL2(out);
}

/** Encodes a projection as little-endian float32: inputDims, outputDims, the mean, then the basis. */
export function encodeProjection(projection: Projection): Uint8Array {
  const { inputDims, outputDims } = projection;
  const out = new Uint8Array(8 + (inputDims + outputDims * inputDims) * 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, inputDims, true);
  view.setUint32(4, outputDims, true);
  projection.mean.forEach((value, i) => view.setFloat32(8 + i * 4, value, true));
  projection.basis.forEach((value, i) => view.setFloat32(8 + (inputDims + i) * 4, value, true));
  return out;
}

export function decodeProjection(bytes: ArrayBuffer): Projection {
  const view = new DataView(bytes);
  const inputDims = view.getUint32(0, true);
  const outputDims = view.getUint32(4, true);
  const expected = 8 + (inputDims + outputDims * inputDims) * 4;
  if (bytes.byteLength !== expected) {
    throw new Error(`Projection file is ${bytes.byteLength} bytes, expected ${expected} for ${outputDims}×${inputDims}.`);
  }

  const mean = new Float32Array(inputDims);
  const basis = new Float32Array(outputDims * inputDims);
  for (let i = 0; i < inputDims; i++) mean[i] = view.getFloat32(8 + i * 4, true);
  for (let i = 0; i < basis.length; i++) basis[i] = view.getFloat32(8 + (inputDims + i) * 4, true);
  return { inputDims, outputDims, mean, basis };
}
