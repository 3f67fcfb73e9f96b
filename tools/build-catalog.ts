import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CatalogManifest } from '../src/catalog/manifest';
import { prepareFeatureInputs } from '../src/features/preprocess';
import { describeProductColour } from '../src/features/product-colour';
import { chooseAugmentedPhotos, ensureAugmentedLooks } from './catalog/augmented-looks';
import { decodeImageFile } from './catalog/decode-image';
import { computeFeatures, EMBEDDING_ENGINES, ENGINE_BATCH_SIZE, type EmbeddingEngine, type ImageJob } from './catalog/embed-pool';
import { ensureEmbeddingModel, ensurePageModel } from './catalog/embedding-model';
import { encodeDominantColours, openFeatureCaches, openVectorCache, type FeatureCaches } from './catalog/feature-cache';
import { usesWhitening } from './catalog/fit-stored-space';
import { findNearDuplicates } from './catalog/near-duplicates';
import { ensureOnnxModel } from './catalog/onnx-model';
import { Progress } from './catalog/progress';
import { readStyles } from './catalog/read-styles';
import { sampleByArticleType } from './catalog/sample';
import { scanImages, type ImageGroup } from './catalog/scan-images';
import { writeCatalog, type CatalogEntry } from './catalog/write-catalog';
import { printSummary, type BuildReport } from './catalog/summary';

/**
 * Default sample size, so a newcomer's first `npm start` takes about 10
 * minutes on a 2-core machine: an estimate from about 15 to 20 images/s with
 * the onnx engine (npm run bench), plus install, model preparation and
 * thumbnails. The tfjs engine is about 4 times slower.
 */
export const DEFAULT_SAMPLE_SIZE = 8000;

const HELP = `Usage: npm run catalog -- [options]

Builds the static catalog files the page searches: product metadata,
thumbnails, colour and look feature shards, the model and a manifest.

  --source DIR   catalog folder with styles.csv and images/<id>.jpg
                 (default: ../shared/datasets/myntra-small)
  --out DIR      output folder, served as /catalog/ (default: public/catalog)
  --size N       products to sample, stratified by article type (default: ${DEFAULT_SAMPLE_SIZE})
  --all          use every product instead of a sample
  --threads N    feature threads (default: one per core)
  --engine NAME  ResNet50 runtime for the look features: onnx (onnxruntime-node,
                 default) or tfjs (tfjs on WebAssembly, slower). Both give the
                 same vectors to about 2e-6 a value, so they share the feature cache.
  --cache DIR    model and feature cache (default: .cache)
  --name TEXT    catalog name shown on the page (default: the source folder's name)
  --help         print this help
`;

const OPTIONS = {
  source: { type: 'string', default: '../shared/datasets/myntra-small' },
  out: { type: 'string', default: 'public/catalog' },
  size: { type: 'string' },
  all: { type: 'boolean', default: false },
  threads: { type: 'string', default: String(os.availableParallelism()) },
  engine: { type: 'string', default: 'onnx' },
  cache: { type: 'string', default: '.cache' },
  name: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

function readArgs() {
  try {
    return parseArgs({ options: OPTIONS });
  } catch (error) {
    throw new Error(`${(error as Error).message}. Run with --help for the options.`);
  }
}

function parseOptions() {
  const { values } = readArgs();
  if (values.all && values.size !== undefined) throw new Error('--all and --size contradict each other: give one of them.');

  const size = Number(values.size ?? DEFAULT_SAMPLE_SIZE);
  const threads = Number(values.threads);
  if (!Number.isInteger(size) || size < 1) throw new Error(`--size must be a positive whole number, got "${values.size}".`);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`--threads must be a positive whole number, got "${values.threads}".`);
  const engine = EMBEDDING_ENGINES.find((name) => name === values.engine);
  if (!engine) throw new Error(`--engine must be ${EMBEDDING_ENGINES.join(' or ')}, got "${values.engine}".`);

  const source = path.resolve(values.source);
  return { ...values, source, size, threads, engine, name: values.name ?? path.basename(source) };
}

/** Photos whose colour histograms are appended to the cache at once. */
const COLOUR_BATCH = 256;

/**
 * Decodes each photo with an uncached feature once in this thread, so corrupt
 * files are reported before the model loads, and computes its colour
 * histogram and dominant colours on the way. Returns the photos that still
 * need a look embedding.
 */
async function verifyImages(groups: ImageGroup[], cache: FeatureCaches, report: BuildReport): Promise<ImageGroup[]> {
  const needLook: ImageGroup[] = [];
  let colours: { sha256: string; vector: Float32Array }[] = [];
  let dominant: { sha256: string; vector: Float32Array }[] = [];

  for (const group of groups) {
    try {
      const colourImage = prepareFeatureInputs(await decodeImageFile(group.file)).colour;
      const described = describeProductColour(colourImage);
      if (!cache.colour.has(group.sha256)) colours.push({ sha256: group.sha256, vector: described.histogram });
      if (!cache.dominant.has(group.sha256)) dominant.push({ sha256: group.sha256, vector: encodeDominantColours(described.dominant) });
      if (!cache.look.has(group.sha256)) needLook.push(group);
    } catch (error) {
      report.corrupt.push({ ids: group.rows.map((row) => row.productId), error: (error as Error).message });
    }
    if (colours.length + dominant.length >= COLOUR_BATCH) {
      cache.colour.append(colours);
      cache.dominant.append(dominant);
      colours = [];
      dominant = [];
    }
  }

  cache.colour.append(colours);
  cache.dominant.append(dominant);
  return needLook;
}

