import { describe, expect, it } from 'vitest';
import { applyLabelHead, decodeLabelHead, encodeLabelHeadWeights, labelProbabilities, type LabelHead } from './label-head';
import { powerNormalize, toStoredVector } from './stored-space';

// Two labels on 2-d inputs: "x" scores 4·x[0], "y" scores 4·x[1].
const head: LabelHead = {
  inputDims: 2,
  labels: ['x', 'y'],
  labelShare: 0.5,
  weights: Float32Array.from([4, 0, 0, 4]),
  bias: Float32Array.from([0, 0]),
};

describe('labelProbabilities', () => {
  it('computes the softmax of the logits', () => {
    const [x, y] = labelProbabilities(head, Float32Array.from([1, 0]));
    expect(x).toBeCloseTo(Math.exp(4) / (Math.exp(4) + 1), 12);
    expect(x + y).toBeCloseTo(1, 12);
  });

  it('stays finite for large logits', () => {
    const large = { ...head, weights: Float32Array.from([1e4, 0, 0, 1e4]) };
    const probabilities = labelProbabilities(large, Float32Array.from([1, 0]));
    expect([...probabilities]).toEqual([1, 0]);
  });

  it('rejects a vector of the wrong size', () => {
    expect(() => labelProbabilities(head, new Float32Array(3))).toThrow('Cannot classify a 3-d vector with a 2-d label head.');
  });
});

describe('applyLabelHead', () => {
  it('appends the scaled vector to the scaled probability roots, at unit length', () => {
    const stored = applyLabelHead(head, Float32Array.from([0.6, 0.8]));
    expect(stored.length).toBe(4);
    expect(Math.hypot(...stored)).toBeCloseTo(1, 6);
    expect(stored[2]).toBeCloseTo(Math.sqrt(0.5) * 0.6, 6);
    expect(stored[3]).toBeCloseTo(Math.sqrt(0.5) * 0.8, 6);
  });

  it('gives a cosine that mixes label agreement and vector cosine by the share', () => {
    const a = Float32Array.from([1, 0]);
    const b = Float32Array.from([0.8, 0.6]);
    const [pa, pb] = [labelProbabilities(head, a), labelProbabilities(head, b)];
    const bhattacharyya = Math.sqrt(pa[0] * pb[0]) + Math.sqrt(pa[1] * pb[1]);
    const [sa, sb] = [applyLabelHead(head, a), applyLabelHead(head, b)];
    const cosine = sa.reduce((sum, value, i) => sum + value * sb[i], 0);
    expect(cosine).toBeCloseTo(0.5 * bhattacharyya + 0.5 * 0.8, 6);
  });
});

describe('label head file', () => {
  it('round-trips weights and bias', () => {
    const withBias = { ...head, bias: Float32Array.from([0.25, -1.5]) };
    const bytes = encodeLabelHeadWeights(withBias);
    const decoded = decodeLabelHead(bytes.buffer as ArrayBuffer, 2, ['x', 'y'], 0.5);
    expect([...decoded.weights]).toEqual([...withBias.weights]);
    expect([...decoded.bias]).toEqual([0.25, -1.5]);
  });

  it('rejects a file of the wrong size', () => {
    expect(() => decodeLabelHead(new ArrayBuffer(12), 2, ['x', 'y'], 0.5)).toThrow('expected 24');
  });
});

describe('powerNormalize', () => {
  it('takes signed square roots and rescales to unit length', () => {
    const out = powerNormalize(Float32Array.from([0.64, -0.36]), 0.5);
    // Roots 0.8 and −0.6 already have unit length.
    expect(out[0]).toBeCloseTo(0.8, 6);
    expect(out[1]).toBeCloseTo(-0.6, 6);
  });
});

describe('toStoredVector', () => {
  it('applies the power before the label head', () => {
    const stored = toStoredVector({ power: 0.5, labelHead: head }, Float32Array.from([0.64, 0.36]));
    expect(stored[2]).toBeCloseTo(Math.sqrt(0.5) * 0.8, 6);
  });

  it('returns the raw vector without projection or head', () => {
    const raw = Float32Array.from([0.6, 0.8]);
    expect(toStoredVector({}, raw)).toBe(raw);
  });

  it('applies the label head after no projection', () => {
    expect(toStoredVector({ labelHead: head }, Float32Array.from([1, 0])).length).toBe(4);
  });
});
