import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder } from './keras-model';
import { convertModel, convertModelFolder, type InputLayout } from './keras-to-onnx';
import { decodeModel, encodeModel } from './onnx-proto';

const HEIGHT = 9;
const WIDTH = 11;
const CHANNELS = 3;
const BATCH = 3;

/** float32 rounding in both runtimes, summed over a few layers, stays far below this share of the largest output. */
const MAX_RELATIVE_ERROR = 1e-4;

/**
 * Builds a small Keras model with the layer options that ResNet50 does not
 * use. It has odd input sizes, non-square kernels, and 'same' padding of an
 * odd number of pixels in each axis, with stride 2 and with dilation. It has
 * a Conv2D without bias, a BatchNormalization that cannot be folded and an
 * Add of three tensors. Asymmetric ZeroPadding2D comes before a MaxPool on
 * signed input (the zero mask) and before a layer that cannot absorb it (a
 * Pad node).
 */
function buildModel(): tf.LayersModel {
  const input = tf.input({ shape: [HEIGHT, WIDTH, CHANNELS], name: 'image' });

  const strided = tf.layers.conv2d({ name: 'strided', filters: 4, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'relu' }).apply(input) as tf.SymbolicTensor;
  const noBias = tf.layers.conv2d({ name: 'no_bias', filters: 4, kernelSize: [2, 3], padding: 'same', useBias: false }).apply(strided);
  const folded = tf.layers.batchNormalization({ name: 'folded_bn', epsilon: 1e-3 }).apply(noBias);

  const signedPad = tf.layers.zeroPadding2d({ name: 'signed_pad', padding: [[1, 2], [2, 1]] }).apply(input);
  const signedPool = tf.layers.maxPooling2d({ name: 'signed_pool', poolSize: 3, strides: 2 }).apply(signedPad);
  const projected = tf.layers.conv2d({ name: 'projected', filters: 4, kernelSize: 1, activation: 'relu' }).apply(signedPool);
  const standalone = tf.layers.batchNormalization({ name: 'standalone_bn', epsilon: 1e-2 }).apply(projected);

  const sum = tf.layers.add({ name: 'sum3' }).apply([folded, standalone, strided] as tf.SymbolicTensor[]);
  const relu = tf.layers.activation({ name: 'relu', activation: 'relu' }).apply(sum);
  const reluPad = tf.layers.zeroPadding2d({ name: 'relu_pad', padding: 1 }).apply(relu);
  const reluPool = tf.layers.maxPooling2d({ name: 'relu_pool', poolSize: 2, strides: 1 }).apply(reluPad);
  const dilated = tf.layers.conv2d({ name: 'dilated', filters: 5, kernelSize: 3, dilationRate: 2, padding: 'same' }).apply(reluPool);
  const outerPad = tf.layers.zeroPadding2d({ name: 'outer_pad', padding: [[0, 1], [2, 0]] }).apply(dilated);
  const pooled = tf.layers.globalAveragePooling2d({ name: 'pooled' }).apply(outerPad) as tf.SymbolicTensor;

  const model = tf.model({ inputs: input, outputs: pooled, name: 'converter_test' });
  // Seeded random weights, with positive moving variances, so every folded term matters.
  model.setWeights(model.weights.map((weight, n) => {
    const shape = weight.shape as number[];
    return weight.name.includes('moving_variance')
      ? tf.randomUniform(shape, 0.5, 2, 'float32', 100 + n)
      : tf.randomNormal(shape, 0, 0.5, 'float32', 100 + n);
  }));
  return model;
}

/** Saves the model the way the tfjs converter lays out a folder: model.json and one weight file. */
async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    fs.writeFileSync(path.join(dir, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({
      format: 'layers-model',
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    }));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
}

function toNchw(nhwc: Float32Array): Float32Array {
  const out = new Float32Array(nhwc.length);
  for (let n = 0; n < BATCH; n++) {
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        for (let c = 0; c < CHANNELS; c++) {
          out[((n * CHANNELS + c) * HEIGHT + y) * WIDTH + x] = nhwc[((n * HEIGHT + y) * WIDTH + x) * CHANNELS + c];
        }
      }
    }
  }
  return out;
}

