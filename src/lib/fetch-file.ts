import type { CatalogFile } from '../catalog/manifest';
import { readStoredFile, storeFile } from './file-store';

export type ProgressCallback = (loadedBytes: number) => void;

/** Hashes bytes with SHA-256 (Web Crypto, so secure contexts only) and returns lowercase hex. */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function download(url: string, onProgress: ProgressCallback, signal?: AbortSignal): Promise<ArrayBuffer> {
  const response = await fetch(url, { signal });
  if (!response.ok || !response.body) {
    throw new Error(`Download of ${url} failed: HTTP ${response.status}.`);
  }

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded);
  }

  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}

/**
 * Returns a catalog file from IndexedDB, or downloads it, checks its SHA-256
 * against the manifest and stores it for the next visit.
 */
export async function fetchCatalogFile(
  baseUrl: string,
  file: CatalogFile,
  onProgress: ProgressCallback = () => {},
  signal?: AbortSignal,
): Promise<ArrayBuffer> {
  const stored = await readStoredFile(file.sha256);
  if (stored) {
    onProgress(file.bytes);
    return stored;
  }

  const url = new URL(file.path, baseUrl).href;
  const bytes = await download(url, onProgress, signal);
  const sha256 = await sha256Hex(bytes);
  if (sha256 !== file.sha256) {
    throw new Error(`${file.path} is damaged or out of date (checksum mismatch); reload the page.`);
  }

  await storeFile(file.sha256, bytes);
  return bytes;
}
