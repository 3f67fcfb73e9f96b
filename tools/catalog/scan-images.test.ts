import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStyles, type StyleRow } from './read-styles';
import { scanImages } from './scan-images';

/** The real Myntra catalog, beside the repository and read-only. */
const DATASET_DIR = fileURLToPath(new URL('../../../shared/datasets/myntra-small/', import.meta.url));
const IMAGES_DIR = path.join(DATASET_DIR, 'images');

function styleRow(productId: number): StyleRow {
  return {
    productId,
    id: String(productId),
    gender: 'Women',
    masterCategory: 'Apparel',
    subCategory: 'Topwear',
    articleType: 'Tops',
    baseColour: 'Red',
    season: 'Summer',
    year: '2012',
    usage: 'Casual',
    productDisplayName: `Product ${productId}`,
  };
}

const sha256Of = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const idsOf = (rows: StyleRow[]): number[] => rows.map(({ productId }) => productId);

describe('scanImages in a temporary folder', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lookalike-scan-'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /**
   * Writes real catalog photos: 15970.jpg under ids 30 and 10 (byte-identical),
   * 39386.jpg as 20, 59263.jpg as 40, a 0-byte 50.jpg and an unlisted 99.jpg.
   * Id 60 has a row but no file.
   */
  function writeCatalog(): StyleRow[] {
    fs.copyFileSync(path.join(IMAGES_DIR, '15970.jpg'), path.join(folder, '30.jpg'));
    fs.copyFileSync(path.join(IMAGES_DIR, '15970.jpg'), path.join(folder, '10.jpg'));
    fs.copyFileSync(path.join(IMAGES_DIR, '39386.jpg'), path.join(folder, '20.jpg'));
    fs.copyFileSync(path.join(IMAGES_DIR, '59263.jpg'), path.join(folder, '40.jpg'));
    fs.writeFileSync(path.join(folder, '50.jpg'), '');
    fs.copyFileSync(path.join(IMAGES_DIR, '59263.jpg'), path.join(folder, '99.jpg'));
    return [30, 20, 10, 40, 50, 60].map(styleRow);
  }

  it('groups byte-identical photos under the lowest id', async () => {
    const scan = await scanImages(folder, writeCatalog());

    expect(scan.groups.map((group) => idsOf(group.rows))).toEqual([[10, 30], [20], [40]]);
    expect(scan.groups[0].file).toBe(path.join(folder, '10.jpg'));
    expect(scan.groups[0].sha256).toBe(sha256Of(path.join(IMAGES_DIR, '15970.jpg')));
    expect(scan.groups[1].file).toBe(path.join(folder, '20.jpg'));
    expect(scan.groups[1].sha256).toBe(sha256Of(path.join(IMAGES_DIR, '39386.jpg')));
    expect(scan.groups[2].sha256).toBe(sha256Of(path.join(IMAGES_DIR, '59263.jpg')));
  });

  it('reports the empty file and the missing one', async () => {
    const scan = await scanImages(folder, writeCatalog());

    expect(idsOf(scan.empty)).toEqual([50]);
    expect(idsOf(scan.missing)).toEqual([60]);
    expect(scan.unreadable).toEqual([]);
    expect(scan.orphans).toBe(1);
  });

  it('reports a file it cannot read', async () => {
    const rows = writeCatalog();
    fs.mkdirSync(path.join(folder, '70.jpg'));
    const scan = await scanImages(folder, [...rows, styleRow(70)]);

    expect(scan.unreadable.map(({ row }) => row.productId)).toEqual([70]);
    expect(scan.unreadable[0].error).toMatch(/EISDIR/);
    expect(scan.groups.length).toBe(3);
  });

  it('ignores files that are not <id>.<image extension>', async () => {
    const rows = writeCatalog();
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not a photo');
    fs.copyFileSync(path.join(IMAGES_DIR, '39386.jpg'), path.join(folder, 'cover.jpg'));
    fs.copyFileSync(path.join(IMAGES_DIR, '39386.jpg'), path.join(folder, '80.gif'));
    fs.copyFileSync(path.join(IMAGES_DIR, '39386.jpg'), path.join(folder, '90.JPEG'));

    const scan = await scanImages(folder, [...rows, styleRow(80), styleRow(90)]);
    expect(idsOf(scan.missing)).toEqual([60, 80]);
    expect(scan.groups.map((group) => idsOf(group.rows))).toEqual([[10, 30], [20, 90], [40]]);
    expect(scan.orphans).toBe(1);
  });

  it('rejects a folder that does not exist', async () => {
    const absent = path.join(folder, 'no-such-folder');
    await expect(scanImages(absent, [styleRow(1)])).rejects.toThrow(`Image folder ${absent} not found`);
  });
});

describe('scanImages on the Myntra images', () => {
  it('finds the 651 duplicate groups and 374 missing photos', async () => {
    const { rows } = readStyles(fs.readFileSync(path.join(DATASET_DIR, 'styles.csv'), 'utf8'));
    const scan = await scanImages(IMAGES_DIR, rows);

    // 43,072 files with 778 redundant copies in 651 groups leave 42,294 distinct photos.
    const duplicateGroups = scan.groups.filter((group) => group.rows.length > 1);
    expect(scan.groups.length).toBe(42_294);
    expect(duplicateGroups.length).toBe(651);
    expect(duplicateGroups.reduce((sum, group) => sum + group.rows.length - 1, 0)).toBe(778);
    expect(scan.missing.length).toBe(374);
    expect(scan.empty).toEqual([]);
    expect(scan.unreadable).toEqual([]);
    expect(scan.orphans).toBe(0);

    const pair = scan.groups.find((group) => group.rows[0].productId === 1165);
    expect(pair).toBeDefined();
    expect(idsOf(pair!.rows)).toEqual([1165, 5062]);
    const bytes1165 = fs.readFileSync(path.join(IMAGES_DIR, '1165.jpg'));
    expect(bytes1165.equals(fs.readFileSync(path.join(IMAGES_DIR, '5062.jpg')))).toBe(true);
  });
});
