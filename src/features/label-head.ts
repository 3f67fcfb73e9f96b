/**
 * A softmax classifier fitted on the catalog's own labels (article types for
 * look, base colours for colour) that sharpens a projected vector: the stored
 * vector is the square roots of the label probabilities, scaled by
 * √labelShare, followed by the projected vector scaled by √(1 − labelShare).
 * Both parts have unit length, so the cosine of two stored vectors is
 * `labelShare · Bhattacharyya(p, q) + (1 − labelShare) · cosine(x, y)`:
 * products the classifier names alike rank together, and among them the
 * nearest look or colour first.
 */
export interface LabelHead {
  inputDims: number;
  labels: string[];
  /** Share of the label similarity in the stored vector's cosine, in [0, 1]. */
  labelShare: number;
  /** `labels.length` rows of `inputDims` values, row-major. */
  weights: Float32Array;
  bias: Float32Array;
}

/** Returns the label probabilities of a projected vector: softmax(weights · vector + bias). */
export function labelProbabilities(head: LabelHead, vector: Float32Array): Float64Array {
  const { inputDims, weights, bias } = head;
  if (vector.length !== inputDims) {
    throw new Error(`Cannot classify a ${vector.length}-d vector with a ${inputDims}-d label head.`);
  }

  const logits = new Float64Array(head.labels.length);
  let largest = -Infinity;
  for (let label = 0, offset = 0; label < logits.length; label++, offset += inputDims) {
    let sum = bias[label];
    for (let i = 0; i < inputDims; i++) sum += weights[offset + i] * vector[i];
    logits[label] = sum;
    largest = Math.max(largest, sum);
  }

  let total = 0;
  for (let label = 0; label < logits.length; label++) {
    logits[label] = Math.exp(logits[label] - largest);
    total += logits[label];
  }
  for (let label = 0; label < logits.length; label++) logits[label] /= total;
  return logits;
}

/** Maps a unit-length projected vector to the stored space; the result has unit length too. */
export function applyLabelHead(head: LabelHead, vector: Float32Array): Float32Array {
  const probabilities = labelProbabilities(head, vector);
  const labelScale = Math.sqrt(head.labelShare);
  const vectorScale = Math.sqrt(1 - head.labelShare);

  const out = new Float32Array(probabilities.length + vector.length);
  probabilities.forEach((probability, label) => (out[label] = labelScale * Math.sqrt(probability)));
  vector.forEach((value, i) => (out[probabilities.length + i] = vectorScale * value));
  return out;
}

/** Encodes the weights and bias as little-endian float32; the labels and share go in the manifest. */
export function encodeLabelHeadWeights(head: LabelHead): Uint8Array {
  const values = new Float32Array(head.weights.length + head.bias.length);
  values.set(head.weights);
  values.set(head.bias, head.weights.length);
  const out = new Uint8Array(values.byteLength);
  const view = new DataView(out.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return out;
}

export function decodeLabelHead(bytes: ArrayBuffer, inputDims: number, labels: string[], labelShare: number): LabelHead {
  const expected = (labels.length * inputDims + labels.length) * 4;
  if (bytes.byteLength !== expected) {
    throw new Error(`Label head file is ${bytes.byteLength} bytes, expected ${expected} for ${labels.length} labels of ${inputDims} dimensions.`);
  }

  const view = new DataView(bytes);
  const weights = new Float32Array(labels.length * inputDims);
  const bias = new Float32Array(labels.length);
  for (let i = 0; i < weights.length; i++) weights[i] = view.getFloat32(i * 4, true);
  for (let i = 0; i < bias.length; i++) bias[i] = view.getFloat32((weights.length + i) * 4, true);
  return { inputDims, labels, labelShare, weights, bias };
}
