import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CatalogProduct } from '../../src/catalog/manifest';
import { toStoredVector } from '../../src/features/stored-space';
import { blendScores, DEFAULT_COLOUR_WEIGHT } from '../../src/search/blend';
import { scoreAll, topK } from '../../src/search/rank';
import { chooseAugmentedPhotos } from '../catalog/augmented-looks';
import { openVectorCache, type VectorCache } from '../catalog/feature-cache';
import { readStyles } from '../catalog/read-styles';
import { blendLookWithShare, fitSetup, plainMatrices, RANKING_NAMES, scoreQuery, withLabelShare, type RankingName, type RankingSetup, type RawFeatures } from './eval-rankings';
import { embedWithWeights } from './model-variants';
import { ensureOutsideSet } from './outside-set';
import { computePhotoFeatures } from './photo-features';
import { meanPrecision, precisionAtK, recallAtK, type Labels, type PrecisionAtK } from './precision';
import { readCatalog } from './read-catalog';
import { ensureShopperPhotos, SHOPPER_RECIPE_VERSION } from './shopper-photos';

const K = 10;
const BLEND_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const LABEL_SHARES = [0, 0.2, 0.35, 0.5, 0.65];
const BLEND_LOOK_SHARES = [0, 0.1, 0.2, 0.35];
const SWEPT_COLOUR_WEIGHTS = [0.3, 0.4, 0.5];

const HELP = `Usage: npm run eval -- [options]

Measures search quality on a built catalog with the page's ranking code.
Rankings: plain colour (8×8×8 whole-frame HSV histogram, cosine), plain
look (raw 2048-d ResNet50, cosine), and the page's colour, look and blend.

1. Leave-one-out: sampled catalog products are queries against all the
   others. The stored spaces (PCA and label heads) are refitted without
   the queries (--folds times), so no query helps fit what ranks it.
   P@${K}: percent of the top ${K} with the query's article type (type), base
   colour (colour) and both; overall and per masterCategory.
2. Outside queries: photos of products not in the catalog, with their own
   styles.csv, scored the same way.
3. Exact items: a TSV of query photo and expected catalog product id,
   scored as recall R@1 and R@${K} (the product or its group counts), with
   the stored spaces refitted without the products the photos show.

  --catalog DIR    built catalog (default: public/catalog)
  --cache DIR      the tool's cache with the raw features (default: .cache)
  --source DIR     the catalog's source folder (default: ../shared/datasets/myntra-small)
  --queries N      leave-one-out queries, evenly spaced (default: 2000)
  --folds N        refits of the stored spaces for leave-one-out (default: 2)
  --outside DIR    outside query folder with styles.csv and images/<id>.jpg
                   (default: made once a catalog version in .cache/eval/ from
                   1000 source products not in the catalog; "none" to skip)
  --exact FILE     TSV with a header, then photo path (relative to the
                   file) and product id (default: the shopper-photo set,
                   made once a catalog version in .cache/eval/ from 300
                   catalog products by tools/eval/shopper-photos.ts; "none" to skip)
  --sweep          also score other label shares of the look and colour
                   heads (leave-one-out P@${K} and exact-item R@${K})
  --model-check N  embed N catalog photos with float16 and uint8 copies of the
                   page's model and compare look P@${K} with float32 (default: 0, off)
  --help           print this help
`;

interface Scored {
  precision: Record<RankingName, PrecisionAtK[]>;
  byCategory: Map<string, Record<RankingName, PrecisionAtK[]>>;
}

function emptyScores(): Record<RankingName, PrecisionAtK[]> {
  return Object.fromEntries(RANKING_NAMES.map((name) => [name, []])) as unknown as Record<RankingName, PrecisionAtK[]>;
}

function percent(value: number): string {
  return (100 * value).toFixed(1).padStart(7);
}

function printPrecision(title: string, rows: [string, PrecisionAtK[]][]): void {
  const width = Math.max(title.length, ...rows.map(([label]) => label.length));
  console.log(`\n${title.padEnd(width)}  type P@${K}  colour P@${K}  both P@${K}`);
  for (const [label, values] of rows) {
    const mean = meanPrecision(values);
    console.log(`${label.padEnd(width)}  ${percent(mean.type)}    ${percent(mean.colour)}      ${percent(mean.both)}`);
  }
}

function addPrecision(scored: Scored, query: Labels & { masterCategory: string }, name: RankingName, results: Labels[]): void {
  const precision = precisionAtK(query, results, K);
  scored.precision[name].push(precision);
  const category = query.masterCategory || '(none)';
  if (!scored.byCategory.has(category)) scored.byCategory.set(category, emptyScores());
  scored.byCategory.get(category)![name].push(precision);
}

