import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCatalog, DEFAULT_SAMPLE_SIZE } from '../build-catalog';
import { benchQueries } from './query-bench';
import { serveWithCatalog } from './serve-dist';

const BENCH_DIR = path.resolve('.cache/bench');
const BENCH_PORT = 4175;

const { values } = parseArgs({
  options: {
    source: { type: 'string', default: '../shared/datasets/myntra-small' },
    'build-size': { type: 'string', default: String(DEFAULT_SAMPLE_SIZE) },
    queries: { type: 'string', default: '3' },
  },
});
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
const products = JSON.parse(fs.readFileSync(path.join(catalogDir, manifest.products.path), 'utf8')) as { id: number }[];
const photos = products.slice(0, queryCount).map((product) => path.join(path.resolve(values.source), 'images', `${product.id}.jpg`));

const server = await serveWithCatalog(path.join(BENCH_DIR, 'dist'), catalogDir, BENCH_PORT);
const queries = [];
try {
  for (const backend of ['webgl', 'wasm'] as const) {
    console.log(`Timing ${photos.length} queries in headless Chromium on ${backend}…`);
    queries.push(await benchQueries(`http://localhost:${BENCH_PORT}/`, backend, photos));
  }
} finally {
  server.kill();
}

const rows: [string, string][] = [
  ['catalog build, features', `${build.report.rate.toFixed(2)} images/s`],
  [`catalog build, ${manifest.counts.groups} groups, total`, `${build.seconds.toFixed(0)} s`],
  ['shard bytes per product', `${(shardBytes / manifest.counts.groups).toFixed(0)} B (colour + look, float16)`],
  ['model bytes', `${(manifest.model.bytes / 1e6).toFixed(1)} MB (float32)`],
];
for (const q of queries) {
  rows.push([`query on ${q.backend}: first model load`, `${(q.modelReadyMs / 1000).toFixed(1)} s`]);
  rows.push([`query on ${q.backend}: decode / HSV / embed / rank (median)`,
    `${q.decodeMs.toFixed(0)} / ${q.hsvMs.toFixed(0)} / ${q.embedMs.toFixed(0)} / ${q.rankMs.toFixed(1)} ms`]);
}

const width = Math.max(...rows.map(([label]) => label.length));
console.log('\n' + rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n'));
