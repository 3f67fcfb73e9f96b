import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MANIFEST_FILE, parseManifest, type CatalogProduct } from '../../src/catalog/manifest';
import { benchQueries, formatQueryRows, QUERY_SETUPS } from './query-bench';
import { serveWithCatalog, stopServer } from './serve-dist';
import { compareWasmThreads, formatThreadRow, THREAD_ROUNDS, type ThreadComparison } from './thread-bench';

/**
 * The query part of `npm run bench` on its own: serves the production page
 * with an existing catalog and times searches on each backend setup, without
 * building a catalog first.
 */
const { values } = parseArgs({
  options: {
    catalog: { type: 'string', default: 'public/catalog' },
    source: { type: 'string', default: '../shared/datasets/myntra-small' },
    queries: { type: 'string', default: '3' },
    port: { type: 'string', default: '4175' },
  },
});
const catalogDir = path.resolve(values.catalog);
const manifestPath = path.join(catalogDir, MANIFEST_FILE);
if (!fs.existsSync(manifestPath)) {
  console.error(`No catalog at ${catalogDir}: ${manifestPath} is missing. Build one with npm run catalog, or pass --catalog DIR.`);
  process.exit(1);
}

const manifest = parseManifest(JSON.parse(fs.readFileSync(manifestPath, 'utf8')));
const products = JSON.parse(fs.readFileSync(path.join(catalogDir, manifest.products.path), 'utf8')) as CatalogProduct[];
const photos = products.slice(0, Number(values.queries)).map((product) => path.join(path.resolve(values.source), 'images', `${product.id}.jpg`));

const port = Number(values.port);
const server = await serveWithCatalog(path.resolve('.cache/bench/dist-queries'), catalogDir, port);
const queries = [];
let threadComparison: ThreadComparison | undefined;
try {
  for (const setup of QUERY_SETUPS) {
    console.log(`Timing ${photos.length} queries in headless Chromium on ${JSON.stringify(setup)}, ${products.length} products…`);
    queries.push(await benchQueries(`http://localhost:${port}/`, setup, photos));
  }
  console.log(`Timing wasm queries on 2 threads and on one thread, taking turns, ${THREAD_ROUNDS} rounds of ${photos.length} photos…`);
  threadComparison = await compareWasmThreads(`http://localhost:${port}/`, photos, THREAD_ROUNDS);
} finally {
  stopServer(server);
}

const rows = [...formatQueryRows(queries, products.length), formatThreadRow(threadComparison!)];
const width = Math.max(...rows.map(([label]) => label.length));
console.log('\n' + rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n'));
