/** Shape and weight arithmetic of the Keras to ONNX converter, free of graph state. */
import type { BatchNormParams } from './keras-model';

/**
 * Returns ONNX pads [top, left, bottom, right] and the output size for a
 * Keras 'valid' or 'same' window. Keras 'same' puts the odd pixel of padding
 * at the bottom and right, like TensorFlow.
 */
export function windowPads(
  padding: string,
  input: { height: number; width: number },
  kernel: [number, number],
  strides: [number, number],
): { pads: [number, number, number, number]; height: number; width: number } {
  if (padding === 'valid') {
    return {
      pads: [0, 0, 0, 0],
      height: Math.floor((input.height - kernel[0]) / strides[0]) + 1,
      width: Math.floor((input.width - kernel[1]) / strides[1]) + 1,
    };
  }
  if (padding !== 'same') {
    throw new Error(`Unsupported padding '${padding}', expected 'valid' or 'same'.`);
  }

  const height = Math.ceil(input.height / strides[0]);
  const width = Math.ceil(input.width / strides[1]);
  const padHeight = Math.max((height - 1) * strides[0] + kernel[0] - input.height, 0);
  const padWidth = Math.max((width - 1) * strides[1] + kernel[1] - input.width, 0);
  const top = Math.floor(padHeight / 2);
  const left = Math.floor(padWidth / 2);
  return { pads: [top, left, padHeight - top, padWidth - left], height, width };
}

/** Reorders a Keras Conv2D kernel from HWIO to ONNX OIHW. */
export function kernelToOihw(values: Float32Array, [kh, kw, inChannels, outChannels]: number[]): Float32Array {
  const out = new Float32Array(values.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < inChannels; i++) {
        for (let o = 0; o < outChannels; o++) {
          out[((o * inChannels + i) * kh + y) * kw + x] = values[((y * kw + x) * inChannels + i) * outChannels + o];
        }
      }
    }
  }
  return out;
}

/**
 * Returns a [height, width] mask of the pooled output: 0 where the pooling
 * window covers a cell of zero padding, -Infinity elsewhere. Max(pool, mask)
 * then equals max pooling over the zero-padded input.
 */
export function zeroPaddingMask(
  source: { height: number; width: number },
  zeroPads: [number, number, number, number],
  window: { pads: [number, number, number, number]; height: number; width: number },
  poolSize: [number, number],
  strides: [number, number],
): Float32Array {
  // Rows and columns of the zero-padded input that hold padding, and the window range clipped to that input.
  const touchesPadding = (index: number, axis: 0 | 1): boolean => {
    const size = axis === 0 ? source.height : source.width;
    const before = zeroPads[axis];
    const paddedSize = before + size + zeroPads[axis + 2];
    const first = Math.max(0, index * strides[axis] - window.pads[axis]);
    const last = Math.min(paddedSize - 1, index * strides[axis] - window.pads[axis] + poolSize[axis] - 1);
    return first < before || last >= before + size;
  };

  const mask = new Float32Array(window.height * window.width).fill(-Infinity);
  for (let y = 0; y < window.height; y++) {
    for (let x = 0; x < window.width; x++) {
      if (touchesPadding(y, 0) || touchesPadding(x, 1)) mask[y * window.width + x] = 0;
    }
  }
  return mask;
}

/**
 * Folds inference-time batch normalization into convolution weights:
 * scale = gamma / sqrt(variance + epsilon), W' = W * scale per output
 * channel, b' = (b - mean) * scale + beta. Computed in float64.
 */
export function foldBatchNorm(
  weights: Float32Array,
  bias: Float32Array,
  params: BatchNormParams,
): { weights: Float32Array; bias: Float32Array } {
  const outChannels = bias.length;
  const perChannel = weights.length / outChannels;
  const foldedWeights = new Float32Array(weights.length);
  const foldedBias = new Float32Array(outChannels);

  for (let o = 0; o < outChannels; o++) {
    const scale = params.gamma[o] / Math.sqrt(params.variance[o] + params.epsilon);
    for (let k = o * perChannel; k < (o + 1) * perChannel; k++) foldedWeights[k] = weights[k] * scale;
    foldedBias[o] = (bias[o] - params.mean[o]) * scale + params.beta[o];
  }

  return { weights: foldedWeights, bias: foldedBias };
}
