/** Bumped when the layout of the catalog's files changes; the page rejects other formats. */
export const CATALOG_FORMAT = 4;

export const MANIFEST_FILE = 'manifest.json';

/** A file of the catalog, relative to the manifest, with its size and SHA-256 (hex). */
export interface CatalogFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** A shard of feature vectors for products `start` to `start + count - 1`. */
export interface FeatureShard extends CatalogFile {
  start: number;
  count: number;
}

export type FeatureName = 'colour' | 'look';

/** A PCA projection file (see `src/features/projection.ts`) that maps raw vectors to stored ones. */
export interface ProjectionFile extends CatalogFile {
  inputDims: number;
  outputDims: number;
}

/** A label head file (see `src/features/label-head.ts`): float32 weights and bias; its labels and share are here. */
export interface LabelHeadFile extends CatalogFile {
  inputDims: number;
  labels: string[];
  labelShare: number;
}

export interface FeatureInfo {
  /** Recipe identifier, such as `hsv-8x8x8-v1`. */
  version: string;
  /** Dimensions of the stored vectors, after the projection if there is one. */
  dims: number;
  /** Stored vectors are L2-normalized, then kept as half floats or as int8 with a scale a vector. */
  encoding: 'float16' | 'int8';
  /** Present when raw values are raised to this power (sign kept) and renormalized before the projection. */
  power?: number;
  /** Present when raw vectors, the query's included, are projected before ranking. */
  projection?: ProjectionFile;
  /** Present when projected vectors go through a label head before ranking. */
  labelHead?: LabelHeadFile;
  shards: FeatureShard[];
}

export interface ModelInfo {
  format: 'tfjs-layers';
  /** The model.json file; its weight files follow in `weights`. */
  json: CatalogFile;
  weights: CatalogFile[];
  bytes: number;
  layer: string;
  inputSize: number;
}

export interface CatalogManifest {
  format: typeof CATALOG_FORMAT;
  /** Content hash of everything below; files named by it never change. */
  version: string;
  name: string;
  builtAt: string;
  counts: { products: number; groups: number };
  products: CatalogFile;
  features: Record<FeatureName, FeatureInfo>;
  model: ModelInfo;
}

/** One product group: a product and the products whose photos are byte-identical or near-duplicates of its photo. */
export interface CatalogProduct {
  id: number;
  name: string;
  gender: string;
  masterCategory: string;
  subCategory: string;
  articleType: string;
  baseColour: string;
  season: string;
  year: string;
  usage: string;
  /** SHA-256 of the photo file, the key of its features in the tool's cache. */
  photo: string;
  /** Dominant colours of the product without its background, as `#rrggbb`, most common first (at most 3). */
  colours: string[];
  /** Thumbnail path, relative to the manifest. */
  thumbnail: string;
  /**
   * Other products whose photo is byte-identical to this one's or a
   * near-duplicate of it (the same photo resized, re-encoded or recoloured,
   * of the same articleType and baseColour), by ascending id.
   */
  variants: CatalogVariant[];
}

/** A product shown as part of another product's group, with what the page lists for it. */
export interface CatalogVariant {
  id: number;
  name: string;
  /** Thumbnail of the variant's own photo, relative to the manifest. */
  thumbnail: string;
}

/** Checks what the page relies on, so a stale or foreign manifest fails with a clear message. */
export function parseManifest(json: unknown): CatalogManifest {
  const manifest = json as Partial<CatalogManifest> | null;
  if (!manifest || typeof manifest !== 'object') {
    throw new Error('Catalog manifest is not a JSON object.');
  }
  if (manifest.format !== CATALOG_FORMAT) {
    throw new Error(`Catalog format ${String(manifest.format)} is not supported (expected ${CATALOG_FORMAT}); rebuild the catalog.`);
  }
  if (typeof manifest.version !== 'string' || !manifest.features?.colour || !manifest.features?.look || !manifest.model || !manifest.products) {
    throw new Error('Catalog manifest is missing its version, features, model or products; rebuild the catalog.');
  }
  return manifest as CatalogManifest;
}
