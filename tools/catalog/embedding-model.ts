import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import path from 'node:path';
import { cutAtEmbeddingLayer, EMBEDDING_VERSION } from '../../src/features/embedding';
import { concatBuffers, loadLayersModelFromFiles, type LayersModelJson } from '../../src/features/model-artifacts';
import { dequantizeModelFolder, quantizeModelFolder, writeModelFolder, type WeightEncoding } from './quantize-model';
import { ensureResnetWeights } from './resnet-package';
import { useWasmBackend } from './tfjs-wasm';


/** Loads a tfjs layers model from a folder holding `model.json` and its weight files. */
export async function loadModelFolder(dir: string): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as LayersModelJson;
  const weightFiles = modelJson.weightsManifest.flatMap((group) =>
    group.paths.map((file) => {
      const bytes = fs.readFileSync(path.join(dir, file));
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    }),
  );
  return loadLayersModelFromFiles(modelJson, weightFiles);
}

/** Saves a layers model as a folder of `model.json` and float32 weight shards, published atomically. */
async function saveModelFolder(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const data = artifacts.weightData as ArrayBuffer | ArrayBuffer[];
    const weights = Buffer.from(concatBuffers(Array.isArray(data) ? data : [data]));
    const modelJson = {
      format: 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: 'lookalike',
      modelTopology: artifacts.modelTopology as object,
      weightsManifest: [],
    };
    writeModelFolder(dir, modelJson, weights, artifacts.weightSpecs ?? []);
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
}

/** Weight encoding of the model the page downloads; see docs/evaluation.md for the choice. */
export const PAGE_WEIGHT_ENCODING: WeightEncoding = 'uint8';

/** Returns the folder of ResNet50 cut at `avg_pool` with its float32 weights, made once from the pinned npm weights. */
export async function ensureCutModel(cacheDir: string): Promise<string> {
  const dir = path.join(cacheDir, 'resnet50-avg_pool-float32');
  if (fs.existsSync(path.join(dir, 'model.json'))) return dir;

  const resnetDir = await ensureResnetWeights(cacheDir);
  console.log('Cutting ResNet50 at avg_pool for the catalog and the page…');
  await useWasmBackend();
  const full = await loadModelFolder(resnetDir);
  const cut = cutAtEmbeddingLayer(full);

  await saveModelFolder(cut, dir);

  full.dispose();
  return dir;
}

/** Returns the folder of the model the page downloads: the cut ResNet50 with PAGE_WEIGHT_ENCODING weights. */
export async function ensurePageModel(cacheDir: string): Promise<string> {
  const cutDir = await ensureCutModel(cacheDir);
  return quantizeModelFolder(cutDir, path.join(cacheDir, `resnet50-avg_pool-${PAGE_WEIGHT_ENCODING}`), PAGE_WEIGHT_ENCODING);
}

/**
 * Returns the folder of the model the tool computes catalog features with:
 * the page's model with its weights dequantized to float32, so the tool and
 * the page run the same function and their vectors agree.
 */
export async function ensureEmbeddingModel(cacheDir: string): Promise<string> {
  return dequantizeModelFolder(await ensurePageModel(cacheDir), path.join(cacheDir, EMBEDDING_VERSION));
}