/** Returns each product's raw vectors from the caches, or from `computed` (keyed by photo file) for photos just computed. */
function rawFeaturesOf(products: CatalogProduct[], caches: Record<'colour' | 'look' | 'plainColour' | 'augmentedLook', VectorCache>, computed: Map<string, RawFeatures>, sourceDir: string): RawFeatures[] {
  const { colour, look, plainColour, augmentedLook } = caches;
  const augmented = new Set(chooseAugmentedPhotos(products));
  return products.map((product) => {
    const fromFile = computed.get(path.join(sourceDir, 'images', `${product.id}.jpg`));
    const colourVector = colour.get(product.photo) ?? fromFile?.colour;
    const lookVector = look.get(product.photo) ?? fromFile?.look;
    const plainVector = plainColour.get(product.photo) ?? fromFile?.plainColour;
    if (!colourVector || !lookVector || !plainVector) {
      throw new Error(`Features of product ${product.id} are missing from the cache: evaluate with the cache the catalog was built with (--cache).`);
    }
    return { colour: colourVector, look: lookVector, plainColour: plainVector, augmentedLook: augmented.has(product) ? augmentedLook.get(product.photo) : undefined };
  });
}

/** Leave-one-out over `queries`, with the stored spaces refitted per fold on the other products. */
async function leaveOneOut(raw: RawFeatures[], products: CatalogProduct[], queries: number[], folds: number, sweepShares: boolean) {
  const scored: Scored = { precision: emptyScores(), byCategory: new Map() };
  const sweep = new Map(BLEND_WEIGHTS.map((weight) => [weight, [] as PrecisionAtK[]]));
  const shares = new Map<string, PrecisionAtK[]>();
  const plain = plainMatrices(raw);

  for (let fold = 0; fold < folds; fold++) {
    const foldQueries = queries.filter((_, n) => n % folds === fold);
    const heldOut = new Set(foldQueries);
    const fitRows = products.map((_, row) => row).filter((row) => !heldOut.has(row));
    console.log(`Fold ${fold + 1}/${folds}: fitting on ${fitRows.length} products, ranking ${foldQueries.length} queries…`);
    const setup = await fitSetup(raw, products, fitRows, plain);

    for (const query of foldQueries) {
      const accept = (index: number) => index !== query;
      const scores = scoreQuery(setup, raw[query], DEFAULT_COLOUR_WEIGHT);
      for (const name of RANKING_NAMES) {
        addPrecision(scored, products[query], name, topK(scores[name], K, accept).map(({ index }) => products[index]));
      }
      for (const weight of BLEND_WEIGHTS) {
        const results = topK(blendScores(scores.colour, scores.blendLook, weight), K, accept).map(({ index }) => products[index]);
        sweep.get(weight)!.push(precisionAtK(products[query], results, K));
      }
    }

    if (!sweepShares) continue;
    for (const query of foldQueries) {
      const scores = scoreQuery(setup, raw[query], DEFAULT_COLOUR_WEIGHT);
      for (const share of BLEND_LOOK_SHARES) {
        const look = blendLookWithShare(scores, share);
        for (const weight of SWEPT_COLOUR_WEIGHTS) {
          const label = `blend ${weight.toFixed(1)}, look share ${share.toFixed(2)}`;
          const results = topK(blendScores(scores.colour, look, weight), K, (index) => index !== query).map(({ index }) => products[index]);
          shares.set(label, [...(shares.get(label) ?? []), precisionAtK(products[query], results, K)]);
        }
      }
    }
    for (const feature of ['look', 'colour'] as const) {
      for (const share of LABEL_SHARES) {
        const variant = withLabelShare(setup, raw, feature, share);
        const label = `${feature} share ${share.toFixed(2)}`;
        for (const query of foldQueries) {
          const scores = scoreAll(variant.stored[feature], toStoredVector(variant.spaces[feature], raw[query][feature]));
          const results = topK(scores, K, (index) => index !== query).map(({ index }) => products[index]);
          shares.set(label, [...(shares.get(label) ?? []), precisionAtK(products[query], results, K)]);
        }
      }
    }
  }
  return { scored, sweep, shares };
}

function shippedSetup(catalog: ReturnType<typeof readCatalog>, raw: RawFeatures[]): RankingSetup {
  return { ...plainMatrices(raw), stored: catalog.stored, spaces: catalog.spaces };
}

async function outsideQueries(dir: string, setup: RankingSetup, products: CatalogProduct[], cacheDir: string): Promise<Scored> {
  const styles = readStyles(fs.readFileSync(path.join(dir, 'styles.csv'), 'utf8'));
  const rows = styles.rows.filter((row) => fs.existsSync(path.join(dir, 'images', `${row.productId}.jpg`)));
  const features = await computePhotoFeatures(rows.map((row) => path.join(dir, 'images', `${row.productId}.jpg`)), cacheDir);

  const scored: Scored = { precision: emptyScores(), byCategory: new Map() };
  for (const row of rows) {
    const query = features.get(path.join(dir, 'images', `${row.productId}.jpg`));
    if (!query) continue;
    const scores = scoreQuery(setup, query, DEFAULT_COLOUR_WEIGHT);
    for (const name of RANKING_NAMES) addPrecision(scored, row, name, topK(scores[name], K).map(({ index }) => products[index]));
  }
  return scored;
}

