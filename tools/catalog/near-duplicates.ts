import { hashPhotos, PerceptualHashCache } from './perceptual-hash-cache';
import { HASH_INPUT_SIZE, popcount32, type PhotoHash } from './perceptual-hash';
import { Progress } from './progress';
import type { ImageGroup } from './scan-images';

/**
 * Two photos are near-duplicates when all three checks pass:
 *
 * 1. Their pHashes differ in at most MAX_HASH_DISTANCE bits.
 * 2. One product of each has the same non-empty articleType and baseColour,
 *    so colour variants of one style (the same shirt in blue and red),
 *    which a greyscale hash cannot tell apart, stay separate products.
 * 3. No 4×4 block of their 32×32 greyscale images differs by more than
 *    MAX_BLOCK_DIFFERENCE grey levels on average.
 *
 * The hash alone cannot decide on these catalog photos. Packshots of one
 * article type on white share their low frequencies, so distinct products get
 * equal hashes. In the Myntra catalog (43,072 products), 535 pairs that share
 * type and colour have distance 0, and about half of a random 40 of them were
 * distinct products: ties, shoes, belts and sunglasses of other models. At
 * distances 2 to 14, 6 random pairs per distance were nearly all distinct
 * products, mostly shoes in profile. A mean difference over the whole photo
 * misses a change confined to a small product on a large background, so
 * check 3 takes the worst block instead.
 *
 * Both limits come from contact sheets of the 857,551 pairs that share type
 * and colour at distances 0 to 16, scored by block difference. Distances
 * are even because a hash has 32 bits set, one per coefficient above the
 * median of 64, unless coefficients tie with the median.
 * - Distance at most 6 and block difference at most 6 leave 153 pairs. We
 *   looked at 84 of them: all 50 with a block difference above 4 or a
 *   distance of 4 or 6, and 34 of the others. All but one were the same
 *   photo under another id, re-encoded, or a shade variant of one packshot
 *   (lipsticks, nail polish, foundation). The exception was a pair of
 *   different earrings that fill a few pixels on white (48653 and 59529, at
 *   block difference 6.0).
 * - Block differences of 6 to 11 mix shade variants with distinct products:
 *   earrings and pendants, other watches, other ties.
 * - Beyond distance 6 only 2 pairs have a block difference of at most 6, one
 *   at 8 (other earrings) and one at 14 (the same lip liner), so a larger
 *   distance adds little.
 * NOTE: shade and colour variants with the same baseColour (two lipstick
 * shades both "Red") still group, because no check compares colour.
 */
export const MAX_HASH_DISTANCE = 6;
export const MAX_BLOCK_DIFFERENCE = 6;

const BLOCK_SIDE = 4;

/** Returns the largest mean absolute difference of any 4×4 block of two 32×32 greyscale images. */
export function maxBlockDifference(a: Uint8Array, b: Uint8Array): number {
  const size = HASH_INPUT_SIZE;
  if (a.length !== size * size || b.length !== size * size) {
    throw new Error(`maxBlockDifference expects two ${size}×${size} images, got ${a.length} and ${b.length} pixels.`);
  }

  let worst = 0;
  for (let top = 0; top < size; top += BLOCK_SIDE) {
    for (let left = 0; left < size; left += BLOCK_SIDE) {
      let sum = 0;
      for (let y = top; y < top + BLOCK_SIDE; y++) {
        for (let x = left; x < left + BLOCK_SIDE; x++) sum += Math.abs(a[y * size + x] - b[y * size + x]);
      }
      worst = Math.max(worst, sum / (BLOCK_SIDE * BLOCK_SIDE));
    }
  }
  return worst;
}

/** 64-bit hashes as two typed arrays of 32-bit halves, for fast all-pairs scans. */
export interface HashTable {
  high: Uint32Array;
  low: Uint32Array;
}

export function toHashTable(hashes: PhotoHash[]): HashTable {
  return { high: Uint32Array.from(hashes, (hash) => hash.high), low: Uint32Array.from(hashes, (hash) => hash.low) };
}

/**
 * Calls `onPair(i, j, distance)` for every pair i < j of `members` (indices
 * into `table`) whose hashes differ in at most `maxDistance` bits. Brute
 * force: n(n - 1)/2 XORs and popcounts.
 */
