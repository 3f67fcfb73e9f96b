import type { ModelInfo } from '../catalog/manifest';
import type { RgbaImage } from '../features/rgba-image';
import type { BackendRequest } from '../../workers/embed-worker';
import { describeError } from './describe-error';
import { Embedder } from './embedder';

export type ModelPhase = 'idle' | 'loading' | 'ready' | 'failed';

/**
 * The look model's loading state for the status line, and the page's way to
 * embed a photo. Counts embedding calls, so a test can check that a search
 * ran no inference.
 */
export class LookModel {
  phase = $state<ModelPhase>('idle');
  loadedBytes = $state(0);
  totalBytes = $state(0);
  backend = $state('');
  details = $state('');
  /** Set when the GPU failed mid-session and inference moved to WebAssembly. */
  notice = $state<string>();
  embedCalls = 0;

  private embedder?: Embedder;

  constructor(private readonly backendRequest: BackendRequest) {}

  get percent(): number {
    return this.totalBytes ? Math.round((100 * this.loadedBytes) / this.totalBytes) : 0;
  }

  get usable(): boolean {
    return this.embedder !== undefined && this.phase !== 'failed';
  }

  /** Starts loading the model. `onError` receives the message when loading fails. */
  start(baseUrl: string, info: ModelInfo, onError: (message: string) => void): void {
    this.phase = 'loading';
    const embedder = new Embedder(baseUrl, info, this.backendRequest, (bytes, total) => {
      this.loadedBytes = bytes;
      this.totalBytes = total;
    });
    this.embedder = embedder;
    embedder.load().then(
      async (backend) => {
        this.details = await embedder.describeBackend();
        this.phase = 'ready';
        this.backend = backend;
      },
      (reason) => {
        this.phase = 'failed';
        onError(`The look model failed to load: ${describeError(reason)} Colour search still works.`);
      },
    );
  }

  /** Embeds a prepared 224×224 image, transferring the image's buffer to the worker. */
  async embed(image: RgbaImage, signal: AbortSignal): Promise<Float32Array> {
    if (!this.embedder) throw new Error('The look model was not started.');
    this.embedCalls++;
    const { vector, backend } = await this.embedder.embed(image, signal);

    if (this.backend === 'webgl' && backend !== 'webgl') {
      this.notice = 'The GPU stopped responding, so look search now runs on the CPU (WebAssembly) and is slower.';
    }
    if (this.backend !== backend) this.details = await this.embedder.describeBackend();
    this.backend = backend;
    return vector;
  }

  loseWebglContext(): Promise<boolean> | undefined {
    return this.embedder?.loseWebglContext();
  }

  numTensors(): Promise<number> | undefined {
    return this.embedder?.numTensors();
  }

  dispose(): void {
    this.embedder?.dispose();
  }
}