/** Runs an ONNX model file with the graph optimization of the catalog tool's threads. */
async function runOnnx(file: string, layout: InputLayout, nhwc: Float32Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(file, { graphOptimizationLevel: 'all', intraOpNumThreads: 1 });
  try {
    const data = layout === 'nhwc' ? nhwc : toNchw(nhwc);
    const dims = layout === 'nhwc' ? [BATCH, HEIGHT, WIDTH, CHANNELS] : [BATCH, CHANNELS, HEIGHT, WIDTH];
    const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, dims) });
    return result[session.outputNames[0]].data as Float32Array;
  } finally {
    await session.release();
  }
}

/** Largest absolute difference, as a share of the largest absolute expected value. */
function maxRelativeError(actual: Float32Array, expected: Float32Array): number {
  const scale = Math.max(...expected.map(Math.abs));
  let maxError = 0;
  for (let k = 0; k < expected.length; k++) maxError = Math.max(maxError, Math.abs(actual[k] - expected[k]) / scale);
  return maxError;
}

describe('Keras to ONNX converter', () => {
  let dir: string;
  let nhwc: Float32Array;
  let expected: Float32Array;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    const model = buildModel();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keras-to-onnx-'));
    await saveModel(model, dir);

    const input = tf.randomNormal([BATCH, HEIGHT, WIDTH, CHANNELS], 0, 50, 'float32', 7);
    nhwc = (await input.data()) as Float32Array;
    expected = (await (model.predict(input) as tf.Tensor).data()) as Float32Array;
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('emits the zero mask, a Pad node and a stand-alone BatchNormalization', () => {
    const file = path.join(dir, 'model-nhwc.onnx');
    convertModelFolder(dir, file, 'nhwc');
    const graph = decodeModel(fs.readFileSync(file)).graph;
    const opTypes = graph.node.map((node) => node.opType);

    // signed_pool reads zero padding on signed input, so its padded cells need the Max with a mask.
    expect(opTypes).toContain('Max');
    // outer_pad feeds a GlobalAveragePool, which has no pads of its own.
    expect(opTypes).toContain('Pad');
    // standalone_bn follows a Conv2D with a ReLU, so it cannot be folded.
    expect(opTypes.filter((type) => type === 'BatchNormalization')).toHaveLength(1);
    expect(opTypes[0]).toBe('Transpose');
  });

  it.each(['nhwc', 'nchw'] as InputLayout[])('matches tfjs with %s input', async (layout) => {
    const file = path.join(dir, `model-${layout}.onnx`);
    convertModelFolder(dir, file, layout);

    const actual = await runOnnx(file, layout, nhwc);

    expect(actual.length).toBe(expected.length);
    expect(maxRelativeError(actual, expected)).toBeLessThan(MAX_RELATIVE_ERROR);
  });

  it('comparison detects a changed weight', async () => {
    // The same check on a model with one kernel value changed must fail, so the limit above is not vacuous.
    const { modelJson, weights } = readModelFolder(dir);
    const kernel = weights.get('dilated/kernel')!;
    kernel.values[0] += 0.5;

    const file = path.join(dir, 'changed-weight.onnx');
    fs.writeFileSync(file, encodeModel(convertModel(modelJson, weights, 'nhwc')));
    const actual = await runOnnx(file, 'nhwc', nhwc);

    expect(maxRelativeError(actual, expected)).toBeGreaterThan(MAX_RELATIVE_ERROR);
  });

  it('rejects an unsupported layer', () => {
    const { modelJson, weights } = readModelFolder(dir);
    const dilated = modelJson.modelTopology.config.layers.find((layer) => layer.name === 'dilated')!;
    dilated.class_name = 'DepthwiseConv2D';

    expect(() => convertModel(modelJson, weights, 'nhwc')).toThrow('Layer dilated is a DepthwiseConv2D, which this converter does not support.');
  });
});
