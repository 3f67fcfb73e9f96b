import * as tf from '@tensorflow/tfjs';
import { EMBEDDING_INPUT_SIZE } from './preprocess';
import type { RgbaImage } from './rgba-image';

/** Keras ResNet50 "caffe" preprocessing: BGR channel means of ImageNet, no scaling. */
export const IMAGENET_BGR_MEANS = [103.939, 116.779, 123.68] as const;

export const EMBEDDING_LAYER = 'avg_pool';
export const EMBEDDING_SIZE = 2048;

/** Identifies the embedding recipe; part of the catalog's feature cache key. */
export const EMBEDDING_VERSION = 'resnet50-imagenet-avg_pool-caffe-uint8-v2';

/**
 * Cuts a Keras ResNet50 at its global average pooling layer, so it returns
 * the 2048-d image embedding in place of the ImageNet class scores.
 */
export function cutAtEmbeddingLayer(model: tf.LayersModel): tf.LayersModel {
  const layer = model.getLayer(EMBEDDING_LAYER);
  return tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
}

/**
 * Builds the ResNet50 input from 224×224 RGBA images with Keras "caffe"
 * preprocessing: NHWC float32, RGB to BGR, minus IMAGENET_BGR_MEANS, no
 * scaling. Shared by tfjs (Node and browser) and onnxruntime in the tool.
 */
export function caffeInput(images: RgbaImage[]): Float32Array {
  const side = EMBEDDING_INPUT_SIZE;
  const batch = new Float32Array(images.length * side * side * 3);

  images.forEach((image, n) => {
    if (image.width !== side || image.height !== side) {
      throw new Error(`Embedding input must be ${side}×${side}, got ${image.width}×${image.height}.`);
    }
    const offset = n * side * side * 3;
    for (let p = 0, i = 0; p < side * side; p++, i += 4) {
      batch[offset + p * 3] = image.data[i + 2] - IMAGENET_BGR_MEANS[0];
      batch[offset + p * 3 + 1] = image.data[i + 1] - IMAGENET_BGR_MEANS[1];
      batch[offset + p * 3 + 2] = image.data[i] - IMAGENET_BGR_MEANS[2];
    }
  });

  return batch;
}

function toModelInput(images: RgbaImage[]): tf.Tensor4D {
  const side = EMBEDDING_INPUT_SIZE;
  return tf.tensor4d(caffeInput(images), [images.length, side, side, 3]);
}

/** Computes L2-normalized embeddings of prepared 224×224 images, one per image. */
export async function embedImages(model: tf.LayersModel, images: RgbaImage[]): Promise<Float32Array[]> {
  if (images.length === 0) return [];

  const output = tf.tidy(() => {
    const features = model.predict(toModelInput(images)) as tf.Tensor2D;
    return tf.div(features, tf.maximum(tf.norm(features, 'euclidean', 1, true), 1e-12));
  });

  try {
    const flat = (await output.data()) as Float32Array;
    return images.map((_, n) => flat.slice(n * EMBEDDING_SIZE, (n + 1) * EMBEDDING_SIZE));
  } finally {
    output.dispose();
  }
}

/** Runs one blank image through the model, so shaders or kernels are compiled before the first query. */
export async function warmUp(model: tf.LayersModel): Promise<void> {
  const side = EMBEDDING_INPUT_SIZE;
  const blank: RgbaImage = { width: side, height: side, data: new Uint8ClampedArray(side * side * 4).fill(255) };
  await embedImages(model, [blank]);
}
