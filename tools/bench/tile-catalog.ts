import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, type CatalogManifest, type CatalogProduct, type FeatureInfo } from '../../src/catalog/manifest';
import { encodeShard } from '../../src/catalog/shard-codec';
import type { FeatureMatrix } from '../../src/search/rank';
import { readCatalog } from '../eval/read-catalog';

function rowsOf(matrix: FeatureMatrix): Float32Array[] {
  if (matrix.encoding !== 'int8') throw new Error(`Tiling supports int8 catalogs, not ${matrix.encoding}.`);
  return Array.from({ length: matrix.count }, (_, row) => {
    const values = matrix.values.subarray(row * matrix.dims, (row + 1) * matrix.dims);
    return Float32Array.from(values, (value) => value * matrix.scales[row]);
  });
}

function fileEntry(dir: string, relative: string, bytes: Uint8Array | string) {
  fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  fs.writeFileSync(path.join(dir, relative), bytes);
  return { path: relative, bytes: Buffer.byteLength(bytes), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Writes a catalog of `count` products by repeating a built one, for timing
 * ranking at full-catalog scale without computing 43k embeddings. Repeated
 * products get new ids; thumbnails, projections, label heads and the model
 * are shared.
 */
export function tileCatalog(sourceDir: string, outDir: string, count: number): CatalogManifest {
  const source = readCatalog(sourceDir);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.cpSync(sourceDir, outDir, { recursive: true, filter: (file) => !file.includes(`${path.sep}features${path.sep}`) });

  const pick = (n: number) => n % source.products.length;
  // The first copy keeps its ids, so query photos can be found by id; later copies get new ones.
  const products: CatalogProduct[] = Array.from({ length: count }, (_, n) => ({
    ...source.products[pick(n)],
    id: n < source.products.length ? source.products[n].id : 10_000_000 + n,
    variants: [],
  }));
  const productsFile = fileEntry(outDir, 'products-tiled.json', JSON.stringify(products));

  const features = {} as CatalogManifest['features'];
  for (const name of ['colour', 'look'] as const) {
    const info = source.manifest.features[name];
    const rows = rowsOf(source.stored[name]);
    const shardFile = fileEntry(outDir, `features/${name}-tiled.bin`, encodeShard(Array.from({ length: count }, (_, n) => rows[pick(n)]), info.dims, 'int8'));
    const projection = info.projection && {
      ...info.projection,
      ...fileEntry(outDir, info.projection.path, fs.readFileSync(path.join(sourceDir, info.projection.path))),
    };
    const labelHead = info.labelHead && {
      ...info.labelHead,
      ...fileEntry(outDir, info.labelHead.path, fs.readFileSync(path.join(sourceDir, info.labelHead.path))),
    };
    features[name] = { ...info, ...(projection ? { projection } : {}), ...(labelHead ? { labelHead } : {}), shards: [{ ...shardFile, start: 0, count }] } satisfies FeatureInfo;
  }

  const manifest: CatalogManifest = {
    ...source.manifest,
    version: `${source.manifest.version}-tiled-${count}`,
    name: `${source.manifest.name} ×${Math.round(count / source.products.length)}`,
    counts: { products: count, groups: count },
    products: productsFile,
    features,
  };
  fs.writeFileSync(path.join(outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
  return manifest;
}