function readExactQueries(tsv: string): { file: string; id: number }[] {
  const lines = fs.readFileSync(tsv, 'utf8').trim().split('\n').slice(1);
  return lines.map((line, n) => {
    const [photo, id] = line.split('\t');
    if (!photo || !Number.isInteger(Number(id))) throw new Error(`${tsv} line ${n + 2} is not "photo<TAB>product id": ${JSON.stringify(line)}.`);
    return { file: path.resolve(path.dirname(tsv), photo), id: Number(id) };
  });
}

interface ExactQuery {
  id: number;
  features: RawFeatures;
}

/** Reads the exact-item TSV and computes its photos' features once; photos that fail to decode are left out. */
async function readExactItems(tsv: string, cacheDir: string): Promise<ExactQuery[]> {
  const queries = readExactQueries(tsv);
  const features = await computePhotoFeatures(queries.map((query) => query.file), cacheDir);
  return queries.flatMap((query) => {
    const vectors = features.get(query.file);
    return vectors ? [{ id: query.id, features: vectors }] : [];
  });
}

type Recall = { at1: number; atK: number };

function addRecall(recall: Recall, expectedId: number, scores: Float32Array, products: CatalogProduct[]): void {
  const results = topK(scores, K).map(({ index }) => products[index]);
  recall.at1 += recallAtK(expectedId, results, 1);
  recall.atK += recallAtK(expectedId, results, K);
}

