import * as Comlink from 'comlink';
import type { ModelInfo } from '../catalog/manifest';
import type { RgbaImage } from '../features/rgba-image';
import type { BackendRequest, EmbedWorkerApi } from '../../workers/embed-worker';

/** An idle worker keeps the model in memory, so it is ended after this long without a query. */
const IDLE_TIMEOUT_MS = 5 * 60 * 1000;

export type ModelProgress = (loadedBytes: number, totalBytes: number) => void;

function abortError(): DOMException {
  return new DOMException('The search was replaced by a newer one.', 'AbortError');
}

/**
 * The page's one bridge to the embedding worker. The worker starts on first
 * use and ends after IDLE_TIMEOUT_MS; an aborted call rejects at once and
 * its late result is dropped.
 */
export class Embedder {
  private worker?: Worker;
  private remote?: Comlink.Remote<EmbedWorkerApi>;
  private loading?: Promise<string>;
  private idleTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly baseUrl: string,
    private readonly model: ModelInfo,
    private readonly backendRequest: BackendRequest,
    private readonly onProgress: ModelProgress,
  ) {}

  /** Starts the worker and loads the model; resolves with the backend's name. */
  load(): Promise<string> {
    if (!this.loading) {
      this.worker = new Worker(new URL('../../workers/embed-worker.ts', import.meta.url), { type: 'module' });
      this.remote = Comlink.wrap<EmbedWorkerApi>(this.worker);
      this.loading = this.remote.load(this.baseUrl, this.model, this.backendRequest, Comlink.proxy(this.onProgress));
      this.loading.catch(() => this.dispose());
    }
    return this.loading;
  }

  async embed(image: RgbaImage, signal?: AbortSignal): Promise<{ vector: Float32Array; backend: string }> {
    if (signal?.aborted) throw abortError();
    clearTimeout(this.idleTimer);

    const run = this.load().then(() => this.remote!.embed(Comlink.transfer(image, [image.data.buffer])));
    const aborted = new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(abortError()), { once: true }));
    try {
      return await Promise.race([run, aborted]);
    } finally {
      this.idleTimer = setTimeout(() => this.dispose(), IDLE_TIMEOUT_MS);
    }
  }

  async loseWebglContext(): Promise<boolean> {
    await this.load();
    return this.remote!.loseWebglContext();
  }

  async describeBackend(): Promise<string> {
    await this.load();
    return this.remote!.describeBackend();
  }

  async numTensors(): Promise<number> {
    await this.load();
    return this.remote!.numTensors();
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
    this.loading = undefined;
  }
}
