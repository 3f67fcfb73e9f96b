import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  describeGrouping, forEachHashPair, groupNearDuplicates, MAX_BLOCK_DIFFERENCE, MAX_HASH_DISTANCE, maxBlockDifference, toHashTable, UnionFind,
} from './near-duplicates';
import { hammingDistance, hashImageFile, type PhotoHash } from './perceptual-hash';
import { readStyles, type StyleRow } from './read-styles';
import type { ImageGroup } from './scan-images';

/** The real Myntra catalog, beside the repository and read-only. */
const DATASET_DIR = fileURLToPath(new URL('../../../shared/datasets/myntra-small/', import.meta.url));

function styleRow(productId: number, articleType = 'Tshirts', baseColour = 'Blue'): StyleRow {
  return {
    productId,
    id: String(productId),
    gender: 'Men',
    masterCategory: 'Apparel',
    subCategory: 'Topwear',
    articleType,
    baseColour,
    season: 'Fall',
    year: '2011',
    usage: 'Casual',
    productDisplayName: `Product ${productId}`,
  };
}

/** Builds a byte-identical group of hand-made products, its SHA-256 made from the first id. */
function photoGroup(...rows: StyleRow[]): ImageGroup {
  return { sha256: rows[0].productId.toString(16).padStart(64, '0'), file: `/catalog/images/${rows[0].productId}.jpg`, rows };
}

/** Builds a flat grey 32×32 image, optionally with one 4×4 block (top left) at another level. */
function greyscale(level = 128, blockLevel = level): Uint8Array {
  const pixels = new Uint8Array(32 * 32).fill(level);
  for (let y = 0; y < 4; y++) pixels.fill(blockLevel, y * 32, y * 32 + 4);
  return pixels;
}

/** Builds the hash of a 60×80 photo whose low half has the lowest `bits` bits set. */
function photoHash(bits: number, options: Partial<PhotoHash> = {}): PhotoHash {
  return { high: 0, low: bits === 32 ? 0xffffffff : (2 ** bits - 1) >>> 0, width: 60, height: 80, greyscale: greyscale(), ...options };
}

const idsOf = (groups: ImageGroup[]): number[][] => groups.map((group) => group.rows.map((row) => row.productId));

describe('maxBlockDifference', () => {
  it('measures one changed block', () => {
    expect(maxBlockDifference(greyscale(), greyscale())).toBe(0);
    expect(maxBlockDifference(greyscale(128), greyscale(128, 148))).toBe(20);
  });

  it('is not diluted by an equal background', () => {
    const a = greyscale(255);
    const b = greyscale(255);
    b[0] = 255 - 160;
    // One pixel differs by 160: the whole-image mean is 0.16, its block's mean is 10.
    expect(maxBlockDifference(a, b)).toBe(10);
  });

  it('rejects images that are not 32×32', () => {
    expect(() => maxBlockDifference(new Uint8Array(16), greyscale())).toThrow('expects two 32×32 images');
  });
});

