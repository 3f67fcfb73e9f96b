import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Stops a server started by serveWithCatalog, with every process it started. */
export function stopServer(server: ChildProcess): void {
  if (server.pid) process.kill(-server.pid, 'SIGTERM');
}

/** Builds the production page into `distDir` with `catalogDir` as its catalog and serves it on `port`. */
export async function serveWithCatalog(distDir: string, catalogDir: string, port: number): Promise<ChildProcess> {
  execFileSync('npx', ['vite', 'build', '--outDir', distDir, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
  fs.rmSync(path.join(distDir, 'catalog'), { recursive: true, force: true });
  fs.cpSync(catalogDir, path.join(distDir, 'catalog'), { recursive: true });

  // Its own process group, so stopping it also stops the vite process that npx starts.
  const server = spawn('npx', ['vite', 'preview', '--outDir', distDir, '--port', String(port), '--strictPort', '--bypass-lock'], { stdio: 'ignore', detached: true });
  const url = `http://localhost:${port}/catalog/manifest.json`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(url)).ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stopServer(server);
  throw new Error(`The preview server did not respond on ${url} within 20 s.`);
}