export function forEachHashPair(
  table: HashTable,
  members: ArrayLike<number>,
  maxDistance: number,
  onPair: (i: number, j: number, distance: number) => void,
): void {
  const { high, low } = table;
  for (let m = 0; m < members.length; m++) {
    const i = members[m];
    const highI = high[i];
    const lowI = low[i];
    for (let n = m + 1; n < members.length; n++) {
      const j = members[n];
      const distance = popcount32(highI ^ high[j]) + popcount32(lowI ^ low[j]);
      if (distance <= maxDistance) onPair(i, j, distance);
    }
  }
}

/** Disjoint sets over 0..size-1 with path halving. The smaller index of two roots becomes the root. */
export class UnionFind {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, i) => i);
  }

  find(i: number): number {
    let node = i;
    while (this.parent[node] !== node) {
      this.parent[node] = this.parent[this.parent[node]];
      node = this.parent[node];
    }
    return node;
  }

  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA < rootB) this.parent[rootB] = rootA;
    else if (rootB < rootA) this.parent[rootA] = rootB;
  }
}

export interface GroupingLimits {
  maxHashDistance: number;
  maxBlockDifference: number;
}

export interface NearDuplicateGrouping {
  /** Groups of near-duplicate photos, ordered by their first product id. */
  groups: ImageGroup[];
  /** Pairs that passed all three checks, before the union. */
  pairs: number;
  /** Pairs compared by hash, the cost of the brute-force search. */
  comparisons: number;
}

/** Returns the articleType and baseColour keys of a photo's products, each once. Products missing either field get none, so they never pair. */
function metadataKeys(group: ImageGroup): string[] {
  const described = group.rows.filter((row) => row.articleType !== '' && row.baseColour !== '');
  return [...new Set(described.map((row) => `${row.articleType}\u0000${row.baseColour}`))];
}

/** Picks the member with the largest photo area in pixels, and of equal areas the one with the lowest product id. */
function pickRepresentative(members: ImageGroup[], hashes: Map<string, PhotoHash>): ImageGroup {
  const area = (group: ImageGroup) => {
    const hash = hashes.get(group.sha256);
    return hash ? hash.width * hash.height : 0;
  };
  return members.reduce((best, group) => {
    const difference = area(group) - area(best);
    if (difference > 0 || (difference === 0 && group.rows[0].productId < best.rows[0].productId)) return group;
    return best;
  });
}

/**
 * Merges member groups into one: the representative's photo and first
 * product, then every other product by id, each keeping its own photo.
 */
function mergeGroups(members: ImageGroup[], hashes: Map<string, PhotoHash>): ImageGroup {
  if (members.length === 1) return members[0];

  const representative = pickRepresentative(members, hashes);
  const [first] = representative.rows;
  const others = members.flatMap((group) => group.rows).filter((row) => row !== first);
  others.sort((a, b) => a.productId - b.productId);

  const nearDuplicatePhotos = new Map<number, { sha256: string; file: string }>();
  for (const group of members) {
    if (group === representative) continue;
    for (const row of group.rows) nearDuplicatePhotos.set(row.productId, { sha256: group.sha256, file: group.file });
  }
  return { sha256: representative.sha256, file: representative.file, rows: [first, ...others], nearDuplicatePhotos };
}

/**
 * Groups byte-identical photo groups into near-duplicate groups (see
 * MAX_HASH_DISTANCE for the checks). Groups whose photo has no hash, because
 * it failed to decode, stay as they are. Each resulting group keeps the
 * ImageGroup shape: its photo is the member photo with the largest area
 * (ties go to the lowest product id), `rows[0]` is that photo's first
 * product and the other rows are its variants.
 */
