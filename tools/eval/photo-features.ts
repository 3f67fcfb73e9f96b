import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { hsvHistogram } from '../../src/features/hsv-histogram';
import { prepareFeatureInputs } from '../../src/features/preprocess';
import { productColourHistogram } from '../../src/features/product-colour';
import { flattenOnWhite } from '../../src/features/rgba-image';
import { decodeImageFile } from '../catalog/decode-image';
import { computeFeatures, ENGINE_BATCH_SIZE } from '../catalog/embed-pool';
import { openVectorCache } from '../catalog/feature-cache';
import { ensureOnnxModel } from '../catalog/onnx-model';

/** A photo's vectors as the page computes them, plus the whole-frame histogram of the plain baseline. */
export interface PhotoFeatures {
  colour: Float32Array;
  look: Float32Array;
  plainColour: Float32Array;
}

/**
 * Computes the features of query photos with the page's feature code
 * (decoding with sharp instead of the browser's decoder), reusing and
 * filling the tool's feature cache. Photos that fail to decode are left out
 * of the result with a warning.
 */
export async function computePhotoFeatures(files: string[], cacheDir: string): Promise<Map<string, PhotoFeatures>> {
  const caches = {
    colour: openVectorCache(cacheDir, 'colour'),
    look: openVectorCache(cacheDir, 'look'),
    plainColour: openVectorCache(cacheDir, 'plain-colour'),
  };
  const hashes = new Map(files.map((file) => [file, createHash('sha256').update(fs.readFileSync(file)).digest('hex')]));

  const needLook: { sha256: string; file: string }[] = [];
  for (const [file, sha256] of hashes) {
    if (caches.colour.has(sha256) && caches.plainColour.has(sha256) && caches.look.has(sha256)) continue;
    try {
      const inputs = prepareFeatureInputs(await decodeImageFile(file));
      if (!caches.colour.has(sha256)) caches.colour.append([{ sha256, vector: productColourHistogram(inputs.colour) }]);
      if (!caches.plainColour.has(sha256)) caches.plainColour.append([{ sha256, vector: hsvHistogram(flattenOnWhite(inputs.colour)) }]);
      if (!caches.look.has(sha256)) needLook.push({ sha256, file });
    } catch (error) {
      console.warn(`Skipping query photo ${file}: ${(error as Error).message}`);
    }
  }

  if (needLook.length > 0) {
    console.log(`Embedding ${needLook.length} query photos with onnxruntime…`);
    await computeFeatures(needLook, {
      threads: os.availableParallelism(),
      engine: 'onnx',
      modelPath: await ensureOnnxModel(cacheDir),
      batchSize: ENGINE_BATCH_SIZE.onnx,
      onBatch: (results) => caches.look.append(results.flatMap((result) => (result.error === undefined ? [{ sha256: result.sha256, vector: result.look }] : []))),
    });
  }

  const features = new Map<string, PhotoFeatures>();
  for (const [file, sha256] of hashes) {
    const colour = caches.colour.get(sha256);
    const look = caches.look.get(sha256);
    const plainColour = caches.plainColour.get(sha256);
    if (colour && look && plainColour) features.set(file, { colour, look, plainColour });
  }
  return features;
}
