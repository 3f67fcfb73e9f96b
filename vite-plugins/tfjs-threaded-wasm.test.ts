import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tfjsThreadedWasm } from './tfjs-threaded-wasm';

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
const backendModule = path.join(packageDir, 'dist', 'backend_wasm.js');

type Transform = (this: { error(message: string): never }, code: string, id: string) => { code: string } | null;
const transform = tfjsThreadedWasm().transform as Transform;
const context = {
  error(message: string): never {
    throw new Error(message);
  },
};

describe('tfjsThreadedWasm', () => {
  it('replaces the toString Blob with the script URL', () => {
    const result = transform.call(context, fs.readFileSync(backendModule, 'utf8'), backendModule);

    expect(result).not.toBeNull();
    expect(result!.code).not.toContain('wasmFactoryThreadedSimd.toString()');
    expect(result!.code).toContain('factoryConfig.mainScriptUrlOrBlob = new URL(threadedSimdScriptUrl, self.location.href).href;');
    expect(result!.code).toMatch(/^import threadedSimdScriptUrl from '@tensorflow\/tfjs-backend-wasm\/wasm-out\/tfjs-backend-wasm-threaded-simd\.js\?url';/);
  });

  it('leaves other modules alone', () => {
    expect(transform.call(context, 'export const x = 1;', path.join(packageDir, 'dist', 'index.js'))).toBeNull();
  });

  it('fails when tfjs changes the replaced code', () => {
    expect(() => transform.call(context, 'export const changed = true;', backendModule)).toThrow(/update vite-plugins\/tfjs-threaded-wasm\.ts/);
  });

  it('points at a script that defines the factory', () => {
    const script = fs.readFileSync(path.join(packageDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js'), 'utf8');
    // The pthread worker calls this global after importScripts.
    expect(script).toMatch(/^var WasmBackendModuleThreadedSimd = /m);
  });
});
