import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedImages, EMBEDDING_SIZE } from '../../src/features/embedding';
import { productColourHistogram } from '../../src/features/product-colour';
import { prepareFeatureInputs } from '../../src/features/preprocess';
import { cosineSimilarity } from '../../src/features/vector';
import { decodeImageFile } from './decode-image';
import { ensureEmbeddingModel, loadModelFolder } from './embedding-model';
import { useWasmBackend } from './tfjs-wasm';

const IMAGES = path.resolve('../shared/datasets/myntra-small/images');

async function prepared(id: number) {
  return prepareFeatureInputs(await decodeImageFile(path.join(IMAGES, `${id}.jpg`)));
}

describe('ResNet50 embedding on the wasm backend', () => {
  let model: tf.LayersModel;

  beforeAll(async () => {
    await useWasmBackend();
    model = await loadModelFolder(await ensureEmbeddingModel(path.resolve('.cache')));
  }, 5 * 60 * 1000);

  it('model ends at avg_pool with 2048 outputs', () => {
    expect(model.outputs[0].shape).toEqual([null, EMBEDDING_SIZE]);
    expect(model.layers.at(-1)?.name).toBe('avg_pool');
  });

  it('embeds a catalog photo to a unit 2048-d vector without leaking tensors', async () => {
    const shirt = await prepared(15970);
    const baseline = tf.memory().numTensors;

    const [vector] = await embedImages(model, [shirt.embedding]);

    expect(vector.length).toBe(EMBEDDING_SIZE);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 4);
    expect(vector.every((value) => value >= 0)).toBe(true);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('batch gives the same vectors as single images', async () => {
    const inputs = await Promise.all([15970, 39386].map(prepared));
    const batch = await embedImages(model, inputs.map((input) => input.embedding));
    const single = await embedImages(model, [inputs[1].embedding]);

    expect(cosineSimilarity(batch[1], single[0])).toBeGreaterThan(0.9999);
  });

  it('shirt is closer to a shirt than to jeans', async () => {
    // 15970 and 37812 are men's shirts, 39386 is a pair of jeans.
    const inputs = await Promise.all([15970, 37812, 39386].map(prepared));
    const [shirt, otherShirt, jeans] = await embedImages(model, inputs.map((input) => input.embedding));

    expect(cosineSimilarity(shirt, otherShirt)).toBeGreaterThan(cosineSimilarity(shirt, jeans));
  });

  it('navy shirt histogram is closer to navy than to white', async () => {
    // 15970 and 37812 are navy blue shirts, 59297 is a white one.
    const [navy, otherNavy, white] = await Promise.all([15970, 37812, 59297].map(async (id) => productColourHistogram((await prepared(id)).colour)));

    expect(navy.some(Number.isNaN)).toBe(false);
    expect(cosineSimilarity(navy, otherNavy)).toBeGreaterThan(cosineSimilarity(navy, white));
  });
});
