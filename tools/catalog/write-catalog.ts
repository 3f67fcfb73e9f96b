import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import {
  CATALOG_FORMAT, MANIFEST_FILE,
  type CatalogFile, type CatalogManifest, type CatalogProduct, type CatalogVariant, type FeatureInfo, type FeatureName, type FeatureShard, type LabelHeadFile, type ProjectionFile,
} from '../../src/catalog/manifest';
import { encodeShard, type ShardEncoding } from '../../src/catalog/shard-codec';
import { encodeLabelHeadWeights } from '../../src/features/label-head';
import { encodeProjection } from '../../src/features/projection';
import { toStoredVector } from '../../src/features/stored-space';
import { FEATURE_LAYOUT, fitStoredSpace } from './fit-stored-space';
import { EMBEDDING_INPUT_SIZE } from '../../src/features/preprocess';
import { EMBEDDING_LAYER, EMBEDDING_VERSION } from '../../src/features/embedding';
import { PRODUCT_COLOUR_VERSION } from '../../src/features/product-colour';
import type { ImageFeatures } from './feature-cache';
import type { LayersModelJson } from '../../src/features/model-artifacts';
import type { ImageGroup } from './scan-images';

/** Products per feature shard: 16,384 products of 256-d int8 look vectors make a 4 MiB shard. */
const SHARD_PRODUCTS = 16384;

/** Thumbnails fit in this box (pixels), twice the grid's card size for sharp screens. */
const THUMBNAIL_WIDTH = 240;
const THUMBNAIL_HEIGHT = 320;

export interface CatalogEntry {
  group: ImageGroup;
  features: ImageFeatures;
  /** Look vector of an augmented copy of the photo, for the entries the look space's whitening is fitted on. */
  augmentedLook?: Float32Array;
}

