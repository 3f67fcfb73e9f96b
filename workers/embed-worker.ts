import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as Comlink from 'comlink';
import type { ModelInfo } from '../src/catalog/manifest';
import { embedImages, warmUp } from '../src/features/embedding';
import { loadLayersModelFromFiles, type LayersModelJson } from '../src/features/model-artifacts';
import type { RgbaImage } from '../src/features/rgba-image';
import { MAX_WASM_THREADS } from '../src/lib/backend-request';
import { fetchCatalogFile } from '../src/lib/fetch-file';

export type BackendChoice = 'auto' | 'webgl' | 'wasm';

/**
 * Backend request from the page's URL. `wasmThreads` sets the wasm backend's
 * thread count, and 1 selects the single-threaded SIMD build. Threads need
 * SharedArrayBuffer, so a page that is not cross-origin isolated always runs
 * the single-threaded build.
 */
export interface BackendRequest {
  backend: BackendChoice;
  wasmThreads?: number;
}

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
});

/**
 * Sets the thread count of tfjs's threaded wasm build: the requested count,
 * or by default tfjs 4.22's own, half the logical cores (at most 8). A count
 * of 1 selects the single-threaded build, so the threaded one does not start
 * its 8 pthread workers for nothing. Must run before the wasm backend starts.
 */
function configureWasmThreads(requested: number | undefined): void {
  const logicalCores = navigator.hardwareConcurrency || 1;
  const threads = requested ?? Math.min(MAX_WASM_THREADS, Math.floor(logicalCores / 2));
  if (threads <= 1) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return;
  }

  // tfjs-backend-wasm 4.22 caps the pool at half of navigator.hardwareConcurrency
  // (its C++ assumes two hardware threads a core), so on 2 cores it runs 1 thread
  // whatever count setThreadsCount requests. Its emscripten runtime reads the
  // count once, when the module starts, from this worker's navigator.
  if (threads > logicalCores / 2) {
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: threads * 2, configurable: true });
  }
  setThreadsCount(threads);
}

let model: tf.LayersModel | undefined;
let source: { baseUrl: string; info: ModelInfo } | undefined;

async function switchBackend(name: 'webgl' | 'wasm'): Promise<boolean> {
  try {
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return true;
  } catch (error) {
    console.warn(`tfjs ${name} backend failed to start.`, error);
    return false;
  }
}

async function loadModel(onProgress?: (loaded: number, total: number) => void): Promise<tf.LayersModel> {
  const { baseUrl, info } = source!;
  const files = [info.json, ...info.weights];
  const loaded = new Array<number>(files.length).fill(0);
  const report = (n: number) => (bytes: number) => {
    loaded[n] = bytes;
    onProgress?.(loaded.reduce((sum, value) => sum + value, 0), info.bytes);
  };

  const [jsonBytes, ...weights] = await Promise.all(files.map((file, n) => fetchCatalogFile(baseUrl, file, report(n))));
  const modelJson = JSON.parse(new TextDecoder().decode(jsonBytes)) as LayersModelJson;
  return loadLayersModelFromFiles(modelJson, weights);
}

function webglContext(): WebGL2RenderingContext | undefined {
  if (tf.getBackend() !== 'webgl') return undefined;
  return (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
}

/**
 * Embeds one image, failing when the WebGL context is or gets lost: tfjs
 * does not notice a lost context, and its pending read never resolves.
 */
async function embedGuarded(image: RgbaImage): Promise<Float32Array> {
  const gl = webglContext();
  if (!gl) return (await embedImages(model!, [image]))[0];
  if (gl.isContextLost()) throw new Error('The WebGL context was lost.');

  const canvas = gl.canvas as OffscreenCanvas;
  let onLost = () => {};
  const lost = new Promise<never>((_, reject) => {
    onLost = () => reject(new Error('The WebGL context was lost during inference.'));
    canvas.addEventListener('webglcontextlost', onLost, { once: true });
  });
  try {
    return (await Promise.race([embedImages(model!, [image]), lost]))[0];
  } finally {
    canvas.removeEventListener('webglcontextlost', onLost);
  }
}

/** Moves to the wasm backend after WebGL failed (no GPU, lost context), reloading the model there. */
async function fallBackToWasm(reason: unknown): Promise<void> {
  console.warn('WebGL failed; switching to the wasm backend.', reason);
  try {
    model?.dispose();
  } catch (error) {
    console.warn('Could not free the model on the failed WebGL backend.', error);
  }
  model = undefined;
  if (!(await switchBackend('wasm'))) {
    throw new Error('The model cannot run: WebGL failed and WebAssembly is not available.');
  }
  model = await loadModel();
  await warmUp(model);
}

/** Names the running backend for the status line, with the wasm features in use. */
function describeBackend(): string {
  if (tf.getBackend() !== 'wasm') return tf.getBackend();
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
  const threads = getThreadsCount();
  return `wasm, ${simd}, ${threads} thread${threads === 1 ? '' : 's'}`;
}

const api = {
  /** Downloads (or reads from IndexedDB) the model, picks a backend and warms it up; returns the backend's name. */
  async load(
    baseUrl: string,
    info: ModelInfo,
    request: BackendRequest,
    onProgress: (loaded: number, total: number) => void,
  ): Promise<string> {
    source = { baseUrl, info };
    configureWasmThreads(request.wasmThreads);

    const webgl = request.backend !== 'wasm' && (await switchBackend('webgl'));
    if (!webgl && !(await switchBackend('wasm'))) {
      throw new Error('The model cannot run: this browser has neither WebGL nor WebAssembly.');
    }

    model = await loadModel(onProgress);
    try {
      await warmUp(model);
    } catch (error) {
      if (tf.getBackend() !== 'webgl') throw error;
      await fallBackToWasm(error);
    }
    return tf.getBackend();
  },

  /** Computes the L2-normalized 2048-d embedding of a prepared 224×224 image. */
  async embed(image: RgbaImage): Promise<{ vector: Float32Array; backend: string }> {
    if (!model) throw new Error('The model is not loaded.');
    let vector: Float32Array;
    try {
      vector = await embedGuarded(image);
    } catch (error) {
      if (tf.getBackend() !== 'webgl') throw error;
      await fallBackToWasm(error);
      vector = await embedGuarded(image);
    }
    return Comlink.transfer({ vector, backend: tf.getBackend() }, [vector.buffer]);
  },

  /** Drops the WebGL context as a GPU reset or driver crash would, to check the wasm fallback. */
  loseWebglContext(): boolean {
    const extension = webglContext()?.getExtension('WEBGL_lose_context');
    extension?.loseContext();
    return Boolean(extension);
  },

  describeBackend,

  /** Tensors alive in this worker; tests use it to check that queries leak none. */
  numTensors(): number {
    return tf.memory().numTensors;
  },
};

export type EmbedWorkerApi = typeof api;

Comlink.expose(api);