export interface BuildOptions {
  source: string;
  out: string;
  size: number;
  all: boolean;
  threads: number;
  /** Runtime of the look embedding; 'onnx' when left out. */
  engine?: EmbeddingEngine;
  cache: string;
  name: string;
}

export interface BuildResult {
  manifest: CatalogManifest;
  report: BuildReport;
  seconds: number;
}

/** Builds the static catalog files from a styles.csv and an image folder, as HELP describes. */
export async function buildCatalog(options: BuildOptions): Promise<BuildResult> {
  if (!fs.existsSync(options.source)) {
    throw new Error(`Catalog folder ${options.source} not found: pass --source with a folder holding styles.csv and images/.`);
  }
  const stylesFile = path.join(options.source, 'styles.csv');
  if (!fs.existsSync(stylesFile)) {
    throw new Error(`${stylesFile} not found: --source must be a folder holding styles.csv and images/.`);
  }
  const started = Date.now();

  const styles = readStyles(fs.readFileSync(stylesFile, 'utf8'));
  const scan = await scanImages(path.join(options.source, 'images'), styles.rows);
  const nearDuplicates = await findNearDuplicates(scan.groups, options.cache);
  const sampled = options.all ? nearDuplicates.groups : sampleByArticleType(nearDuplicates.groups, options.size);
  console.log(`Read ${styles.rows.length} products, ${scan.groups.length} distinct photos in ${nearDuplicates.groups.length} near-duplicate groups; building ${sampled.length} product groups.`);

  const cache = openFeatureCaches(options.cache);
  const report: BuildReport = { styles, scan, nearDuplicates: nearDuplicates.stats, corrupt: [], sampled: sampled.length, computed: 0, rate: 0, augmented: { used: 0, computed: 0, seconds: 0 } };

  const uncached = sampled.filter((group) => !cache.get(group.sha256));
  if (uncached.length > 0) console.log(`Checking ${uncached.length} photos with uncached features and computing their colour histograms…`);
  const toCompute = await verifyImages(uncached, cache, report);
  const modelDir = await ensureEmbeddingModel(options.cache);

  const engine = options.engine ?? 'onnx';
  const modelPath = engine === 'onnx' ? await ensureOnnxModel(options.cache) : modelDir;
  const pool = { threads: options.threads, engine, modelPath, batchSize: ENGINE_BATCH_SIZE[engine] };
  if (toCompute.length > 0) {
    console.log(`Computing look embeddings of ${toCompute.length} photos on ${options.threads} threads with ${engine} (${sampled.length - toCompute.length} cached or failed)…`);
    const progress = new Progress('Features', toCompute.length);
    const jobs: ImageJob[] = toCompute.map((group) => ({ sha256: group.sha256, file: group.file }));
    const groupByHash = new Map(toCompute.map((group) => [group.sha256, group]));

    await computeFeatures(jobs, {
      ...pool,
      onBatch: (results) => {
        const computed = results.flatMap((result) => (result.error === undefined ? [{ sha256: result.sha256, vector: result.look }] : []));
        for (const failed of results) {
          if (failed.error !== undefined) {
            report.corrupt.push({ ids: groupByHash.get(failed.sha256)!.rows.map((row) => row.productId), error: failed.error });
          }
        }
        cache.look.append(computed);
        progress.advance(results.length);
      },
    });

    progress.finish();
    report.computed = toCompute.length;
    report.rate = progress.rate();
  }

  const entries: CatalogEntry[] = sampled.flatMap((group) => {
    const features = cache.get(group.sha256);
    return features ? [{ group, features }] : [];
  });

  const augmentedCache = openVectorCache(options.cache, 'augmented-look');
  const augmented = usesWhitening('look', entries.length) ? chooseAugmentedPhotos(entries) : [];
  const augmentStarted = Date.now();
  report.augmented.computed = await ensureAugmentedLooks(augmented.map(({ group }) => ({ sha256: group.sha256, file: group.file })), augmentedCache, pool);
  for (const entry of augmented) entry.augmentedLook = augmentedCache.get(entry.group.sha256);
  report.augmented.used = augmented.filter((entry) => entry.augmentedLook).length;
  report.augmented.seconds = (Date.now() - augmentStarted) / 1000;
  const manifest = await writeCatalog(path.resolve(options.out), options.name, entries, await ensurePageModel(options.cache));
  const seconds = (Date.now() - started) / 1000;

  printSummary(report, manifest, path.resolve(options.out), seconds);
  return { manifest, report, seconds };
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (options.help) {
    process.stdout.write(HELP);
    return;
  }
  await buildCatalog(options);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: Error) => {
    console.error(`Catalog build failed: ${error.message}`);
    process.exitCode = 1;
  });
}
