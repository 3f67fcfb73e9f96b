/**
 * Reading of a tfjs layers model folder as written by the tfjs converter
 * or `LayersModel.save`: the Keras 2 topology in `model.json` and the
 * float32 weights in its shard files.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Keras' own default, used when a BatchNormalization config has no epsilon. */
const KERAS_BATCH_NORM_EPSILON = 1e-3;

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}

export interface ModelJson {
  format?: string;
  modelTopology: { class_name: string; config: ModelConfig; keras_version?: string };
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

/** Reference to one output tensor of a layer: [layer name, node index, tensor index, kwargs]. */
export type InboundRef = [string, number, number, Record<string, unknown>?];

export interface LayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: InboundRef[][];
}

export interface ModelConfig {
  name: string;
  layers: LayerJson[];
  input_layers: [string, number, number][];
  output_layers: [string, number, number][];
}

/** Input shape of the Keras model, without the batch dimension. */
export interface InputShape {
  height: number;
  width: number;
  channels: number;
}

/** Weight tensors of a Keras model, by name (`layer/kernel`, `layer/moving_mean`, ...). */
export type WeightMap = Map<string, { shape: number[]; values: Float32Array }>;

/** Reads every float32 weight of a tfjs layers model folder, by name. */
export function readWeights(modelDir: string, modelJson: ModelJson): WeightMap {
  const weights: WeightMap = new Map();

  for (const group of modelJson.weightsManifest) {
    const shards = group.paths.map((file) => fs.readFileSync(path.join(modelDir, file)));
    const bytes = Buffer.concat(shards);
    let offset = 0;

    for (const spec of group.weights) {
      if (spec.dtype !== 'float32' || spec.quantization !== undefined) {
        throw new Error(`Weight ${spec.name} is ${spec.dtype}${spec.quantization ? ', quantized' : ''}. Only plain float32 weights are supported.`);
      }
      const count = spec.shape.reduce((product, size) => product * size, 1);
      const byteLength = count * 4;
      if (offset + byteLength > bytes.length) {
        throw new Error(`Weight files of ${modelDir} end before weight ${spec.name} (needs bytes ${offset}..${offset + byteLength}, have ${bytes.length}).`);
      }
      // Copy so each array is 4-byte aligned and owns its memory. tfjs weight files are little-endian, and
      // readModelFolder rejects big-endian hosts.
      const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + byteLength));
      weights.set(spec.name, { shape: spec.shape, values });
      offset += byteLength;
    }

    if (offset !== bytes.length) {
      throw new Error(`Weight files of ${modelDir} have ${bytes.length - offset} bytes more than the manifest lists.`);
    }
  }

  return weights;
}

/** Reads `model.json` and every weight of a tfjs layers model folder. */
export function readModelFolder(modelDir: string): { modelJson: ModelJson; weights: WeightMap } {
  const modelJsonPath = path.join(modelDir, 'model.json');
  if (!fs.existsSync(modelJsonPath)) throw new Error(`${modelJsonPath} is not found. Pass a tfjs layers model folder.`);
  const modelJson = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8')) as ModelJson;
  if (modelJson.format !== undefined && modelJson.format !== 'layers-model') {
    throw new Error(`${modelJsonPath} is a ${modelJson.format}. Only tfjs layers models are supported.`);
  }

  if (os.endianness() !== 'LE') throw new Error('The converter needs a little-endian host, because it copies tfjs weights into ONNX raw tensor data, both little-endian, in host byte order.');
  return { modelJson, weights: readWeights(modelDir, modelJson) };
}

export function asPair(value: unknown, description: string): [number, number] {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((item) => typeof item === 'number')) {
    return [value[0] as number, value[1] as number];
  }
  throw new Error(`Invalid ${description}: ${JSON.stringify(value)}, expected a number or a pair of numbers.`);
}

