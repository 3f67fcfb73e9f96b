import { encodeFloat16 } from './float16';

const MAGIC = 0x4853_4b4c; // "LKSH" read as a little-endian uint32
const HEADER_BYTES = 16;
const SHARD_FORMAT = 1;
const ENCODING_FLOAT16 = 1;

/** Feature vectors of one shard, kept as half precision bits for ranking without a float32 copy. */
export interface DecodedShard {
  dims: number;
  count: number;
  values: Uint16Array;
}

/**
 * Encodes vectors as a shard: a 16-byte header (magic, format, encoding,
 * dims, count) followed by the float16 values, little-endian.
 */
export function encodeShard(vectors: Float32Array[], dims: number): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + vectors.length * dims * 2);
  const header = new DataView(out.buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint16(4, SHARD_FORMAT, true);
  header.setUint16(6, ENCODING_FLOAT16, true);
  header.setUint32(8, dims, true);
  header.setUint32(12, vectors.length, true);

  const body = new DataView(out.buffer, HEADER_BYTES);
  vectors.forEach((vector, row) => {
    if (vector.length !== dims) {
      throw new Error(`Vector ${row} has ${vector.length} dimensions, expected ${dims}.`);
    }
    encodeFloat16(vector).forEach((bits, i) => body.setUint16((row * dims + i) * 2, bits, true));
  });

  return out;
}

export function decodeShard(bytes: ArrayBuffer): DecodedShard {
  if (bytes.byteLength < HEADER_BYTES) {
    throw new Error(`Feature shard is truncated: ${bytes.byteLength} bytes.`);
  }

  const header = new DataView(bytes);
  if (header.getUint32(0, true) !== MAGIC) throw new Error('Feature shard has the wrong magic number.');
  if (header.getUint16(4, true) !== SHARD_FORMAT) {
    throw new Error(`Feature shard has format ${header.getUint16(4, true)}, expected ${SHARD_FORMAT}; rebuild the catalog.`);
  }
  if (header.getUint16(6, true) !== ENCODING_FLOAT16) throw new Error('Feature shard has an unknown encoding.');

  const dims = header.getUint32(8, true);
  const count = header.getUint32(12, true);
  const expected = HEADER_BYTES + dims * count * 2;
  if (bytes.byteLength !== expected) {
    throw new Error(`Feature shard is ${bytes.byteLength} bytes, expected ${expected} for ${count}×${dims}.`);
  }

  const body = new DataView(bytes, HEADER_BYTES);
  const values = new Uint16Array(dims * count);
  for (let i = 0; i < values.length; i++) values[i] = body.getUint16(i * 2, true);

  return { dims, count, values };
}
