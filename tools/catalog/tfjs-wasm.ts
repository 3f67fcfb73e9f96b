import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Switches tfjs to its WebAssembly backend, the fastest one that installs
 * here: tfjs-node needs a native binary download. Single-threaded, so the
 * tool runs one instance per worker thread to use every core.
 */
export async function useWasmBackend(): Promise<void> {
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  setWasmPaths(path.join(packageDir, 'dist') + path.sep);

  if (!(await tf.setBackend('wasm'))) {
    throw new Error('The tfjs wasm backend failed to start.');
  }
  await tf.ready();
}
