import type { Plugin } from 'vite';

/** tfjs-backend-wasm's module that starts the emscripten runtime (tfjs 4.22, ESM build). */
const BACKEND_MODULE = /@tensorflow\/tfjs-backend-wasm\/dist\/backend_wasm\.js$/;

/**
 * tfjs 4.22 gives the pthread workers the threaded build's factory as a Blob
 * made from `wasmFactoryThreadedSimd.toString()`. Once bundled, that function
 * refers to variables the bundle declares outside it (`_scriptDir`, renamed
 * `e` when minified), so every pthread worker dies with a ReferenceError.
 */
const BLOB_ASSIGNMENT =
  /factoryConfig\.mainScriptUrlOrBlob = new Blob\(\[`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)\], \{ type: 'text\/javascript' \}\);/;

/** The emscripten script of the threaded SIMD build, which declares the global `WasmBackendModuleThreadedSimd`. */
const THREADED_SCRIPT = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';

/**
 * Makes tfjs's multithreaded wasm backend work in a bundle: the pthread
 * workers load the package's own unbundled threaded-SIMD script from a URL
 * (emitted as an asset) in place of the broken `toString()` Blob.
 * Applies to production builds only, because the dev server serves tfjs
 * prebundled, where this transform does not run.
 */
export function tfjsThreadedWasm(): Plugin {
  return {
    name: 'lookalike:tfjs-threaded-wasm',
    apply: 'build',
    transform(code, id) {
      if (!BACKEND_MODULE.test(id.split('?')[0])) return null;
      if (!BLOB_ASSIGNMENT.test(code)) {
        this.error(
          `${id} no longer creates mainScriptUrlOrBlob the way tfjs 4.22 does, so the threaded wasm fix cannot be applied; ` +
            'update vite-plugins/tfjs-threaded-wasm.ts for this tfjs version.',
        );
      }
      // importScripts in a pthread worker resolves against its blob: URL, so the script URL must be absolute.
      const patched = code.replace(
        BLOB_ASSIGNMENT,
        'factoryConfig.mainScriptUrlOrBlob = new URL(threadedSimdScriptUrl, self.location.href).href;',
      );
      return { code: `import threadedSimdScriptUrl from '${THREADED_SCRIPT}';\n${patched}`, map: null };
    },
  };
}
