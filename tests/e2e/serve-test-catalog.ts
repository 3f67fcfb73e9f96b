import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DATASET_DIR, E2E_CATALOG_DIR, E2E_DIR, E2E_PORT, E2E_SAMPLE_SIZE } from './e2e-settings';

/**
 * Builds a small test catalog and the production page, then serves them the
 * way a static host would. Playwright starts this as its web server.
 */
const distDir = path.join(E2E_DIR, 'dist');
const stagingDir = path.join(E2E_DIR, 'catalog');
const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: 'inherit' });

run('npx', ['tsx', 'tools/build-catalog.ts', '--source', DATASET_DIR, '--out', stagingDir, '--size', String(E2E_SAMPLE_SIZE), '--name', 'e2e-test']);
run('npx', ['vite', 'build', '--outDir', distDir, '--emptyOutDir', '--logLevel', 'warn']);

fs.rmSync(E2E_CATALOG_DIR, { recursive: true, force: true });
fs.cpSync(stagingDir, E2E_CATALOG_DIR, { recursive: true });

const server = spawn('npx', ['vite', 'preview', '--outDir', distDir, '--port', String(E2E_PORT), '--strictPort', '--bypass-lock'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