export function groupNearDuplicates(
  groups: ImageGroup[],
  hashes: Map<string, PhotoHash>,
  limits: GroupingLimits = { maxHashDistance: MAX_HASH_DISTANCE, maxBlockDifference: MAX_BLOCK_DIFFERENCE },
): NearDuplicateGrouping {
  const hashed = groups.filter((group) => hashes.has(group.sha256));
  const photoHashes = hashed.map((group) => hashes.get(group.sha256)!);
  const table = toHashTable(photoHashes);

  // Only photos that share a metadata key can pair, so the search runs inside each key's bucket.
  const buckets = new Map<string, number[]>();
  hashed.forEach((group, index) => {
    for (const key of metadataKeys(group)) {
      const bucket = buckets.get(key);
      if (bucket) bucket.push(index);
      else buckets.set(key, [index]);
    }
  });

  const sets = new UnionFind(hashed.length);
  let pairs = 0;
  let comparisons = 0;
  for (const members of buckets.values()) {
    comparisons += (members.length * (members.length - 1)) / 2;
    forEachHashPair(table, members, limits.maxHashDistance, (i, j) => {
      if (maxBlockDifference(photoHashes[i].greyscale, photoHashes[j].greyscale) <= limits.maxBlockDifference) {
        sets.union(i, j);
        pairs++;
      }
    });
  }

  const components = new Map<number, ImageGroup[]>();
  hashed.forEach((group, index) => {
    const root = sets.find(index);
    const members = components.get(root);
    if (members) members.push(group);
    else components.set(root, [group]);
  });

  const merged = [...components.values()].map((members) => mergeGroups(members, hashes));
  const unhashed = groups.filter((group) => !hashes.has(group.sha256));
  const result = [...merged, ...unhashed].sort((a, b) => a.rows[0].productId - b.rows[0].productId);
  return { groups: result, pairs, comparisons };
}

/** Dataset-wide figures of a grouping, for the build summary. */
export interface NearDuplicateStats {
  /** Products in groups of more than one product. */
  products: number;
  /** Groups of more than one product. */
  groups: number;
  /** Byte-identical groups merged into another: how many fewer catalog rows near-duplicates make. */
  collapsed: number;
  /** Photos that could not be hashed and were left ungrouped. */
  unhashed: number;
}

export function describeGrouping(byteIdentical: ImageGroup[], grouped: ImageGroup[], unhashed: number): NearDuplicateStats {
  const several = grouped.filter((group) => group.rows.length > 1);
  return {
    products: several.reduce((sum, group) => sum + group.rows.length, 0),
    groups: several.length,
    collapsed: byteIdentical.length - grouped.length,
    unhashed,
  };
}

export interface NearDuplicateRun extends NearDuplicateGrouping {
  stats: NearDuplicateStats;
  /** Photos that failed to decode, with the decoder's message; each stays a group of its own. */
  failed: { sha256: string; error: string }[];
  /** Photos decoded and hashed in this run; the others came from the cache. */
  hashed: number;
  hashSeconds: number;
  searchSeconds: number;
}

/**
 * Hashes every photo of `groups`, reusing and extending the hash cache in
 * `cacheDir`, then groups near-duplicates among them.
 */
export async function findNearDuplicates(groups: ImageGroup[], cacheDir: string): Promise<NearDuplicateRun> {
  const cache = new PerceptualHashCache(cacheDir);
  const uncached = groups.filter((group) => !cache.has(group.sha256)).length;
  const progress = uncached > 0 ? new Progress('Perceptual hashes', uncached) : undefined;
  if (progress) console.log(`Hashing ${uncached} photos for near-duplicate grouping (${groups.length - uncached} cached)…`);

  const hashStarted = performance.now();
  const run = await hashPhotos(groups, cache, () => progress?.advance());
  progress?.finish();
  const hashSeconds = (performance.now() - hashStarted) / 1000;

  const searchStarted = performance.now();
  const grouping = groupNearDuplicates(groups, run.hashes);
  const searchSeconds = (performance.now() - searchStarted) / 1000;

  return {
    ...grouping,
    stats: describeGrouping(groups, grouping.groups, run.failed.length),
    failed: run.failed,
    hashed: run.computed,
    hashSeconds,
    searchSeconds,
  };
}

/** Formats the summary line "N products in M near-duplicate groups (K collapsed beyond byte-identical)". */
export function formatNearDuplicateLine(stats: NearDuplicateStats): string {
  const unhashed = stats.unhashed > 0 ? `; ${stats.unhashed} ${stats.unhashed === 1 ? 'photo' : 'photos'} failed to decode and were not grouped` : '';
  return `near-duplicates: ${stats.products} products in ${stats.groups} near-duplicate groups in the whole source (${stats.collapsed} collapsed beyond byte-identical${unhashed})`;
}
