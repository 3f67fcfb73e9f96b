import { parentPort, workerData } from 'node:worker_threads';
import { embedImages, warmUp } from '../../src/features/embedding';
import { hsvHistogram } from '../../src/features/hsv-histogram';
import { prepareFeatureInputs, type FeatureInputs } from '../../src/features/preprocess';
import { decodeImageFile } from './decode-image';
import { loadModelFolder } from './embedding-model';
import type { ThreadRequest, ThreadResponse, ImageResult } from './embed-pool';
import { useWasmBackend } from './tfjs-wasm';

const port = parentPort!;
const { modelDir } = workerData as { modelDir: string };

async function computeBatch(images: { sha256: string; file: string }[]): Promise<ImageResult[]> {
  const results: ImageResult[] = [];
  const prepared: { sha256: string; inputs: FeatureInputs }[] = [];

  for (const { sha256, file } of images) {
    try {
      prepared.push({ sha256, inputs: prepareFeatureInputs(await decodeImageFile(file)) });
    } catch (error) {
      results.push({ sha256, error: (error as Error).message });
    }
  }

  const looks = await embedImages(model, prepared.map(({ inputs }) => inputs.embedding));
  prepared.forEach(({ sha256, inputs }, n) => {
    results.push({ sha256, colour: hsvHistogram(inputs.colour), look: looks[n] });
  });
  return results;
}

await useWasmBackend();
const model = await loadModelFolder(modelDir);
await warmUp(model);
port.postMessage({ type: 'ready' } satisfies ThreadResponse);

port.on('message', (request: ThreadRequest) => {
  computeBatch(request.images).then(
    (results) => port.postMessage({ type: 'done', batchId: request.batchId, results } satisfies ThreadResponse),
    (error: Error) => port.postMessage({ type: 'failed', batchId: request.batchId, error: error.message } satisfies ThreadResponse),
  );
});
