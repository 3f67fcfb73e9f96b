import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedImages, EMBEDDING_SIZE } from '../../src/features/embedding';
import { prepareFeatureInputs, type FeatureInputs } from '../../src/features/preprocess';
import { cosineSimilarity } from '../../src/features/vector';
import { decodeImageFile } from './decode-image';
import { computeFeatures, ENGINE_BATCH_SIZE, type ImageJob, type ImageResult } from './embed-pool';
import { ensureEmbeddingModel, loadModelFolder } from './embedding-model';
import { ensureOnnxModel } from './onnx-model';
import { useWasmBackend } from './tfjs-wasm';

const IMAGES = path.resolve('../shared/datasets/myntra-small/images');

/** Two navy shirts, a pair of jeans and a white shirt. */
const PHOTO_IDS = [15970, 37812, 39386, 59297];

/** Runs the photos through the feature pool's worker thread with the onnx engine. */
async function computeWithOnnxThread(modelPath: string, files: string[]): Promise<ImageResult[]> {
  const jobs: ImageJob[] = files.map((file, n) => ({ sha256: String(n), file }));
  const results: ImageResult[] = [];
  await computeFeatures(jobs, {
    threads: 1,
    engine: 'onnx',
    modelPath,
    batchSize: ENGINE_BATCH_SIZE.onnx,
    onBatch: (batch) => results.push(...batch),
  });
  return results.sort((a, b) => Number(a.sha256) - Number(b.sha256));
}

function featuresOf(result: ImageResult): { look: Float32Array } {
  if (result.error !== undefined) throw new Error(`Photo ${PHOTO_IDS[Number(result.sha256)]} failed in the thread: ${result.error}`);
  return result;
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
  return largest;
}

// NOTE: this file and embedding-model.test.ts both fill an empty .cache. The model folders are
// published atomically, but the weights download and extraction (ensureResnetWeights) are not
// safe for concurrent callers, and vitest runs files in parallel on more than 2 cores.
describe('ResNet50 embedding on onnxruntime', () => {
  const files = PHOTO_IDS.map((id) => path.join(IMAGES, `${id}.jpg`));
  let onnx: ImageResult[];
  let inputs: FeatureInputs[];
  let tfjsLooks: Float32Array[];

  beforeAll(async () => {
    const cacheDir = path.resolve('.cache');
    onnx = await computeWithOnnxThread(await ensureOnnxModel(cacheDir), files);

    inputs = await Promise.all(files.map(async (file) => prepareFeatureInputs(await decodeImageFile(file))));
    await useWasmBackend();
    const model = await loadModelFolder(await ensureEmbeddingModel(cacheDir));
    tfjsLooks = await embedImages(model, inputs.map((input) => input.embedding));
    model.dispose();
  }, 5 * 60 * 1000);

  it('thread returns unit 2048-d look vectors', () => {
    expect(onnx).toHaveLength(PHOTO_IDS.length);
    for (const result of onnx) {
      const { look } = featuresOf(result);
      expect(look.length).toBe(EMBEDDING_SIZE);
      expect(Math.hypot(...look)).toBeCloseTo(1, 4);
    }
  });

  it.each(PHOTO_IDS.map((id, n) => [id, n]))('look of photo %i agrees with tfjs wasm', (_, n) => {
    const { look } = featuresOf(onnx[n]);

    // Feature caches and catalogs built by either engine are used together, so their vectors must agree.
    expect(cosineSimilarity(look, tfjsLooks[n])).toBeGreaterThanOrEqual(0.999);
    expect(largestDifference(look, tfjsLooks[n])).toBeLessThan(1e-4);
  });

  it('invalid model file names the tfjs fallback', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnx-model-'));
    const badModel = path.join(dir, 'bad.onnx');
    fs.writeFileSync(badModel, 'not an ONNX model');

    try {
      await expect(computeWithOnnxThread(badModel, files.slice(0, 1))).rejects.toThrow(/could not load the model .*bad\.onnx.*rerun with --engine tfjs/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
