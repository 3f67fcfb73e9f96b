import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { include: ['src/**/*.test.ts', 'tools/**/*.test.ts', 'workers/**/*.test.ts', 'vite-plugins/**/*.test.ts'], testTimeout: 30_000 } });
