import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CatalogManifest } from '../catalog/manifest';

const DB_NAME = 'lookalike';
const DB_VERSION = 1;

interface LookalikeDb extends DBSchema {
  /** Catalog and model files, keyed by their SHA-256, so a file shared by two catalog versions is kept once. */
  files: { key: string; value: ArrayBuffer };
  /** The last catalog manifest seen, keyed by catalog URL: the page opens it when offline. */
  manifests: { key: string; value: CatalogManifest };
}

let db: Promise<IDBPDatabase<LookalikeDb>> | undefined;

function openStore(): Promise<IDBPDatabase<LookalikeDb>> {
  db ??= openDB<LookalikeDb>(DB_NAME, DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('files');
      database.createObjectStore('manifests');
    },
  });
  return db;
}

export async function readStoredFile(sha256: string): Promise<ArrayBuffer | undefined> {
  try {
    return await (await openStore()).get('files', sha256);
  } catch (error) {
    console.warn('IndexedDB read failed; downloading instead.', error);
    return undefined;
  }
}

/**
 * Keeps a file for later visits. Failure (storage quota, private browsing)
 * only costs a download next time, so it is logged and not thrown.
 */
export async function storeFile(sha256: string, bytes: ArrayBuffer): Promise<boolean> {
  try {
    await (await openStore()).put('files', bytes, sha256);
    return true;
  } catch (error) {
    console.warn(`Could not keep file ${sha256.slice(0, 12)} in IndexedDB (storage full?); it will be downloaded again next visit.`, error);
    return false;
  }
}

export async function readStoredManifest(url: string): Promise<CatalogManifest | undefined> {
  try {
    return await (await openStore()).get('manifests', url);
  } catch {
    return undefined;
  }
}

export async function storeManifest(url: string, manifest: CatalogManifest): Promise<void> {
  try {
    await (await openStore()).put('manifests', manifest, url);
  } catch (error) {
    console.warn('Could not keep the catalog manifest in IndexedDB.', error);
  }
}

/** Deletes stored files that the current catalog no longer names, such as shards of an older version. */
export async function pruneStoredFiles(keep: Set<string>): Promise<void> {
  try {
    const store = await openStore();
    for (const key of await store.getAllKeys('files')) {
      if (!keep.has(key)) await store.delete('files', key);
    }
  } catch (error) {
    console.warn('Could not prune old catalog files from IndexedDB.', error);
  }
}
