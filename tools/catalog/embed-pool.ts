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

export interface ImageJob {
  sha256: string;
  file: string;
}

export type ImageResult =
  | { sha256: string; colour: Float32Array; look: Float32Array; error?: undefined }
  | { sha256: string; error: string };

export interface ThreadRequest {
  batchId: number;
  images: ImageJob[];
}

export type ThreadResponse =
  | { type: 'ready' }
  | { type: 'done'; batchId: number; results: ImageResult[] }
  | { type: 'failed'; batchId: number; error: string };

export interface PoolOptions {
  threads: number;
  modelDir: string;
  batchSize: number;
  /** Called once per finished batch, in completion order. */
  onBatch: (results: ImageResult[]) => void;
}

/**
 * Computes colour and look features of the images on `threads` worker
 * threads, each with its own tfjs wasm backend and model copy, since one
 * wasm backend uses one core. Resolves when every image has a result.
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
        const worker = new Worker(THREAD_BOOTSTRAP, { eval: true, workerData: { modelDir: options.modelDir } });
        workers.push(worker);

        worker.on('message', (response: ThreadResponse) => {
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