function sha256Of(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes a file via a temporary name, so a crash or full disk never leaves a truncated file in place. */
function writeAtomically(file: string, bytes: Uint8Array | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  try {
    fs.writeFileSync(partial, bytes);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new Error(`Could not write ${file}: ${(error as Error).message}. Free disk space and rerun; built features are kept.`);
  }
}

function writeFile(outDir: string, relative: string, bytes: Uint8Array | string): CatalogFile {
  const file = path.join(outDir, relative);
  writeAtomically(file, bytes);
  return { path: relative, bytes: Buffer.byteLength(bytes), sha256: sha256Of(bytes) };
}

/** Writes the thumbnail of a photo, named by its hash, unless it exists, and returns its path relative to `outDir`. */
async function writeThumbnail(outDir: string, photo: { sha256: string; file: string }): Promise<string> {
  const relative = `thumbs/${photo.sha256.slice(0, 20)}.webp`;
  const file = path.join(outDir, relative);
  if (!fs.existsSync(file)) {
    const bytes = await sharp(photo.file)
      .rotate()
      .resize({ width: THUMBNAIL_WIDTH, height: THUMBNAIL_HEIGHT, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer();
    writeAtomically(file, bytes);
  }
  return relative;
}

/** Writes the thumbnails of a group's photos and returns its product, with its variants. */
async function toProduct(outDir: string, group: ImageGroup, colours: string[]): Promise<CatalogProduct> {
  const [first, ...others] = group.rows;
  const thumbnail = await writeThumbnail(outDir, group);
  const variants: CatalogVariant[] = [];
  for (const row of others) {
    // A byte-identical variant shares the group's thumbnail, and a near-duplicate gets its own.
    const photo = group.nearDuplicatePhotos?.get(row.productId);
    variants.push({ id: row.productId, name: row.productDisplayName, thumbnail: photo ? await writeThumbnail(outDir, photo) : thumbnail });
  }

  return {
    id: first.productId,
    name: first.productDisplayName,
    gender: first.gender,
    masterCategory: first.masterCategory,
    subCategory: first.subCategory,
    articleType: first.articleType,
    baseColour: first.baseColour,
    season: first.season,
    year: first.year,
    usage: first.usage,
    photo: group.sha256,
    colours,
    thumbnail,
    variants,
  };
}

function writeShards(outDir: string, name: string, vectors: Float32Array[], dims: number, encoding: ShardEncoding): FeatureShard[] {
  const shards: FeatureShard[] = [];
  for (let start = 0; start < vectors.length; start += SHARD_PRODUCTS) {
    const chunk = vectors.slice(start, start + SHARD_PRODUCTS);
    const bytes = encodeShard(chunk, dims, encoding);
    const relative = `features/${name}-${shards.length}-${sha256Of(bytes).slice(0, 16)}.bin`;
    shards.push({ ...writeFile(outDir, relative, bytes), start, count: chunk.length });
  }
  return shards;
}

/**
 * Writes one feature's shards, mapped to the stored space fitted on this
 * catalog (tools/catalog/fit-stored-space.ts), with the files the page needs
 * to map a query the same way.
 */
async function writeFeature(outDir: string, name: FeatureName, version: string, vectors: Float32Array[], products: CatalogProduct[], augmented: (Float32Array | undefined)[] = []): Promise<FeatureInfo> {
  const layout = FEATURE_LAYOUT[name];
  const space = await fitStoredSpace(name, vectors, products, augmented);

  let projection: ProjectionFile | undefined;
  if (space.projection) {
    const bytes = encodeProjection(space.projection);
    const file = writeFile(outDir, `features/${name}-projection-${sha256Of(bytes).slice(0, 16)}.bin`, bytes);
    projection = { ...file, inputDims: space.projection.inputDims, outputDims: space.projection.outputDims };
  }

  let labelHead: LabelHeadFile | undefined;
  if (space.labelHead) {
    const { inputDims, labels, labelShare } = space.labelHead;
    const bytes = encodeLabelHeadWeights(space.labelHead);
    const file = writeFile(outDir, `features/${name}-labels-${sha256Of(bytes).slice(0, 16)}.bin`, bytes);
    labelHead = { ...file, inputDims, labels, labelShare };
  }

  const stored = vectors.map((vector) => toStoredVector(space, vector));
  const dims = stored[0]?.length ?? 0;
  const shards = writeShards(outDir, name, stored, dims, layout.encoding);
  return { version, dims, encoding: layout.encoding, ...(space.power !== undefined ? { power: space.power } : {}), ...(projection ? { projection } : {}), ...(labelHead ? { labelHead } : {}), shards };
}

function copyModel(outDir: string, modelDir: string) {
  const modelJsonText = fs.readFileSync(path.join(modelDir, 'model.json'), 'utf8');
  const modelJson = JSON.parse(modelJsonText) as LayersModelJson;
  const weights = modelJson.weightsManifest.flatMap((group) =>
    group.paths.map((name) => writeFile(outDir, `model/${name}`, fs.readFileSync(path.join(modelDir, name)))),
  );
  const json = writeFile(outDir, 'model/model.json', modelJsonText);
  return {
    format: 'tfjs-layers' as const,
    json,
    weights,
    bytes: json.bytes + weights.reduce((sum, file) => sum + file.bytes, 0),
    layer: EMBEDDING_LAYER,
    inputSize: EMBEDDING_INPUT_SIZE,
  };
}

/** Deletes files of earlier builds that the new manifest no longer lists. */
function removeStaleFiles(outDir: string, keep: Set<string>): number {
  let removed = 0;
  for (const folder of ['features', 'thumbs', 'model', '.']) {
    const dir = path.join(outDir, folder);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      const relative = path.posix.join(folder, name).replace(/^\.\//, '');
      const isGenerated = folder !== '.' || /^products-.*\.json$/.test(name);
      if (isGenerated && !keep.has(relative) && fs.statSync(path.join(dir, name)).isFile()) {
        fs.rmSync(path.join(dir, name));
        removed++;
      }
    }
  }
  return removed;
}

/**
 * Writes the catalog's static files: thumbnails, product metadata, feature
 * shards, the model and, last, the manifest that names them all, so a page
 * never loads a manifest whose files are not there yet.
 */
export async function writeCatalog(outDir: string, name: string, entries: CatalogEntry[], modelDir: string): Promise<CatalogManifest> {
  fs.mkdirSync(outDir, { recursive: true });

  const products: CatalogProduct[] = [];
  for (const { group, features } of entries) products.push(await toProduct(outDir, group, features.colours));

  const productsText = JSON.stringify(products);
  const productsFile = writeFile(outDir, `products-${sha256Of(productsText).slice(0, 16)}.json`, productsText);
  const colour = await writeFeature(outDir, 'colour', PRODUCT_COLOUR_VERSION, entries.map((entry) => entry.features.colour), products);
  const look = await writeFeature(outDir, 'look', EMBEDDING_VERSION, entries.map((entry) => entry.features.look), products, entries.map((entry) => entry.augmentedLook));
  const model = copyModel(outDir, modelDir);

  const featureFiles = [colour, look].flatMap((info) => [...info.shards, ...(info.projection ? [info.projection] : []), ...(info.labelHead ? [info.labelHead] : [])]);
  const version = sha256Of(JSON.stringify([productsFile, ...featureFiles, model.json, ...model.weights].map((file) => file.sha256))).slice(0, 16);
  const manifest: CatalogManifest = {
    format: CATALOG_FORMAT,
    version,
    name,
    builtAt: new Date().toISOString(),
    counts: { products: entries.reduce((sum, entry) => sum + entry.group.rows.length, 0), groups: entries.length },
    products: productsFile,
    features: { colour, look },
    model,
  };
  writeAtomically(path.join(outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));

  const keep = new Set<string>([MANIFEST_FILE, productsFile.path, ...featureFiles.map((file) => file.path),
    model.json.path, ...model.weights.map((file) => file.path),
    ...products.flatMap((product) => [product.thumbnail, ...product.variants.map((variant) => variant.thumbnail)])]);
  removeStaleFiles(outDir, keep);
  return manifest;
}
