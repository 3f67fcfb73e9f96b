import { MANIFEST_FILE, parseManifest, type CatalogFile, type CatalogManifest, type CatalogProduct, type FeatureInfo } from '../catalog/manifest';
import { joinShards } from '../catalog/shard-codec';
import { decodeLabelHead } from '../features/label-head';
import { decodeProjection } from '../features/projection';
import type { StoredSpace } from '../features/stored-space';
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
  /** Mapping of a query's raw vectors to the stored ones, per feature (see toStoredVector). */
  spaces: { colour: StoredSpace; look: StoredSpace };
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

function featureFiles(info: FeatureInfo): CatalogFile[] {
  return [...(info.projection ? [info.projection] : []), ...(info.labelHead ? [info.labelHead] : []), ...info.shards];
}

/** Lists every file the page keeps for a catalog: its own files and the model's. */
export function catalogFiles(manifest: CatalogManifest): CatalogFile[] {
  return [
    manifest.products,
    ...featureFiles(manifest.features.colour),
    ...featureFiles(manifest.features.look),
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
  const { colour: colourInfo, look: lookInfo } = manifest.features;
  const files = [manifest.products, ...featureFiles(colourInfo), ...featureFiles(lookInfo)];
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  const loaded = new Array<number>(files.length).fill(0);

  const buffers = await Promise.all(files.map((file, n) =>
    fetchCatalogFile(baseUrl, file, (bytes) => {
      loaded[n] = bytes;
      onProgress(loaded.reduce((sum, value) => sum + value, 0) / total);
    }, signal),
  ));
  const byPath = new Map(files.map((file, n) => [file.path, buffers[n]]));

  const products = JSON.parse(new TextDecoder().decode(byPath.get(manifest.products.path))) as CatalogProduct[];
  const colour = joinShards(colourInfo, colourInfo.shards.map((shard) => byPath.get(shard.path)!));
  const look = joinShards(lookInfo, lookInfo.shards.map((shard) => byPath.get(shard.path)!));
  if (products.length !== colour.count || products.length !== look.count) {
    throw new Error(`Catalog ${manifest.version} is inconsistent: ${products.length} products, ${colour.count} colour and ${look.count} look vectors. Rebuild it.`);
  }
  const spaceOf = (info: FeatureInfo): StoredSpace => ({
    power: info.power,
    projection: info.projection && decodeProjection(byPath.get(info.projection.path)!),
    labelHead: info.labelHead && decodeLabelHead(byPath.get(info.labelHead.path)!, info.labelHead.inputDims, info.labelHead.labels, info.labelHead.labelShare),
  });
  const spaces = { colour: spaceOf(colourInfo), look: spaceOf(lookInfo) };

  void pruneStoredFiles(new Set(catalogFiles(manifest).map((file) => file.sha256)));
  return { baseUrl, manifest, products, colour, look, spaces, offline };
}