/** Exact-item recall of every ranking, and of the blend for each cell of `blendGrid` (colour weight, look label share). */
function exactItems(queries: ExactQuery[], setup: RankingSetup, products: CatalogProduct[], blendGrid: [number, number][] = []) {
  const recall = Object.fromEntries(RANKING_NAMES.map((name) => [name, { at1: 0, atK: 0 }])) as Record<RankingName, Recall>;
  const gridRecall = blendGrid.map(() => ({ at1: 0, atK: 0 }));

  for (const query of queries) {
    const scores = scoreQuery(setup, query.features, DEFAULT_COLOUR_WEIGHT);
    for (const name of RANKING_NAMES) addRecall(recall[name], query.id, scores[name], products);
    blendGrid.forEach(([weight, share], cell) => {
      addRecall(gridRecall[cell], query.id, blendScores(scores.colour, blendLookWithShare(scores, share), weight), products);
    });
  }
  return { recall, gridRecall, count: queries.length };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      catalog: { type: 'string', default: 'public/catalog' },
      cache: { type: 'string', default: '.cache' },
      source: { type: 'string', default: '../shared/datasets/myntra-small' },
      queries: { type: 'string', default: '2000' },
      folds: { type: 'string', default: '2' },
      outside: { type: 'string' },
      exact: { type: 'string' },
      'model-check': { type: 'string', default: '0' },
      sweep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const cacheDir = path.resolve(values.cache);
  const sourceDir = path.resolve(values.source);
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`--folds must be a whole number of at least 2, got "${values.folds}".`);

  const catalog = readCatalog(path.resolve(values.catalog));
  const { products, manifest } = catalog;
  // Only photos missing from a cache (the plain histogram, on a first run) are read and computed.
  const caches = { colour: openVectorCache(cacheDir, 'colour'), look: openVectorCache(cacheDir, 'look'), plainColour: openVectorCache(cacheDir, 'plain-colour') };
  const uncached = products.filter((product) => Object.values(caches).some((cache) => !cache.has(product.photo)));
  const augmentedLook = openVectorCache(cacheDir, 'augmented-look');
  const uncachedFiles = uncached.map((product) => path.join(sourceDir, 'images', `${product.id}.jpg`)).filter((file) => fs.existsSync(file));
  const computed = uncachedFiles.length > 0 ? await computePhotoFeatures(uncachedFiles, cacheDir) : new Map<string, RawFeatures>();
  const raw = rawFeaturesOf(products, { ...caches, augmentedLook }, computed, sourceDir);
  const whitened = raw.filter((features) => features.augmentedLook).length;
  if (whitened === 0) console.warn('No augmented copies of catalog photos in the cache, so the look space is fitted without whitening: evaluate with the cache the catalog was built with (--cache).');

  const queryCount = Math.min(Number(values.queries), products.length);
  const queries = Array.from({ length: queryCount }, (_, n) => Math.floor((n * products.length) / queryCount));
  console.log(`Catalog "${manifest.name}" ${manifest.version}: ${products.length} products, ${queries.length} leave-one-out queries, blend colour weight ${DEFAULT_COLOUR_WEIGHT}.`);

  const { scored, sweep, shares } = await leaveOneOut(raw, products, queries, folds, values.sweep);
  printPrecision(`Leave-one-out (${queries.length} queries)`, RANKING_NAMES.map((name) => [name, scored.precision[name]]));
  printPrecision('Blend by colour weight', BLEND_WEIGHTS.map((weight) => [`weight ${weight.toFixed(1)}`, sweep.get(weight)!]));
  if (values.sweep) printPrecision('Label share of each view', [...shares]);
  for (const name of ['colour', 'look', 'blend'] as const) {
    printPrecision(`${name}, by masterCategory`, [...scored.byCategory].sort((a, b) => b[1][name].length - a[1][name].length)
      .map(([category, byName]) => [`${category} (${byName[name].length})`, byName[name]]));
  }

  const shipped = shippedSetup(catalog, raw);
  if (values.outside !== 'none') {
    // Default query sets depend on which products the catalog holds, so each catalog version gets its own.
    const dir = values.outside ? path.resolve(values.outside) : ensureOutsideSet(path.join(cacheDir, 'eval', `outside-${manifest.version}`), sourceDir, products, 1000);
    const outside = await outsideQueries(dir, shipped, products, cacheDir);
    printPrecision(`Outside queries (${outside.precision.look.length} from ${dir})`, RANKING_NAMES.map((name) => [name, outside.precision[name]]));
  }

  if (values.exact !== 'none') {
    const sample = Array.from({ length: Math.min(300, products.length) }, (_, n) => products[Math.floor((n * products.length) / Math.min(300, products.length))]);
    const tsv = values.exact
      ? path.resolve(values.exact)
      : await ensureShopperPhotos(path.join(cacheDir, 'eval', `${SHOPPER_RECIPE_VERSION}-${manifest.version}`), sample.map((product) => ({ id: product.id, file: path.join(sourceDir, 'images', `${product.id}.jpg`) })));
    // The stored spaces are refitted without the products the photos show, so no augmented copy of them helps fit the whitening.
    const exact = await readExactItems(tsv, cacheDir);
    const shownIds = new Set(readExactQueries(tsv).map((query) => query.id));
    const fitRows = products.flatMap((product, row) => (shownIds.has(product.id) ? [] : [row]));
    console.log(`\nRefitting the stored spaces on the ${fitRows.length} products the exact-item photos do not show…`);
    const unseen = await fitSetup(raw, products, fitRows, plainMatrices(raw));
    const blendGrid = values.sweep ? BLEND_LOOK_SHARES.flatMap((share) => SWEPT_COLOUR_WEIGHTS.map((weight): [number, number] => [weight, share])) : [];
    const { recall, gridRecall, count } = exactItems(exact, unseen, products, blendGrid);
    const printRecall = (label: string, { at1, atK }: Recall) => console.log(`${label.padEnd(38)} ${percent(at1 / count)} ${percent(atK / count)}`);

    console.log(`\nExact items (${count} photos from ${tsv})   R@1     R@${K}`);
    for (const name of RANKING_NAMES) printRecall(name, recall[name]);
    if (values.sweep) {
      for (const share of LABEL_SHARES) printRecall(`look share ${share.toFixed(2)}`, exactItems(exact, withLabelShare(unseen, raw, 'look', share), products).recall.look);
      blendGrid.forEach(([weight, share], cell) => printRecall(`blend ${weight.toFixed(1)}, look share ${share.toFixed(2)}`, gridRecall[cell]));
    }
  }

  const modelQueries = Math.min(Number(values['model-check']), queries.length);
  if (modelQueries > 0) {
    const subset = queries.filter((_, n) => n % Math.floor(queries.length / modelQueries) === 0).slice(0, modelQueries);
    const rows: [string, PrecisionAtK[]][] = [];
    for (const encoding of ['float32', 'float16', 'uint8'] as const) {
      console.log(`Embedding ${subset.length} catalog photos with ${encoding} weights…`);
      const vectors = await embedWithWeights(encoding, subset.map((index) => products[index].id), sourceDir, cacheDir);
      rows.push([`${encoding} weights`, subset.map((query, n) => {
        const scores = scoreAll(shipped.stored.look, toStoredVector(shipped.spaces.look, vectors[n]));
        return precisionAtK(products[query], topK(scores, K, (index) => index !== query).map(({ index }) => products[index]), K);
      })]);
    }
    printPrecision(`Look, queries embedded with each model copy (${subset.length})`, rows);
  }
}

main().catch((error: Error) => {
  console.error(`Evaluation failed: ${error.message}`);
  process.exitCode = 1;
});
