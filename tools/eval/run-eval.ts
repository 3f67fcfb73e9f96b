import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CatalogProduct, FeatureName } from '../../src/catalog/manifest';
import { projectVector, type Projection } from '../../src/features/projection';
import { scoreAll, topK, type FeatureMatrix } from '../../src/search/rank';
import { openFeatureCache, type ImageFeatures } from '../catalog/feature-cache';
import { fitProjection } from '../catalog/fit-projection';
import { quantizeInt8 } from '../../src/catalog/shard-codec';
import { meanPrecision, precisionAtK, type PrecisionAtK } from './precision';
import { embedWithWeights } from './model-variants';
import { readCatalog } from './read-catalog';

const K = 10;

const HELP = `Usage: npm run eval -- [options]

Leave-one-out evaluation of a built catalog: each sampled product is a
query against all the others, ranked with the page's ranking code, and
scored by the share of its top ${K} with the same article type (type), base
colour (colour) and both: P@${K}, in percent.

  --catalog DIR   built catalog (default: public/catalog)
  --cache DIR     the tool's cache with the float32 features (default: .cache)
  --queries N     products used as queries, evenly spaced (default: 2000)
  --sweep         also score other PCA sizes for the stored features
  --model-check N embed N query photos with float16 and uint8 copies of the
                  model and score their look rankings against float32
                  (default 0: off; reads photos from --source)
  --source DIR    the catalog's source folder (default: ../shared/datasets/myntra-small)
  --help          print this help
`;

/** A way of ranking: the catalog's vectors and how a query's raw vector is turned into a comparable one. */
interface Ranking {
  label: string;
  feature: FeatureName;
  matrix: FeatureMatrix;
  toQuery: (raw: Float32Array) => Float32Array;
}

function float32Matrix(vectors: Float32Array[]): FeatureMatrix {
  const dims = vectors[0].length;
  const values = new Float32Array(vectors.length * dims);
  vectors.forEach((vector, row) => values.set(vector, row * dims));
  return { encoding: 'float32', dims, count: vectors.length, values };
}

function int8Matrix(vectors: Float32Array[]): FeatureMatrix {
  const dims = vectors[0].length;
  const values = new Int8Array(vectors.length * dims);
  const scales = new Float32Array(vectors.length);
  vectors.forEach((vector, row) => {
    const quantized = quantizeInt8(vector);
    values.set(quantized.values, row * dims);
    scales[row] = quantized.scale;
  });
  return { encoding: 'int8', dims, count: vectors.length, values, scales };
}

function projectedRanking(label: string, feature: FeatureName, raw: Float32Array[], projection: Projection): Ranking {
  return {
    label,
    feature,
    matrix: int8Matrix(raw.map((vector) => projectVector(projection, vector))),
    toQuery: (vector) => projectVector(projection, vector),
  };
}

function evaluate(ranking: Ranking, products: CatalogProduct[], raw: ImageFeatures[], queries: number[], queryVectors?: Map<number, Float32Array>) {
  const overall: PrecisionAtK[] = [];
  const byCategory = new Map<string, PrecisionAtK[]>();
  const scores = new Float32Array(ranking.matrix.count);

  for (const query of queries) {
    scoreAll(ranking.matrix, ranking.toQuery(queryVectors?.get(query) ?? raw[query][ranking.feature]), scores);
    const results = topK(scores, K, (index) => index !== query).map(({ index }) => products[index]);
    const precision = precisionAtK(products[query], results, K);
    overall.push(precision);
    const category = products[query].masterCategory || '(none)';
    byCategory.set(category, [...(byCategory.get(category) ?? []), precision]);
  }

  return {
    overall: meanPrecision(overall),
    byCategory: new Map([...byCategory].map(([category, values]) => [category, { count: values.length, precision: meanPrecision(values) }])),
  };
}

function percent(value: number): string {
  return (100 * value).toFixed(1).padStart(6);
}

