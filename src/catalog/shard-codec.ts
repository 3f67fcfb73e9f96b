import type { FeatureMatrix } from '../search/rank';
import { encodeFloat16 } from './float16';
import type { FeatureInfo } from './manifest';

const MAGIC = 0x4853_4b4c; // "LKSH" read as a little-endian uint32
const HEADER_BYTES = 16;
const SHARD_FORMAT = 1;
const ENCODING_IDS = { float16: 1, int8: 2 } as const;

export type ShardEncoding = keyof typeof ENCODING_IDS;

/** Quantizes a vector to int8 with one scale: `value ≈ int8 × scale`, the largest magnitude mapping to ±127. */
export function quantizeInt8(vector: Float32Array): { values: Int8Array; scale: number } {
  let maxAbs = 0;
  for (const value of vector) maxAbs = Math.max(maxAbs, Math.abs(value));

  const scale = maxAbs / 127;
  const values = new Int8Array(vector.length);
  if (scale > 0) {
    for (let i = 0; i < vector.length; i++) values[i] = Math.round(vector[i] / scale);
  }
  return { values, scale };
}

function bodyBytes(encoding: ShardEncoding, count: number, dims: number): number {
  return encoding === 'float16' ? count * dims * 2 : count * 4 + count * dims;
}

/**
 * Encodes vectors as a shard: a 16-byte header (magic, format, encoding,
 * dims, count), then the body, little-endian. A float16 body is the values
 * as half floats. An int8 body is one float32 scale a vector, then the
 * int8 values, so that a row's value is `int8 × scale`.
 */
export function encodeShard(vectors: Float32Array[], dims: number, encoding: ShardEncoding = 'float16'): Uint8Array {
  const count = vectors.length;
  const out = new Uint8Array(HEADER_BYTES + bodyBytes(encoding, count, dims));
  const header = new DataView(out.buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint16(4, SHARD_FORMAT, true);
  header.setUint16(6, ENCODING_IDS[encoding], true);
  header.setUint32(8, dims, true);
  header.setUint32(12, count, true);

  const body = new DataView(out.buffer, HEADER_BYTES);
  vectors.forEach((vector, row) => {
    if (vector.length !== dims) {
      throw new Error(`Vector ${row} has ${vector.length} dimensions, expected ${dims}.`);
    }
    if (encoding === 'float16') {
      encodeFloat16(vector).forEach((bits, i) => body.setUint16((row * dims + i) * 2, bits, true));
    } else {
      const { values, scale } = quantizeInt8(vector);
      body.setFloat32(row * 4, scale, true);
      out.set(new Uint8Array(values.buffer), HEADER_BYTES + count * 4 + row * dims);
    }
  });

  return out;
}

export function decodeShard(bytes: ArrayBuffer): FeatureMatrix {
  if (bytes.byteLength < HEADER_BYTES) {
    throw new Error(`Feature shard is truncated: ${bytes.byteLength} bytes.`);
  }

  const header = new DataView(bytes);
  if (header.getUint32(0, true) !== MAGIC) throw new Error('Feature shard has the wrong magic number.');
  if (header.getUint16(4, true) !== SHARD_FORMAT) {
    throw new Error(`Feature shard has format ${header.getUint16(4, true)}, expected ${SHARD_FORMAT}; rebuild the catalog.`);
  }
  const encodingId = header.getUint16(6, true);
  const encoding = (Object.keys(ENCODING_IDS) as ShardEncoding[]).find((name) => ENCODING_IDS[name] === encodingId);
  if (!encoding) throw new Error('Feature shard has an unknown encoding.');

  const dims = header.getUint32(8, true);
  const count = header.getUint32(12, true);
  const expected = HEADER_BYTES + bodyBytes(encoding, count, dims);
  if (bytes.byteLength !== expected) {
    throw new Error(`Feature shard is ${bytes.byteLength} bytes, expected ${expected} for ${count}×${dims}.`);
  }

  const body = new DataView(bytes, HEADER_BYTES);
  if (encoding === 'float16') {
    const values = new Uint16Array(dims * count);
    for (let i = 0; i < values.length; i++) values[i] = body.getUint16(i * 2, true);
    return { encoding, dims, count, values };
  }

  const scales = new Float32Array(count);
  for (let row = 0; row < count; row++) scales[row] = body.getFloat32(row * 4, true);
  const values = new Int8Array(bytes.slice(HEADER_BYTES + count * 4));
  return { encoding, dims, count, values, scales };
}

/** Joins a feature's decoded shards into one matrix, checking each against the manifest. */
export function joinShards(info: FeatureInfo, buffers: ArrayBuffer[]): FeatureMatrix {
  const count = info.shards.reduce((sum, shard) => sum + shard.count, 0);
  const dims = info.dims;
  const decoded = info.shards.map((shard, n) => {
    const matrix = decodeShard(buffers[n]);
    if (matrix.dims !== dims || matrix.count !== shard.count || matrix.encoding !== info.encoding) {
      throw new Error(`${shard.path} contains ${matrix.count}×${matrix.dims} ${matrix.encoding} vectors, but the manifest expects ${shard.count}×${dims} ${info.encoding}.`);
    }
    return matrix;
  });

  if (info.encoding === 'float16') {
    const values = new Uint16Array(count * dims);
    decoded.forEach((matrix, n) => values.set(matrix.values as Uint16Array, info.shards[n].start * dims));
    return { encoding: 'float16', dims, count, values };
  }

  const values = new Int8Array(count * dims);
  const scales = new Float32Array(count);
  decoded.forEach((matrix, n) => {
    const start = info.shards[n].start;
    values.set(matrix.values as Int8Array, start * dims);
    scales.set((matrix as FeatureMatrix & { encoding: 'int8' }).scales, start);
  });
  return { encoding: 'int8', dims, count, values, scales };
}
