import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, parseManifest, type CatalogManifest, type CatalogProduct, type FeatureName } from '../../src/catalog/manifest';
import { joinShards } from '../../src/catalog/shard-codec';
import { decodeLabelHead } from '../../src/features/label-head';
import { decodeProjection } from '../../src/features/projection';
import type { StoredSpace } from '../../src/features/stored-space';
import type { FeatureMatrix } from '../../src/search/rank';

export interface CatalogOnDisk {
  manifest: CatalogManifest;
  products: CatalogProduct[];
  stored: Record<FeatureName, FeatureMatrix>;
  spaces: Record<FeatureName, StoredSpace>;
}

function readBuffer(file: string): ArrayBuffer {
  const bytes = fs.readFileSync(file);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Reads a built catalog the way the page does, with the page's decoding code. */
export function readCatalog(dir: string): CatalogOnDisk {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`${manifestFile} not found: build a catalog first (npm run catalog) or pass --catalog DIR.`);
  }
  const manifest = parseManifest(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
  const products = JSON.parse(fs.readFileSync(path.join(dir, manifest.products.path), 'utf8')) as CatalogProduct[];

  const stored = {} as Record<FeatureName, FeatureMatrix>;
  const spaces = {} as Record<FeatureName, StoredSpace>;
  for (const name of ['colour', 'look'] as const) {
    const info = manifest.features[name];
    stored[name] = joinShards(info, info.shards.map((shard) => readBuffer(path.join(dir, shard.path))));
    spaces[name] = {
      power: info.power,
      projection: info.projection && decodeProjection(readBuffer(path.join(dir, info.projection.path))),
      labelHead: info.labelHead && decodeLabelHead(readBuffer(path.join(dir, info.labelHead.path)), info.labelHead.inputDims, info.labelHead.labels, info.labelHead.labelShare),
    };
  }

  return { manifest, products, stored, spaces };
}
