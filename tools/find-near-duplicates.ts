import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findNearDuplicates, forEachHashPair, MAX_HASH_DISTANCE, toHashTable } from './catalog/near-duplicates';
import { PerceptualHashCache } from './catalog/perceptual-hash-cache';
import { readStyles } from './catalog/read-styles';
import { scanImages } from './catalog/scan-images';

const HELP = `Usage: npx tsx tools/find-near-duplicates.ts [options]

Groups a catalog's near-duplicate photos the way the catalog build does,
without building the catalog, and prints the figures: hashing time, pair
search time, groups and products collapsed. Also times a brute-force
all-pairs hash search over every photo, without the metadata buckets.

  --source DIR   catalog folder with styles.csv and images/<id>.jpg
                 (default: ../shared/datasets/myntra-small)
  --cache DIR    perceptual hash cache (default: .cache); an empty folder times hashing from scratch
  --groups FILE  also write every group of more than one product as a TSV
                 line: representative id, variant ids, articleType, baseColour
  --help         print this help
`;

const { values } = parseArgs({
  options: {
    source: { type: 'string', default: '../shared/datasets/myntra-small' },
    cache: { type: 'string', default: '.cache' },
    groups: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const stylesFile = path.join(values.source, 'styles.csv');
  if (!fs.existsSync(stylesFile)) throw new Error(`${stylesFile} not found: --source must be a folder holding styles.csv and images/.`);

  const styles = readStyles(fs.readFileSync(stylesFile, 'utf8'));
  const scan = await scanImages(path.join(values.source, 'images'), styles.rows);
  const run = await findNearDuplicates(scan.groups, values.cache);

  const hashes = new PerceptualHashCache(values.cache);
  const table = toHashTable(scan.groups.flatMap((group) => hashes.get(group.sha256) ?? []));
  const everyPhoto = Uint32Array.from({ length: table.high.length }, (_, i) => i);
  let allPairs = 0;
  const bruteStarted = performance.now();
  forEachHashPair(table, everyPhoto, MAX_HASH_DISTANCE, () => allPairs++);
  const bruteSeconds = (performance.now() - bruteStarted) / 1000;

  const products = scan.groups.reduce((sum, group) => sum + group.rows.length, 0);
  const comparisons = (table.high.length * (table.high.length - 1)) / 2;
  console.log([
    `products with a photo: ${products}, distinct photos: ${scan.groups.length}`,
    `hashing: ${run.hashed} photos decoded in ${run.hashSeconds.toFixed(1)} s (${scan.groups.length - run.hashed} from the cache), ${run.failed.length} failed`,
    `pair search within articleType and baseColour: ${run.comparisons} hash comparisons, ${run.pairs} near-duplicate pairs, ${run.searchSeconds.toFixed(2)} s with union-find`,
    `brute force over all photos: ${comparisons} hash comparisons in ${bruteSeconds.toFixed(2)} s, ${allPairs} pairs within distance ${MAX_HASH_DISTANCE} before the other checks`,
    `groups: ${run.groups.length} catalog rows, ${run.stats.products} products in ${run.stats.groups} groups of more than one`,
    `collapsed: ${products - run.groups.length} products in all, ${run.stats.collapsed} beyond byte-identical`,
  ].join('\n'));

  if (values.groups) {
    const lines = run.groups
      .filter((group) => group.rows.length > 1)
      .map((group) => [group.rows[0].productId, group.rows.slice(1).map((row) => row.productId).join(','), group.rows[0].articleType, group.rows[0].baseColour].join('\t'));
    fs.writeFileSync(values.groups, `${lines.join('\n')}\n`);
    console.log(`wrote ${lines.length} groups to ${values.groups}`);
  }
}

main().catch((error: Error) => {
  console.error(`Near-duplicate search failed: ${error.message}`);
  process.exitCode = 1;
});
