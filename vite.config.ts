import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { tfjsThreadedWasm } from './vite-plugins/tfjs-threaded-wasm.ts';

/**
 * Cross-origin isolation, which SharedArrayBuffer and so tfjs's multithreaded
 * wasm backend need. Every file the page loads is same-origin, so require-corp
 * blocks nothing. Only `vite preview` sends them, because the dev server
 * serves tfjs prebundled, where tfjsThreadedWasm does not apply, so an
 * isolated dev page would start the broken threaded build.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative asset paths, so dist/ works from any folder of any static host.
  base: './',
  plugins: [
    svelte(),
    VitePWA({
      registerType: 'autoUpdate',
      manifest: {
        name: 'lookalike',
        short_name: 'lookalike',
        description: 'Find catalog products that look like your photo, entirely in your browser.',
        theme_color: '#c2410c',
        background_color: '#f8f6f3',
        display: 'standalone',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        // The app shell and the tfjs wasm binaries; catalog files are kept in IndexedDB instead.
        globPatterns: ['**/*.{js,css,html,svg,wasm}'],
        globIgnores: ['catalog/**'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallbackDenylist: [/^\/catalog\//],
        runtimeCaching: [
          {
            urlPattern: ({ url }) => /\/catalog\/manifest\.json$/.test(url.pathname),
            handler: 'NetworkFirst',
            options: { cacheName: 'catalog-manifest', networkTimeoutSeconds: 5 },
          },
          {
            urlPattern: ({ url }) => /\/catalog\/thumbs\//.test(url.pathname),
            handler: 'CacheFirst',
            options: { cacheName: 'catalog-thumbnails', expiration: { maxEntries: 5000 } },
          },
        ],
      },
    }),
  ],
  worker: {
    format: 'es',
    plugins: () => [tfjsThreadedWasm()],
  },
  preview: {
    headers: ISOLATION_HEADERS,
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
});
