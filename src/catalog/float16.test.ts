import { describe, expect, it } from 'vitest';
import { decodeFloat16, encodeFloat16, float16DecodeTable, toFloat16Bits } from './float16';

function roundTrip(value: number): number {
  return decodeFloat16(encodeFloat16([value]))[0];
}

/** Deterministic uniform values in [0, 1) from a linear congruential generator. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('toFloat16Bits', () => {
  it('encodes exact values to their IEEE 754 half bits', () => {
    // Sign bit 15, exponent bits 14–10 with bias 15, mantissa bits 9–0.
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00], // exponent 15
      [-2, 0xc000], // sign, exponent 16
      [0.5, 0x3800], // exponent 14
      [65504, 0x7bff], // largest finite: exponent 30, mantissa all ones
      [2 ** -24, 0x0001], // smallest subnormal
      [2 ** -14, 0x0400], // smallest normal
    ];
    for (const [value, bits] of cases) {
      expect(toFloat16Bits(value), `bits of ${value}`).toBe(bits);
    }
  });

  it('overflows to infinity', () => {
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(toFloat16Bits(-1e6)).toBe(0xfc00);
    expect(toFloat16Bits(Infinity)).toBe(0x7c00);
    expect(toFloat16Bits(-Infinity)).toBe(0xfc00);
  });

  it('rounds 65520 up to infinity', () => {
    // 65520 is halfway between 65504 (mantissa 0x3ff, odd) and 65536, so ties-to-even rounds up.
    expect(toFloat16Bits(65519)).toBe(0x7bff);
    expect(toFloat16Bits(65520)).toBe(0x7c00);
  });

  it('encodes NaN as a NaN', () => {
    const bits = toFloat16Bits(NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x03ff).not.toBe(0);
  });

  it('rounds halfway cases to even', () => {
    // Near 1 the half spacing is 2^-10, so 1 + 2^-11 is halfway between 1 (even mantissa 0)
    // and 1 + 2^-10 (odd mantissa 1): it rounds down to 1.
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3·2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even mantissa 2): it rounds up.
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    // Just above a halfway point rounds up.
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
  });

  it('rounds halfway subnormals to even', () => {
    // 2^-25 is halfway between 0 and 2^-24 (mantissa 1, odd): it rounds to 0.
    expect(toFloat16Bits(2 ** -25)).toBe(0x0000);
    // 3·2^-25 is halfway between 2^-24 (odd) and 2·2^-24 (even): it rounds up to 2.
    expect(toFloat16Bits(3 * 2 ** -25)).toBe(0x0002);
    // Slightly above 2^-25 rounds up to the smallest subnormal.
    expect(toFloat16Bits(2 ** -25 * 1.5)).toBe(0x0001);
    // Far below the subnormal range becomes zero, keeping the sign.
    expect(toFloat16Bits(1e-10)).toBe(0x0000);
    expect(toFloat16Bits(-1e-10)).toBe(0x8000);
  });

  it('rounds up from the largest subnormal into the smallest normal', () => {
    // The largest subnormal is 1023·2^-24. A value nearer to 2^-14 rounds up to it (0x0400).
    expect(toFloat16Bits(1023 * 2 ** -24)).toBe(0x03ff);
    expect(toFloat16Bits(2 ** -14 - 2 ** -26)).toBe(0x0400);
  });
});

describe('decodeFloat16', () => {
  it('round-trips exact values exactly', () => {
    for (const value of [0, 1, -2, 0.5, 65504, -65504, 2 ** -24, 2 ** -14, 0.25, 1 + 2 ** -10]) {
      expect(roundTrip(value), `round trip of ${value}`).toBe(value);
    }
  });

  it('keeps the sign of negative zero', () => {
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
  });

  it('decodes infinity and NaN bits', () => {
    const decoded = decodeFloat16(new Uint16Array([0x7c00, 0xfc00, 0x7e00]));
    expect(decoded[0]).toBe(Infinity);
    expect(decoded[1]).toBe(-Infinity);
    expect(decoded[2]).toBeNaN();
  });

  it('keeps relative error below 1e-3 in [1e-4, 1e4]', () => {
    // Half precision has an 11-bit significand, so the rounding error is at most 2^-11 ≈ 4.9e-4.
    const random = seededRandom(7);
    for (let n = 0; n < 10_000; n++) {
      const magnitude = 10 ** (random() * 8 - 4);
      const value = random() < 0.5 ? -magnitude : magnitude;
      const error = Math.abs(roundTrip(value) - value) / Math.abs(value);
      expect(error, `relative error for ${value}`).toBeLessThan(1e-3);
    }
  });

  it('round-trips every finite half value', () => {
    const table = float16DecodeTable();
    expect(table.length).toBe(65536);
    for (let bits = 0; bits < 65536; bits++) {
      const exponent = (bits >>> 10) & 0x1f;
      if (exponent === 0x1f) continue;
      if (toFloat16Bits(table[bits]) !== bits) {
        expect.fail(`bits 0x${bits.toString(16)} decode to ${table[bits]}, which encodes to 0x${toFloat16Bits(table[bits]).toString(16)}`);
      }
    }
  });
});
