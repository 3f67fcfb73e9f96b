import { parentPort, workerData } from 'node:worker_threads';
import { embedImages, warmUp } from '../../src/features/embedding';
import { prepareFeatureInputs } from '../../src/features/preprocess';
import type { RgbaImage } from '../../src/features/rgba-image';
import { augmentPhoto } from './augment-photo';
import { decodeImageFile } from './decode-image';
import { loadModelFolder } from './embedding-model';
import type { ImageJob, ImageResult, ThreadData, ThreadRequest, ThreadResponse } from './embed-pool';
import { embedImagesOnnx, loadOnnxSession } from './onnx-model';
import { useWasmBackend } from './tfjs-wasm';

const port = parentPort!;
const { engine, modelPath } = workerData as ThreadData;

/** Computes L2-normalized embeddings of prepared 224×224 images, one per image. */
type Embedder = (images: RgbaImage[]) => Promise<Float32Array[]>;

async function startEmbedder(): Promise<Embedder> {
  if (engine === 'onnx') {
    const session = await loadOnnxSession(modelPath);
    return (images) => embedImagesOnnx(session, images);
  }

  await useWasmBackend();
  const model = await loadModelFolder(modelPath);
  await warmUp(model);
  return (images) => embedImages(model, images);
}

async function computeBatch(embed: Embedder, images: ImageJob[]): Promise<ImageResult[]> {
  const results: ImageResult[] = [];
  const prepared: { sha256: string; embedding: RgbaImage }[] = [];

  for (const { sha256, file, augmentSeed } of images) {
    try {
      const source = augmentSeed === undefined ? file : await augmentPhoto(file, augmentSeed);
      prepared.push({ sha256, embedding: prepareFeatureInputs(await decodeImageFile(source)).embedding });
    } catch (error) {
      results.push({ sha256, error: (error as Error).message });
    }
  }

  const looks = await embed(prepared.map(({ embedding }) => embedding));
  prepared.forEach(({ sha256 }, n) => results.push({ sha256, look: looks[n] }));
  return results;
}

function serve(embed: Embedder): void {
  port.postMessage({ type: 'ready' } satisfies ThreadResponse);
  port.on('message', (request: ThreadRequest) => {
    computeBatch(embed, request.images).then(
      (results) => port.postMessage({ type: 'done', batchId: request.batchId, results } satisfies ThreadResponse),
      (error: Error) => port.postMessage({ type: 'failed', batchId: request.batchId, error: error.message } satisfies ThreadResponse),
    );
  });
}

// On a start-up failure the thread reports it and then ends, since nothing listens on its port.
startEmbedder().then(serve, (error: Error) => {
  port.postMessage({ type: 'startFailed', error: error.message } satisfies ThreadResponse);
});
