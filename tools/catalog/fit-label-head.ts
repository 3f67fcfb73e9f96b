import * as tf from '@tensorflow/tfjs';
import type { LabelHead } from '../../src/features/label-head';
import { useWasmBackend } from './tfjs-wasm';

/** Labels with fewer products are left out of the classifier: too few to learn from. */
const MIN_LABEL_PRODUCTS = 5;

/**
 * Training settings of the softmax classifier, chosen on the default catalog
 * with `npm run eval`: unit-length inputs scaled by 10 let Adam converge in a
 * few dozen epochs, and the L2 penalty keeps rare labels from overfitting.
 */
const INPUT_SCALE = 10;
const EPOCHS = 40;
const BATCH_SIZE = 512;
const LEARNING_RATE = 0.01;
const L2_PENALTY = 1e-4;

function seededShuffle(count: number, seed: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  let state = seed >>> 0;
  for (let i = count - 1; i > 0; i--) {
    state = (state * 1664525 + 1013904223) >>> 0;
    const j = Math.floor((state / 2 ** 32) * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * Fits a softmax classifier from unit-length vectors to their labels (see
 * src/features/label-head.ts) by mini-batch Adam on tfjs's wasm backend.
 * Deterministic for the same input. Products with an empty or rare label
 * take no part in the fit.
 */
export async function fitLabelHead(vectors: Float32Array[], labels: string[], labelShare: number): Promise<LabelHead> {
  if (vectors.length !== labels.length) throw new Error(`Got ${vectors.length} vectors for ${labels.length} labels.`);

  const counts = new Map<string, number>();
  for (const label of labels) if (label) counts.set(label, (counts.get(label) ?? 0) + 1);
  const trainedLabels = [...counts].filter(([, count]) => count >= MIN_LABEL_PRODUCTS).map(([label]) => label).sort();
  if (trainedLabels.length < 2) throw new Error(`A label head needs at least 2 labels with ${MIN_LABEL_PRODUCTS} products each, got ${trainedLabels.length}.`);
  const labelIndex = new Map(trainedLabels.map((label, index) => [label, index]));
  const rows = labels.flatMap((label, row) => (labelIndex.has(label) ? [row] : []));

  if (tf.getBackend() !== 'wasm') await useWasmBackend();
  const inputDims = vectors[0].length;
  const inputs = new Float32Array(rows.length * inputDims);
  rows.forEach((row, n) => inputs.set(vectors[row], n * inputDims));

  const weights = tf.variable(tf.zeros([inputDims, trainedLabels.length]));
  const bias = tf.variable(tf.zeros([trainedLabels.length]));
  const optimizer = tf.train.adam(LEARNING_RATE);
  const x = tf.tidy(() => tf.mul(tf.tensor2d(inputs, [rows.length, inputDims]), INPUT_SCALE));
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(rows.map((row) => labelIndex.get(labels[row])!), 'int32'), trainedLabels.length));

  try {
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      const order = seededShuffle(rows.length, epoch + 1);
      for (let start = 0; start < order.length; start += BATCH_SIZE) {
        tf.tidy(() => {
          const batch = tf.tensor1d(order.slice(start, start + BATCH_SIZE), 'int32');
          const xs = tf.gather(x, batch);
          const ys = tf.gather(y, batch);
          optimizer.minimize(() => tf.add(
            tf.losses.softmaxCrossEntropy(ys, tf.add(tf.matMul(xs, weights), bias)),
            tf.mul(L2_PENALTY, tf.sum(tf.square(weights))),
          ) as tf.Scalar);
        });
      }
    }

    // The page multiplies by the weights directly, so the input scale moves into them, transposed to one row a label.
    const rowsPerLabel = tf.tidy(() => tf.mul(tf.transpose(weights), INPUT_SCALE));
    const head: LabelHead = {
      inputDims,
      labels: trainedLabels,
      labelShare,
      weights: Float32Array.from(await rowsPerLabel.data()),
      bias: Float32Array.from(await bias.data()),
    };
    rowsPerLabel.dispose();
    return head;
  } finally {
    tf.dispose([weights, bias, x, y]);
    optimizer.dispose();
  }
}