describe('forEachHashPair', () => {
  it('finds the same pairs as a naive loop', () => {
    const hashes = Array.from({ length: 60 }, (_, i) => photoHash(0, { high: Math.imul(i, 0x9e3779b1) >>> 0, low: (i * 7) % 5 }));
    const table = toHashTable(hashes);
    const found: string[] = [];
    forEachHashPair(table, Uint32Array.from({ length: 60 }, (_, i) => i), 14, (i, j, distance) => found.push(`${i}-${j}-${distance}`));

    const expected: string[] = [];
    for (let i = 0; i < 60; i++) {
      for (let j = i + 1; j < 60; j++) {
        const distance = hammingDistance(hashes[i], hashes[j]);
        if (distance <= 14) expected.push(`${i}-${j}-${distance}`);
      }
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(found).toEqual(expected);
  });
});

describe('UnionFind', () => {
  it('joins chains and keeps the smallest index as the root', () => {
    const sets = new UnionFind(6);
    sets.union(4, 2);
    sets.union(2, 5);
    sets.union(1, 3);

    expect(sets.find(5)).toBe(2);
    expect(sets.find(4)).toBe(2);
    expect(sets.find(3)).toBe(1);
    expect(sets.find(0)).toBe(0);
  });
});

describe('groupNearDuplicates on hand-made hashes', () => {
  it('groups a chain whose ends are farther apart than the limit', () => {
    const groups = [photoGroup(styleRow(1)), photoGroup(styleRow(2)), photoGroup(styleRow(3)), photoGroup(styleRow(4))];
    // 1 to 2 and 2 to 3 differ in 6 bits, 1 to 3 in 12, and 4 is 14 bits from 3.
    const hashes = new Map([
      [groups[0].sha256, photoHash(0)],
      [groups[1].sha256, photoHash(6)],
      [groups[2].sha256, photoHash(12)],
      [groups[3].sha256, photoHash(26)],
    ]);
    const grouping = groupNearDuplicates(groups, hashes);

    expect(idsOf(grouping.groups)).toEqual([[1, 2, 3], [4]]);
    expect(grouping.pairs).toBe(2);
    expect(grouping.comparisons).toBe(6);
  });

  it('keeps colours and article types apart', () => {
    const groups = [
      photoGroup(styleRow(1, 'Tshirts', 'Blue')),
      photoGroup(styleRow(2, 'Tshirts', 'Red')),
      photoGroup(styleRow(3, 'Shirts', 'Blue')),
      photoGroup(styleRow(4, 'Tshirts', 'Red')),
    ];
    const hashes = new Map(groups.map((group) => [group.sha256, photoHash(0)]));

    expect(idsOf(groupNearDuplicates(groups, hashes).groups)).toEqual([[1], [2, 4], [3]]);
  });

  it('never pairs products without a colour', () => {
    const groups = [photoGroup(styleRow(1, 'Tshirts', '')), photoGroup(styleRow(2, 'Tshirts', '')), photoGroup(styleRow(3, '', 'Blue')), photoGroup(styleRow(4, '', 'Blue'))];
    const hashes = new Map(groups.map((group) => [group.sha256, photoHash(0)]));

    expect(idsOf(groupNearDuplicates(groups, hashes).groups)).toEqual([[1], [2], [3], [4]]);
  });

  it('pairs a byte-identical group through any of its products', () => {
    const groups = [photoGroup(styleRow(1, 'Tshirts', 'Blue'), styleRow(5, 'Tshirts', 'Red')), photoGroup(styleRow(2, 'Tshirts', 'Red'))];
    const hashes = new Map(groups.map((group) => [group.sha256, photoHash(0)]));

    expect(idsOf(groupNearDuplicates(groups, hashes).groups)).toEqual([[1, 2, 5]]);
  });

  it('keeps photos apart when one block differs', () => {
    const groups = [photoGroup(styleRow(1)), photoGroup(styleRow(2)), photoGroup(styleRow(3))];
    const hashes = new Map([
      [groups[0].sha256, photoHash(0)],
      [groups[1].sha256, photoHash(0, { greyscale: greyscale(128, 128 + MAX_BLOCK_DIFFERENCE) })],
      [groups[2].sha256, photoHash(0, { greyscale: greyscale(128, 128 - MAX_BLOCK_DIFFERENCE - 1) })],
    ]);

    expect(idsOf(groupNearDuplicates(groups, hashes).groups)).toEqual([[1, 2], [3]]);
  });

  it('represents a group by its largest photo, then by its lowest id', () => {
    const groups = [
      photoGroup(styleRow(1)),
      photoGroup(styleRow(3), styleRow(7)),
      photoGroup(styleRow(5)),
      photoGroup(styleRow(2)),
    ];
    const hashes = new Map([
      [groups[0].sha256, photoHash(0)],
      [groups[1].sha256, photoHash(2, { width: 120, height: 160 })],
      [groups[2].sha256, photoHash(4, { width: 160, height: 120 })],
      [groups[3].sha256, photoHash(6, { width: 60, height: 80 })],
    ]);
    const [group] = groupNearDuplicates(groups, hashes).groups;

    // 3 (with its byte-identical 7) and 5 have the largest area, 19,200 pixels, and 3 has the lower id.
    expect(group.rows.map((row) => row.productId)).toEqual([3, 1, 2, 5, 7]);
    expect(group.sha256).toBe(groups[1].sha256);
    expect(group.file).toBe('/catalog/images/3.jpg');
  });

  it('keeps the photos of near-duplicate products', () => {
    const groups = [photoGroup(styleRow(1), styleRow(4)), photoGroup(styleRow(2))];
    const hashes = new Map([[groups[0].sha256, photoHash(0)], [groups[1].sha256, photoHash(3)]]);
    const [group] = groupNearDuplicates(groups, hashes).groups;

    expect(group.rows.map((row) => row.productId)).toEqual([1, 2, 4]);
    // 4 shares 1's bytes, so only 2 has a photo of its own.
    expect([...group.nearDuplicatePhotos!.keys()]).toEqual([2]);
    expect(group.nearDuplicatePhotos!.get(2)).toEqual({ sha256: groups[1].sha256, file: groups[1].file });
  });

  it('leaves photos without a hash ungrouped', () => {
    const groups = [photoGroup(styleRow(1)), photoGroup(styleRow(2)), photoGroup(styleRow(3))];
    const hashes = new Map([[groups[0].sha256, photoHash(0)], [groups[2].sha256, photoHash(0)]]);
    const grouping = groupNearDuplicates(groups, hashes);

    expect(idsOf(grouping.groups)).toEqual([[1, 3], [2]]);
    expect(describeGrouping(groups, grouping.groups, 1)).toEqual({ products: 2, groups: 1, collapsed: 1, unhashed: 1 });
  });
});

describe('groupNearDuplicates on Myntra photos', () => {
  const { rows } = readStyles(fs.readFileSync(path.join(DATASET_DIR, 'styles.csv'), 'utf8'));
  const rowById = new Map(rows.map((row) => [row.productId, row]));

  async function realGroup(productId: number): Promise<{ group: ImageGroup; hash: PhotoHash }> {
    const file = path.join(DATASET_DIR, 'images', `${productId}.jpg`);
    const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    return { group: { sha256, file, rows: [rowById.get(productId)!] }, hash: await hashImageFile(file) };
  }

  it('groups a re-encoded copy and keeps a lookalike apart', async () => {
    // 4214 and 4718: the same yellow Disney T-shirt photo under two ids, not byte-identical.
    // 2384 and 45598: black formal shoes of two brands in the same pose, equal hashes.
    const photos = await Promise.all([4214, 4718, 2384, 45598].map(realGroup));
    const [tshirt, tshirtCopy, shoe, otherShoe] = photos;
    expect(tshirt.group.sha256).not.toBe(tshirtCopy.group.sha256);
    expect(hammingDistance(tshirt.hash, tshirtCopy.hash)).toBeGreaterThan(0);
    expect(hammingDistance(tshirt.hash, tshirtCopy.hash)).toBeLessThanOrEqual(MAX_HASH_DISTANCE);
    expect(hammingDistance(shoe.hash, otherShoe.hash)).toBeLessThanOrEqual(MAX_HASH_DISTANCE);
    expect(shoe.group.rows[0].articleType).toBe(otherShoe.group.rows[0].articleType);
    expect(shoe.group.rows[0].baseColour).toBe(otherShoe.group.rows[0].baseColour);

    const hashes = new Map(photos.map(({ group, hash }) => [group.sha256, hash]));
    const grouping = groupNearDuplicates(photos.map(({ group }) => group), hashes);

    expect(idsOf(grouping.groups)).toEqual([[2384], [4214, 4718], [45598]]);
    expect(grouping.groups[1].sha256).toBe(tshirt.group.sha256);
  });
});
