import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LayersModelJson } from '../../src/features/model-artifacts';
import { dequantizeModelFolder, quantizeModelFolder } from './quantize-model';

const KERNEL = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) * 0.3);
/** A batch norm variance beyond half precision's largest value, 65504, like ResNet50's first one. */
const VARIANCE = Float32Array.from([83_600, 1.5, 0.002, 12]);

function readFolder(dir: string): { modelJson: LayersModelJson; weights: ArrayBuffer } {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as LayersModelJson;
  const bytes = Buffer.concat(modelJson.weightsManifest[0].paths.map((name) => fs.readFileSync(path.join(dir, name))));
  return { modelJson, weights: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
}

/** Decodes a folder's weights with tfjs itself, as the page does when it loads the model. */
function decodeWithTfjs(dir: string): Record<string, Float32Array> {
  const { modelJson, weights } = readFolder(dir);
  const tensors = tf.io.decodeWeights(weights, modelJson.weightsManifest[0].weights);
  return Object.fromEntries(Object.entries(tensors).map(([name, tensor]) => [name, tensor.dataSync() as Float32Array]));
}

describe('quantizeModelFolder and dequantizeModelFolder', () => {
  let folder: string;
  let source: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lookalike-quantize-'));
    source = path.join(folder, 'float32');
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(source, 'weights.bin'), Buffer.concat([Buffer.from(KERNEL.buffer), Buffer.from(VARIANCE.buffer)]));
    fs.writeFileSync(path.join(source, 'model.json'), JSON.stringify({
      format: 'layers-model',
      modelTopology: {},
      weightsManifest: [{
        paths: ['weights.bin'],
        weights: [
          { name: 'conv/kernel', shape: [4, 4, 2, 2], dtype: 'float32' },
          { name: 'bn/moving_variance', shape: [4], dtype: 'float32' },
        ],
      }],
    }));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('uint8 weights stay within half a step', () => {
    const decoded = decodeWithTfjs(quantizeModelFolder(source, path.join(folder, 'uint8'), 'uint8'));

    const step = (Math.max(...KERNEL) - Math.min(...KERNEL)) / 255;
    KERNEL.forEach((value, i) => expect(Math.abs(decoded['conv/kernel'][i] - value)).toBeLessThanOrEqual(step / 2 + 1e-6));
  });

  it('float16 keeps out-of-range tensors float32', () => {
    const dir = quantizeModelFolder(source, path.join(folder, 'float16'), 'float16');
    const specs = readFolder(dir).modelJson.weightsManifest[0].weights;
    const decoded = decodeWithTfjs(dir);

    expect(specs[0].quantization?.dtype).toBe('float16');
    expect(specs[1].quantization).toBeUndefined();
    expect([...decoded['bn/moving_variance']]).toEqual([...VARIANCE]);
    KERNEL.forEach((value, i) => expect(decoded['conv/kernel'][i]).toBeCloseTo(value, 3));
  });

  it('dequantized copy equals what tfjs decodes', () => {
    for (const encoding of ['uint8', 'float16'] as const) {
      const quantized = quantizeModelFolder(source, path.join(folder, encoding), encoding);
      const byTfjs = decodeWithTfjs(quantized);
      const dequantized = decodeWithTfjs(dequantizeModelFolder(quantized, path.join(folder, `${encoding}-float32`)));

      for (const name of Object.keys(byTfjs)) {
        expect([...dequantized[name]]).toEqual([...byTfjs[name]]);
      }
    }
  });

  it('dequantized copy has only float32 weights', () => {
    const quantized = quantizeModelFolder(source, path.join(folder, 'uint8'), 'uint8');
    const specs = readFolder(dequantizeModelFolder(quantized, path.join(folder, 'plain'))).modelJson.weightsManifest[0].weights;

    expect(specs.every((spec) => spec.dtype === 'float32' && !spec.quantization)).toBe(true);
  });

  it('rejects quantizing an already quantized model', () => {
    const quantized = quantizeModelFolder(source, path.join(folder, 'uint8'), 'uint8');

    expect(() => quantizeModelFolder(quantized, path.join(folder, 'again'), 'uint8')).toThrow('only float32 models can be quantized');
  });
});
