import type { BackendChoice, BackendRequest } from '../../workers/embed-worker';

/** Pthread workers that tfjs-backend-wasm 4.22's threaded build starts up front (its emscripten pthread pool size). */
export const MAX_WASM_THREADS = 8;

/**
 * Reads the backend request from the page's query string: `backend=webgl|wasm`
 * (default auto) and `threads=N` (1 to MAX_WASM_THREADS) for the wasm backend.
 * An invalid `threads` value is logged and ignored.
 */
export function readBackendRequest(params: URLSearchParams): BackendRequest {
  const backend = (params.get('backend') ?? 'auto') as BackendChoice;
  const threads = params.get('threads');
  if (threads === null) return { backend };

  const wasmThreads = Number(threads);
  if (!Number.isInteger(wasmThreads) || wasmThreads < 1 || wasmThreads > MAX_WASM_THREADS) {
    console.warn(`Ignoring threads=${threads}: expected a whole number from 1 to ${MAX_WASM_THREADS}.`);
    return { backend };
  }
  return { backend, wasmThreads };
}
