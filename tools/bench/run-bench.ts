import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCatalog, DEFAULT_SAMPLE_SIZE } from '../build-catalog';
import { benchEngineBuilds, DEFAULT_ENGINE_BENCH_SIZE } from './build-bench';
import type { CatalogProduct } from '../../src/catalog/manifest';
import { EMBEDDING_SIZE } from '../../src/features/embedding';
import { HSV_HISTOGRAM_SIZE } from '../../src/features/hsv-histogram';
import { ensureCutModel } from '../catalog/embedding-model';
import { openFeatureCaches } from '../catalog/feature-cache';
import { quantizeModelFolder, type WeightEncoding } from '../catalog/quantize-model';
import { benchQueries, formatQueryRows, QUERY_SETUPS } from './query-bench';
import { benchRanking } from './rank-bench';
import { tileCatalog } from './tile-catalog';
import { serveWithCatalog, stopServer } from './serve-dist';
import { compareWasmThreads, formatThreadRow, THREAD_ROUNDS, type ThreadComparison } from './thread-bench';

const BENCH_DIR = path.resolve('.cache/bench');
/** Products in the whole Myntra catalog, the size ranking must handle. */
const FULL_CATALOG_SIZE = 43_072;

const { values } = parseArgs({
  options: {
    source: { type: 'string', default: '../shared/datasets/myntra-small' },
    'build-size': { type: 'string', default: String(DEFAULT_SAMPLE_SIZE) },
    queries: { type: 'string', default: '3' },
    port: { type: 'string', default: '4175' },
  },
});
const port = Number(values.port);
const buildSize = Number(values['build-size']);
const queryCount = Number(values.queries);

console.log(`Benchmark on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}.`);
console.log(`Building a ${buildSize}-product catalog from an empty feature cache (the model download is cached)…`);

const cacheDir = path.join(BENCH_DIR, 'cache');
fs.rmSync(path.join(cacheDir, 'features'), { recursive: true, force: true });
const catalogDir = path.join(BENCH_DIR, 'catalog');
const build = await buildCatalog({
  source: path.resolve(values.source),
  out: catalogDir,
  size: buildSize,
  all: false,
  threads: os.availableParallelism(),
  cache: cacheDir,
  name: 'bench',
});

const { manifest } = build;
const shardBytes = [...manifest.features.colour.shards, ...manifest.features.look.shards].reduce((sum, shard) => sum + shard.bytes, 0);
const projectionBytes = [manifest.features.colour.projection, manifest.features.look.projection].reduce((sum, file) => sum + (file?.bytes ?? 0), 0);
const baselineBytesPerProduct = (HSV_HISTOGRAM_SIZE + EMBEDDING_SIZE) * 2;
const bytesPerProduct = shardBytes / manifest.counts.groups;
const products = JSON.parse(fs.readFileSync(path.join(catalogDir, manifest.products.path), 'utf8')) as CatalogProduct[];
const photos = products.slice(0, queryCount).map((product) => path.join(path.resolve(values.source), 'images', `${product.id}.jpg`));

const float32ModelDir = await ensureCutModel(cacheDir);
const modelBytes = Object.fromEntries((['float32', 'float16', 'uint8'] as const).map((encoding) => {
  const dir = encoding === 'float32' ? float32ModelDir : quantizeModelFolder(float32ModelDir, `${float32ModelDir}-${encoding}`, encoding);
  return [encoding, fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0)];
})) as Record<WeightEncoding, number>;

console.log(`Timing ranking over ${FULL_CATALOG_SIZE} rows in Node…`);
const featureCache = openFeatureCaches(cacheDir);
const rawLook = products.slice(0, 500).map((product) => featureCache.get(product.photo)!.look);
const ranking = benchRanking(catalogDir, rawLook, FULL_CATALOG_SIZE);

const tiledDir = path.join(BENCH_DIR, 'catalog-tiled');
tileCatalog(catalogDir, tiledDir, FULL_CATALOG_SIZE);
const server = await serveWithCatalog(path.join(BENCH_DIR, 'dist'), tiledDir, port);
const queries = [];
let threadComparison: ThreadComparison | undefined;
try {
  for (const setup of QUERY_SETUPS) {
    console.log(`Timing ${photos.length} queries in headless Chromium on ${JSON.stringify(setup)}, ${FULL_CATALOG_SIZE} products…`);
    queries.push(await benchQueries(`http://localhost:${port}/`, setup, photos));
  }
  console.log(`Timing wasm queries on 2 threads and on one thread, taking turns, ${THREAD_ROUNDS} rounds of ${photos.length} photos…`);
  threadComparison = await compareWasmThreads(`http://localhost:${port}/`, photos, THREAD_ROUNDS);
} finally {
  stopServer(server);
}

const rows: [string, string][] = [
  ['catalog build, features', `${build.report.rate.toFixed(2)} images/s`],
  [`catalog build, ${build.report.augmented.computed} augmented copies for the look whitening`, `${build.report.augmented.seconds.toFixed(0)} s`],
  [`catalog build, ${manifest.counts.groups} groups, total`, `${build.seconds.toFixed(0)} s`],
  ['shard bytes per product, float16 2048 + 512 (baseline)', `${baselineBytesPerProduct} B`],
  [`shard bytes per product, stored (${manifest.features.look.dims} + ${manifest.features.colour.dims} ${manifest.features.look.encoding})`,
    `${bytesPerProduct.toFixed(0)} B (${(baselineBytesPerProduct / bytesPerProduct).toFixed(1)}× smaller), plus ${(projectionBytes / 1e6).toFixed(2)} MB of projections`],
  [`shards for ${FULL_CATALOG_SIZE} products, stored`, `${((bytesPerProduct * FULL_CATALOG_SIZE) / 1e6).toFixed(1)} MB`],
  ['model bytes, float32 / float16 / uint8', `${(modelBytes.float32 / 1e6).toFixed(1)} / ${(modelBytes.float16 / 1e6).toFixed(1)} / ${(modelBytes.uint8 / 1e6).toFixed(1)} MB`],
  ['model bytes, shipped to the page', `${(manifest.model.bytes / 1e6).toFixed(1)} MB (${(modelBytes.float32 / manifest.model.bytes).toFixed(1)}× smaller than float32)`],
  [`rank ${ranking.rows} rows in Node, float16 2048-d (baseline) / stored`,
    `${ranking.float16FullMs.toFixed(1)} / ${ranking.storedMs.toFixed(1)} ms (${(ranking.float16FullMs / ranking.storedMs).toFixed(1)}× faster)`],
];
rows.push(...formatQueryRows(queries, FULL_CATALOG_SIZE), formatThreadRow(threadComparison!));

// Embedding engine comparison: the same sampled photos built with tfjs wasm, then with onnxruntime.
// Runs after the query timings, so Chromium and the preview server are gone.
console.log(`Timing the feature step of a catalog build (--size ${DEFAULT_ENGINE_BENCH_SIZE}) with each embedding engine…`);
const engines = await benchEngineBuilds(path.resolve(values.source));
rows.push(
  ['catalog build, tfjs wasm (baseline)', `${engines.tfjsRate.toFixed(2)} images/s (${engines.photos} photos)`],
  ['catalog build, onnxruntime', `${engines.onnxRate.toFixed(2)} images/s (same photos)`],
  ['catalog build, onnxruntime / tfjs wasm', `${engines.ratio.toFixed(2)}×`],
);
// End of the embedding engine comparison.

const width = Math.max(...rows.map(([label]) => label.length));
console.log('\n' + rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n'));
