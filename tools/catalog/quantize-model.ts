import fs from 'node:fs';
import path from 'node:path';
import { float16DecodeTable, toFloat16Bits } from '../../src/catalog/float16';
import type { LayersModelJson } from '../../src/features/model-artifacts';

/** Weight encodings that tfjs dequantizes itself when it loads a layers model. */
export type WeightEncoding = 'float32' | 'float16' | 'uint8';

/** Weight file size: small enough for steady download progress and IndexedDB writes in the page. */
const WEIGHT_SHARD_BYTES = 4 * 1024 * 1024;

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, float16: 2, uint8: 1 };

/** Largest finite half float. ResNet50's first batch norm variance (8.4e4) exceeds it, so such tensors stay float32. */
const FLOAT16_MAX = 65504;

/**
 * Encodes one float32 tensor. uint8 is affine per tensor, `value ≈ min +
 * scale × q`, as the tfjs converter does. float16 is IEEE half precision,
 * except for tensors with values beyond its range, which stay float32.
 */
function encodeWeight(values: Float32Array, encoding: WeightEncoding): { bytes: Uint8Array; quantization?: object } {
  if (encoding === 'float32') return { bytes: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };

  if (encoding === 'float16' && values.some((value) => Math.abs(value) > FLOAT16_MAX)) {
    return { bytes: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
  }
  if (encoding === 'float16') {
    const half = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) half[i] = toFloat16Bits(values[i]);
    return { bytes: new Uint8Array(half.buffer), quantization: { dtype: 'float16' } };
  }

  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  const scale = max > min ? (max - min) / 255 : 1;
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.round((values[i] - min) / scale);
  return { bytes, quantization: { dtype: 'uint8', min, scale } };
}

/**
 * Writes a copy of a float32 tfjs layers model folder with its weights in
 * `encoding`, in 4 MiB shards, and returns the output folder. Skipped when
 * the output already exists, since it depends only on the input files.
 */
export function quantizeModelFolder(sourceDir: string, outDir: string, encoding: WeightEncoding): string {
  if (fs.existsSync(path.join(outDir, 'model.json'))) return outDir;

  const modelJson = JSON.parse(fs.readFileSync(path.join(sourceDir, 'model.json'), 'utf8')) as LayersModelJson;
  const weights = Buffer.concat(modelJson.weightsManifest.flatMap((group) => group.paths.map((name) => fs.readFileSync(path.join(sourceDir, name)))));
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights);

  const chunks: Uint8Array[] = [];
  const outSpecs: object[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.dtype !== 'float32' || spec.quantization) {
      throw new Error(`Weight ${spec.name} is ${spec.quantization?.dtype ?? spec.dtype}; only float32 models can be quantized.`);
    }
    const size = spec.shape.reduce((product, dim) => product * dim, 1);
    const values = new Float32Array(weights.buffer.slice(weights.byteOffset + offset, weights.byteOffset + offset + size * 4));
    offset += size * 4;

    const { bytes, quantization } = encodeWeight(values, encoding);
    chunks.push(bytes);
    outSpecs.push({ name: spec.name, shape: spec.shape, dtype: 'float32', ...(quantization ? { quantization } : {}) });
  }

  writeModelFolder(outDir, modelJson, Buffer.concat(chunks), outSpecs);
  return outDir;
}

/** Decodes one stored tensor to float32 exactly as tfjs does when it loads the model. */
function decodeWeight(bytes: Buffer, size: number, quantization?: { dtype: string; min?: number; scale?: number }): Float32Array {
  if (!quantization) return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + size * 4));

  if (quantization.dtype === 'float16') {
    const table = float16DecodeTable();
    return Float32Array.from({ length: size }, (_, i) => table[bytes.readUInt16LE(i * 2)]);
  }
  if (quantization.dtype === 'uint8') {
    return Float32Array.from({ length: size }, (_, i) => bytes[i] * quantization.scale! + quantization.min!);
  }
  throw new Error(`Cannot dequantize weights stored as ${quantization.dtype}.`);
}

/**
 * Writes a float32 copy of a quantized tfjs layers model folder and returns
 * the output folder, so runtimes without tfjs's dequantization (onnxruntime)
 * compute with the same weight values as the page. Skipped when it exists.
 */
export function dequantizeModelFolder(sourceDir: string, outDir: string): string {
  if (fs.existsSync(path.join(outDir, 'model.json'))) return outDir;

  const modelJson = JSON.parse(fs.readFileSync(path.join(sourceDir, 'model.json'), 'utf8')) as LayersModelJson;
  const weights = Buffer.concat(modelJson.weightsManifest.flatMap((group) => group.paths.map((name) => fs.readFileSync(path.join(sourceDir, name)))));
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights);

  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((product, dim) => product * dim, 1);
    const bytesPerValue = BYTES_PER_VALUE[spec.quantization?.dtype ?? 'float32'];
    const values = decodeWeight(weights.subarray(offset, offset + size * bytesPerValue), size, spec.quantization);
    offset += size * bytesPerValue;
    chunks.push(new Uint8Array(values.buffer));
  }

  const outSpecs = specs.map(({ name, shape }) => ({ name, shape, dtype: 'float32' }));
  writeModelFolder(outDir, modelJson, Buffer.concat(chunks), outSpecs);
  return outDir;
}

/** Writes `model.json` and weights in 4 MiB shards to a temporary folder, then publishes it as `outDir`. */
export function writeModelFolder(outDir: string, modelJson: LayersModelJson, weights: Buffer, specs: object[]): void {
  const partial = `${outDir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  const count = Math.ceil(weights.length / WEIGHT_SHARD_BYTES);
  const paths = Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
  paths.forEach((name, i) => fs.writeFileSync(path.join(partial, name), weights.subarray(i * WEIGHT_SHARD_BYTES, (i + 1) * WEIGHT_SHARD_BYTES)));
  fs.writeFileSync(path.join(partial, 'model.json'), JSON.stringify({ ...modelJson, weightsManifest: [{ paths, weights: specs }] }));
  publishFolder(partial, outDir);
}

/**
 * Renames a finished temporary folder into place. When another process
 * (a parallel test file, say) published the same folder first, its copy is
 * kept and this one is deleted.
 */
export function publishFolder(partial: string, outDir: string): void {
  try {
    fs.renameSync(partial, outDir);
  } catch (error) {
    if (!fs.existsSync(path.join(outDir, 'model.json'))) throw error;
    fs.rmSync(partial, { recursive: true, force: true });
  }
}