function printTable(title: string, rows: { label: string; precision: PrecisionAtK }[]): void {
  const width = Math.max(title.length, ...rows.map((row) => row.label.length));
  console.log(`\n${title.padEnd(width)}  type P@${K}  colour P@${K}  both P@${K}`);
  for (const { label, precision } of rows) {
    console.log(`${label.padEnd(width)}  ${percent(precision.type)}     ${percent(precision.colour)}       ${percent(precision.both)}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      catalog: { type: 'string', default: 'public/catalog' },
      cache: { type: 'string', default: '.cache' },
      queries: { type: 'string', default: '2000' },
      sweep: { type: 'boolean', default: false },
      'model-check': { type: 'string', default: '0' },
      source: { type: 'string', default: '../shared/datasets/myntra-small' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }

  const catalog = readCatalog(path.resolve(values.catalog));
  const { products, manifest } = catalog;
  const cache = openFeatureCache(path.resolve(values.cache));
  const raw = products.map((product) => {
    const features = cache.get(product.photo);
    if (!features) throw new Error(`Features of product ${product.id} are not in ${values.cache}: evaluate with the cache the catalog was built with.`);
    return features;
  });

  const queryCount = Math.min(Number(values.queries), products.length);
  const queries = Array.from({ length: queryCount }, (_, n) => Math.floor((n * products.length) / queryCount));
  console.log(`Catalog "${manifest.name}" ${manifest.version}: ${products.length} products, ${queries.length} leave-one-out queries.`);
  console.log(`P@${K}: percent of each query's top ${K} with its article type (type), its base colour (colour), or both, averaged over the queries.`);

  const rankings: Ranking[] = [];
  for (const feature of ['colour', 'look'] as const) {
    const info = manifest.features[feature];
    const projection = catalog.projections[feature];
    rankings.push({ label: `${feature}, float32 ${raw[0][feature].length}-d`, feature, matrix: float32Matrix(raw.map((f) => f[feature])), toQuery: (v) => v });
    rankings.push({
      label: `${feature}, stored ${info.dims}-d ${info.encoding}${projection ? ' (PCA)' : ''}`,
      feature,
      matrix: catalog.stored[feature],
      toQuery: (vector) => (projection ? projectVector(projection, vector) : vector),
    });
  }

  if (values.sweep) {
    const sizes: Record<FeatureName, number[]> = { colour: [32, 64, 128, 256], look: [128, 256, 384] };
    for (const feature of ['colour', 'look'] as const) {
      for (const dims of sizes[feature]) {
        const vectors = raw.map((f) => f[feature]);
        rankings.push(projectedRanking(`${feature}, PCA ${dims}-d int8 (sweep)`, feature, vectors, await fitProjection(vectors, dims)));
      }
    }
  }

  const results = rankings.map((ranking) => ({ ranking, result: evaluate(ranking, products, raw, queries) }));
  printTable('ranking', results.map(({ ranking, result }) => ({ label: ranking.label, precision: result.overall })));

  const modelQueries = Math.min(Number(values['model-check']), queries.length);
  if (modelQueries > 0) {
    const look = rankings.find((ranking) => ranking.feature === 'look' && ranking.label.includes('stored'))!;
    const subset = queries.filter((_, n) => n % Math.floor(queries.length / modelQueries) === 0).slice(0, modelQueries);
    const rows = [{ label: 'float32 weights (the tool\'s vectors)', precision: evaluate(look, products, raw, subset).overall }];
    for (const encoding of ['float16', 'uint8'] as const) {
      console.log(`Embedding ${subset.length} query photos with ${encoding} weights…`);
      const vectors = await embedWithWeights(encoding, subset.map((index) => products[index].id), path.resolve(values.source), path.resolve(values.cache));
      const byQuery = new Map(subset.map((index, n) => [index, vectors[n]]));
      rows.push({ label: `${encoding} weights`, precision: evaluate(look, products, raw, subset, byQuery).overall });
    }
    printTable(`look queries embedded with each model copy (${subset.length} queries)`, rows);
  }

  for (const { ranking, result } of results.filter(({ ranking }) => ranking.label.includes('stored'))) {
    const rows = [...result.byCategory].sort((a, b) => b[1].count - a[1].count)
      .map(([category, { count, precision }]) => ({ label: `${category} (${count})`, precision }));
    printTable(`${ranking.label}, by masterCategory`, rows);
  }
}

main().catch((error: Error) => {
  console.error(`Evaluation failed: ${error.message}`);
  process.exitCode = 1;
});
