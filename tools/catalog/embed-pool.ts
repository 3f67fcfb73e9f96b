import { Worker } from 'node:worker_threads';

/**
 * Worker threads on Node 20 do not inherit tsx's module hooks, even with
 * tsx in execArgv, so each thread registers them before importing its code.
 */
const THREAD_BOOTSTRAP = `
  import { register } from 'tsx/esm/api';
  register();
  await import(${JSON.stringify(new URL('./embed-thread.ts', import.meta.url).href)});
`;

/** Runtime of the ResNet50 embedding: onnxruntime-node on the converted model, or tfjs on WebAssembly. */
export type EmbeddingEngine = 'onnx' | 'tfjs';

export const EMBEDDING_ENGINES: readonly EmbeddingEngine[] = ['onnx', 'tfjs'];

/**
 * Images per batch sent to a thread. tfjs keeps the 8 of its measured
 * baseline. onnxruntime-node 1.31.1 on 2 cores ran batches of 8, 16 and 32
 * at 25 to 26 images/s end to end, so any of them would do.
 */
export const ENGINE_BATCH_SIZE: Record<EmbeddingEngine, number> = { onnx: 16, tfjs: 8 };

/** Start-up settings of one feature thread. */
export interface ThreadData {
  engine: EmbeddingEngine;
  /** The ONNX file for 'onnx', the tfjs layers model folder for 'tfjs'. */
  modelPath: string;
}

export interface ImageJob {
  sha256: string;
  file: string;
  /** When set, the thread embeds an augmented copy of the photo made with this seed (augmentPhoto), not the photo. */
  augmentSeed?: number;
}

export type ImageResult =
  | { sha256: string; look: Float32Array; error?: undefined }
  | { sha256: string; error: string };

export interface ThreadRequest {
  batchId: number;
  images: ImageJob[];
}

export type ThreadResponse =
  | { type: 'ready' }
  | { type: 'startFailed'; error: string }
  | { type: 'done'; batchId: number; results: ImageResult[] }
  | { type: 'failed'; batchId: number; error: string };

export interface PoolOptions extends ThreadData {
  threads: number;
  batchSize: number;
  /** Called once per finished batch, in completion order. */
  onBatch: (results: ImageResult[]) => void;
}

/**
 * Computes the look embeddings of the images on `threads` worker
 * threads, each with its own engine instance and model copy running on one
 * core. Resolves when every image has a result.
 */
export async function computeFeatures(jobs: ImageJob[], options: PoolOptions): Promise<void> {
  if (jobs.length === 0) return;

  const batches: ImageJob[][] = [];
  for (let i = 0; i < jobs.length; i += options.batchSize) batches.push(jobs.slice(i, i + options.batchSize));
  const threadCount = Math.max(1, Math.min(options.threads, batches.length));
  const workers: Worker[] = [];
  let nextBatch = 0;
  let finished = 0;

  try {
    await new Promise<void>((resolve, reject) => {
      const sendNext = (worker: Worker): void => {
        if (nextBatch < batches.length) {
          const batchId = nextBatch++;
          worker.postMessage({ batchId, images: batches[batchId] } satisfies ThreadRequest);
        }
      };

      for (let t = 0; t < threadCount; t++) {
        const workerData: ThreadData = { engine: options.engine, modelPath: options.modelPath };
        const worker = new Worker(THREAD_BOOTSTRAP, { eval: true, workerData });
        workers.push(worker);

        worker.on('message', (response: ThreadResponse) => {
          if (response.type === 'startFailed') {
            reject(new Error(`A feature thread failed to start the ${options.engine} engine: ${response.error}`));
            return;
          }
          if (response.type === 'failed') {
            reject(new Error(`Feature batch ${response.batchId} failed: ${response.error}`));
            return;
          }
          if (response.type === 'done') {
            try {
              options.onBatch(response.results);
            } catch (error) {
              reject(error as Error);
              return;
            }
            finished++;
            if (finished === batches.length) resolve();
          }
          sendNext(worker);
        });
        worker.on('error', (error) => reject(new Error(`A feature thread crashed: ${error.message}`)));
        worker.on('exit', (code) => {
          if (code !== 0 && finished < batches.length) reject(new Error(`A feature thread exited with code ${code}.`));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