/** Returns the Keras ZeroPadding2D `padding` in ONNX order [top, left, bottom, right]. */
export function zeroPaddingPads(value: unknown): [number, number, number, number] {
  if (typeof value === 'number') return [value, value, value, value];
  if (Array.isArray(value) && value.length === 2) {
    if (Array.isArray(value[0]) && Array.isArray(value[1])) {
      const [top, bottom] = asPair(value[0], 'ZeroPadding2D padding');
      const [left, right] = asPair(value[1], 'ZeroPadding2D padding');
      return [top, left, bottom, right];
    }
    const [vertical, horizontal] = asPair(value, 'ZeroPadding2D padding');
    return [vertical, horizontal, vertical, horizontal];
  }
  throw new Error(`Invalid ZeroPadding2D padding: ${JSON.stringify(value)}.`);
}

/** Inference-time BatchNormalization parameters of one layer, one value per channel except epsilon. */
export interface BatchNormParams {
  gamma: Float32Array;
  beta: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  epsilon: number;
}

/** Reads the batch normalization parameters of one layer, with Keras defaults for a missing gamma or beta. */
export function batchNormParams(layer: LayerJson, weights: WeightMap, channels: number): BatchNormParams {
  const config = layer.config;
  const axis = Array.isArray(config.axis) ? config.axis : [config.axis];
  if (axis.length !== 1 || (axis[0] !== 3 && axis[0] !== -1)) {
    throw new Error(`BatchNormalization ${layer.name} normalizes axis ${JSON.stringify(config.axis)}. Only the channel axis (3 or -1) is supported.`);
  }

  const lookup = (name: string, fallback: number | undefined): Float32Array => {
    const weight = weights.get(`${layer.name}/${name}`);
    if (weight) {
      if (weight.values.length !== channels) {
        throw new Error(`Weight ${layer.name}/${name} has ${weight.values.length} values, expected ${channels}.`);
      }
      return weight.values;
    }
    if (fallback === undefined) throw new Error(`Weight ${layer.name}/${name} is missing.`);
    return new Float32Array(channels).fill(fallback);
  };

  return {
    gamma: lookup('gamma', config.scale === false ? 1 : undefined),
    beta: lookup('beta', config.center === false ? 0 : undefined),
    mean: lookup('moving_mean', undefined),
    variance: lookup('moving_variance', undefined),
    epsilon: typeof config.epsilon === 'number' ? config.epsilon : KERAS_BATCH_NORM_EPSILON,
  };
}

export function inboundRefs(layer: LayerJson): InboundRef[] {
  if (layer.inbound_nodes.length > 1) {
    throw new Error(`Layer ${layer.name} is called ${layer.inbound_nodes.length} times. Shared layers are not supported.`);
  }
  const refs = layer.inbound_nodes[0] ?? [];
  for (const ref of refs) {
    if (!Array.isArray(ref) || typeof ref[0] !== 'string') {
      throw new Error(`Layer ${layer.name} has inbound nodes in a format other than Keras 2's [layer, node, tensor, kwargs].`);
    }
    if (ref[1] !== 0 || ref[2] !== 0) {
      throw new Error(`Layer ${layer.name} reads output ${ref[2]} of call ${ref[1]} of ${ref[0]}. Only single-output, single-call layers are supported.`);
    }
  }
  return refs;
}

export function readInputShape(layer: LayerJson): InputShape {
  const shape = (layer.config.batch_input_shape ?? layer.config.batch_shape) as (number | null)[] | undefined;
  if (!shape || shape.length !== 4 || shape.slice(1).some((size) => typeof size !== 'number')) {
    throw new Error(`Input ${layer.name} has shape ${JSON.stringify(shape)}. Expected [batch, height, width, channels] with fixed sizes.`);
  }
  if (layer.config.dtype !== undefined && layer.config.dtype !== 'float32') {
    throw new Error(`Input ${layer.name} is ${layer.config.dtype}. Only float32 is supported.`);
  }
  const [, height, width, channels] = shape as number[];
  return { height, width, channels };
}
