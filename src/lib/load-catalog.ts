import { MANIFEST_FILE, parseManifest, type CatalogFile, type CatalogManifest, type CatalogProduct, type FeatureInfo } from '../catalog/manifest';
import { decodeShard } from '../catalog/shard-codec';
import type { FeatureMatrix } from '../search/rank';
import { fetchCatalogFile } from './fetch-file';
import { pruneStoredFiles, readStoredManifest, storeManifest } from './file-store';

export interface LoadedCatalog {
  /** Absolute URL of the catalog folder, ending in a slash. */
  baseUrl: string;
  manifest: CatalogManifest;
  products: CatalogProduct[];
  colour: FeatureMatrix;
  look: FeatureMatrix;
  /** True when the manifest came from IndexedDB because the network failed. */
  offline: boolean;
}

/** Fetches the manifest, or falls back to the last one stored when offline. */
async function loadManifest(baseUrl: string, signal?: AbortSignal): Promise<{ manifest: CatalogManifest; offline: boolean }> {
  const url = new URL(MANIFEST_FILE, baseUrl).href;
  try {
    const response = await fetch(url, { cache: 'no-cache', signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const manifest = parseManifest(await response.json());
    await storeManifest(url, manifest);
    return { manifest, offline: false };
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    const stored = await readStoredManifest(url);
    if (stored) return { manifest: stored, offline: true };
    throw new Error(`Could not load the catalog from ${url} (${(error as Error).message}). Check that the catalog was built and the page is online for its first visit.`);
  }
}

function joinShards(info: FeatureInfo, buffers: ArrayBuffer[]): FeatureMatrix {
  const count = info.shards.reduce((sum, shard) => sum + shard.count, 0);
  const values = new Uint16Array(count * info.dims);

  info.shards.forEach((shard, n) => {
    const decoded = decodeShard(buffers[n]);
    if (decoded.dims !== info.dims || decoded.count !== shard.count) {
      throw new Error(`${shard.path} holds ${decoded.count}×${decoded.dims} vectors, the manifest says ${shard.count}×${info.dims}.`);
    }
    values.set(decoded.values, shard.start * info.dims);
  });

  return { dims: info.dims, count, values };
}

/** Every file the page keeps for a catalog: its own files and the model's. */
export function catalogFiles(manifest: CatalogManifest): CatalogFile[] {
  return [
    manifest.products,
    ...manifest.features.colour.shards,
    ...manifest.features.look.shards,
    manifest.model.json,
    ...manifest.model.weights,
  ];
}

/**
 * Loads the catalog's products and feature shards, from IndexedDB when they
 * were kept on an earlier visit, reporting progress as a fraction of bytes.
 */
export async function loadCatalog(
  baseUrl: string,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<LoadedCatalog> {
  const { manifest, offline } = await loadManifest(baseUrl, signal);
  const files = [manifest.products, ...manifest.features.colour.shards, ...manifest.features.look.shards];
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  const loaded = new Array<number>(files.length).fill(0);

  const buffers = await Promise.all(files.map((file, n) =>
    fetchCatalogFile(baseUrl, file, (bytes) => {
      loaded[n] = bytes;
      onProgress(loaded.reduce((sum, value) => sum + value, 0) / total);
    }, signal),
  ));

  const products = JSON.parse(new TextDecoder().decode(buffers[0])) as CatalogProduct[];
  const colourCount = manifest.features.colour.shards.length;
  const colour = joinShards(manifest.features.colour, buffers.slice(1, 1 + colourCount));
  const look = joinShards(manifest.features.look, buffers.slice(1 + colourCount));
  if (products.length !== colour.count || products.length !== look.count) {
    throw new Error(`Catalog ${manifest.version} is inconsistent: ${products.length} products, ${colour.count} colour and ${look.count} look vectors. Rebuild it.`);
  }

  void pruneStoredFiles(new Set(catalogFiles(manifest).map((file) => file.sha256)));
  return { baseUrl, manifest, products, colour, look, offline };
}
