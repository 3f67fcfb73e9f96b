import { describe, expect, it } from 'vitest';
import { decodeFloat16 } from './float16';
import { decodeShard, encodeShard, quantizeInt8 } from './shard-codec';

/** Deterministic uniform values in [0, 1) from a linear congruential generator. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Unit vectors with Gaussian components (Box–Muller), so directions are uniform on the sphere. */
function randomUnitVectors(count: number, dims: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const vector = new Float32Array(dims);
    let sum = 0;
    for (let i = 0; i < dims; i++) {
      const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      vector[i] = gaussian;
      sum += gaussian * gaussian;
    }
    for (let i = 0; i < dims; i++) vector[i] /= Math.sqrt(sum);
    return vector;
  });
}

/**
 * Half precision keeps 11 significant bits, so rounding moves a normal value by at
 * most 2^-11 of itself, and a subnormal (below 2^-14) by at most half the spacing 2^-24.
 */
function float16Tolerance(value: number): number {
  return Math.max(Math.abs(value) * 2 ** -11, 2 ** -25);
}

function expectRoundTrip(count: number, dims: number, seed: number): void {
  const vectors = randomUnitVectors(count, dims, seed);
  const bytes = encodeShard(vectors, dims);
  expect(bytes.byteLength).toBe(16 + count * dims * 2);

  const shard = decodeShard(bytes.buffer as ArrayBuffer);
  expect(shard.dims).toBe(dims);
  expect(shard.count).toBe(count);
  expect(shard.values.length).toBe(count * dims);

  expect(shard.encoding).toBe('float16');
  const decoded = decodeFloat16(shard.values as Uint16Array);
  let worst = 0;
  for (let row = 0; row < count; row++) {
    for (let i = 0; i < dims; i++) {
      const value = vectors[row][i];
      const excess = Math.abs(decoded[row * dims + i] - value) / float16Tolerance(value);
      worst = Math.max(worst, excess);
    }
  }
  expect(worst, 'largest error as a fraction of the float16 rounding bound').toBeLessThanOrEqual(1);
}

function validShard(): ArrayBuffer {
  return encodeShard(randomUnitVectors(3, 5, 1), 5).buffer as ArrayBuffer;
}

describe('encodeShard and decodeShard', () => {
  it('round-trip 3 vectors of 5 dimensions', () => {
    expectRoundTrip(3, 5, 11);
  });

  it('round-trip 1000 vectors of 2048 dimensions', () => {
    expectRoundTrip(1000, 2048, 12);
  });

  it('round-trip an empty shard', () => {
    const shard = decodeShard(encodeShard([], 512).buffer as ArrayBuffer);
    expect(shard).toEqual({ encoding: 'float16', dims: 512, count: 0, values: new Uint16Array(0) });
  });

  it('write a little-endian header', () => {
    const view = new DataView(validShard());
    // "LKSH" in file order, format 1, float16 encoding 1, 5 dims, 3 vectors.
    expect(String.fromCharCode(...new Uint8Array(view.buffer, 0, 4))).toBe('LKSH');
    expect(view.getUint16(4, true)).toBe(1);
    expect(view.getUint16(6, true)).toBe(1);
    expect(view.getUint32(8, true)).toBe(5);
    expect(view.getUint32(12, true)).toBe(3);
  });

  it('store values as little-endian half bits', () => {
    const view = new DataView(encodeShard([new Float32Array([1, -2])], 2).buffer);
    expect(view.getUint16(16, true)).toBe(0x3c00);
    expect(view.getUint16(18, true)).toBe(0xc000);
  });
});

describe('encodeShard', () => {
  it('rejects a vector of the wrong length', () => {
    const vectors = [new Float32Array(4), new Float32Array(3)];
    expect(() => encodeShard(vectors, 4)).toThrow('Vector 1 has 3 dimensions, expected 4.');
  });
});

describe('decodeShard', () => {
  it('rejects bytes shorter than the header', () => {
    const truncated = validShard().slice(0, 10);
    expect(() => decodeShard(truncated)).toThrow('Feature shard is truncated: 10 bytes.');
  });

  it('rejects a shard cut inside its values', () => {
    const truncated = validShard().slice(0, 16 + 3 * 5 * 2 - 4);
    expect(() => decodeShard(truncated)).toThrow('Feature shard is 42 bytes, expected 46 for 3×5.');
  });

  it('rejects extra bytes after the values', () => {
    const shard = new Uint8Array(validShard());
    const padded = new Uint8Array(shard.length + 2);
    padded.set(shard);
    expect(() => decodeShard(padded.buffer)).toThrow('Feature shard is 48 bytes, expected 46 for 3×5.');
  });

  it('rejects a count that does not match the size', () => {
    const shard = validShard();
    new DataView(shard).setUint32(12, 4, true);
    expect(() => decodeShard(shard)).toThrow('expected 56 for 4×5');
  });

  it('rejects the wrong magic number', () => {
    const shard = validShard();
    new Uint8Array(shard)[0] = 'X'.charCodeAt(0);
    expect(() => decodeShard(shard)).toThrow('Feature shard has the wrong magic number.');
  });

  it('rejects another shard format', () => {
    const shard = validShard();
    new DataView(shard).setUint16(4, 2, true);
    expect(() => decodeShard(shard)).toThrow('Feature shard has format 2, expected 1; rebuild the catalog.');
  });

  it('rejects an unknown encoding', () => {
    const shard = validShard();
    new DataView(shard).setUint16(6, 9, true);
    expect(() => decodeShard(shard)).toThrow('Feature shard has an unknown encoding.');
  });
});

describe('int8 shards', () => {
  const vectors = [Float32Array.from([0.6, -0.8, 0]), Float32Array.from([0, 0, 0]), Float32Array.from([0.1, 0.2, -0.4])];

  it('quantizeInt8 maps the largest magnitude to 127', () => {
    const { values, scale } = quantizeInt8(vectors[0]);

    expect([...values]).toEqual([95, -127, 0]);
    expect(scale).toBeCloseTo(0.8 / 127, 9);
  });

  it('round-trips within half a quantization step', () => {
    const bytes = encodeShard(vectors, 3, 'int8');
    // Header, then one float32 scale a vector, then 3 int8 values a vector.
    expect(bytes.byteLength).toBe(16 + 3 * 4 + 3 * 3);

    const shard = decodeShard(bytes.buffer as ArrayBuffer);
    expect(shard.encoding).toBe('int8');
    if (shard.encoding !== 'int8') return;
    vectors.forEach((vector, row) => {
      vector.forEach((value, i) => {
        const restored = shard.values[row * 3 + i] * shard.scales[row];
        // The scale is stored as float32, so allow a hair over half a step.
        expect(Math.abs(restored - value)).toBeLessThanOrEqual(shard.scales[row] * 0.5001);
      });
    });
  });

  it('keeps a zero vector at zero', () => {
    const shard = decodeShard(encodeShard([vectors[1]], 3, 'int8').buffer as ArrayBuffer);

    expect(shard.encoding).toBe('int8');
    expect(shard.encoding === 'int8' ? shard.scales[0] : undefined).toBe(0);
    expect([...shard.values]).toEqual([0, 0, 0]);
  });
});
