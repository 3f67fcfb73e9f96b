import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { StyleRow } from './read-styles';

const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp'];
const READ_CONCURRENCY = 16;

/**
 * Products that share one photo, `rows[0]` representing them. scanImages
 * groups byte-identical photos under their lowest id, and
 * groupNearDuplicates merges such groups into near-duplicate groups.
 */
export interface ImageGroup {
  sha256: string;
  file: string;
  rows: StyleRow[];
  /**
   * The photo of each product, by product id, whose photo is a near-duplicate
   * of `file` rather than byte-identical to it. Set by groupNearDuplicates.
   */
  nearDuplicatePhotos?: Map<number, { sha256: string; file: string }>;
}

export interface ImageScan {
  groups: ImageGroup[];
  missing: StyleRow[];
  empty: StyleRow[];
  unreadable: { row: StyleRow; error: string }[];
  /** Image files whose name matches no product id. */
  orphans: number;
}

function listImages(imagesDir: string): Map<number, string> {
  if (!fs.existsSync(imagesDir)) {
    throw new Error(`Image folder ${imagesDir} not found: expected images/<id>.jpg beside styles.csv.`);
  }

  const byId = new Map<number, string>();
  for (const name of fs.readdirSync(imagesDir)) {
    const extension = path.extname(name).toLowerCase();
    const stem = path.basename(name, path.extname(name));
    if (IMAGE_EXTENSIONS.includes(extension) && /^\d+$/.test(stem) && !byId.has(Number(stem))) {
      byId.set(Number(stem), path.join(imagesDir, name));
    }
  }
  return byId;
}

/**
 * Finds each product's photo, hashes it and groups products whose photos
 * are byte-identical, so one photo becomes one search result.
 */
export async function scanImages(imagesDir: string, rows: StyleRow[]): Promise<ImageScan> {
  const files = listImages(imagesDir);
  const scan: ImageScan = { groups: [], missing: [], empty: [], unreadable: [], orphans: 0 };
  const byHash = new Map<string, ImageGroup>();
  const ids = new Set(rows.map((row) => row.productId));
  scan.orphans = [...files.keys()].filter((id) => !ids.has(id)).length;

  const withFile = rows.filter((row) => {
    if (files.has(row.productId)) return true;
    scan.missing.push(row);
    return false;
  });

  const hashes = new Array<string | undefined>(withFile.length);
  let next = 0;
  const readNext = async (): Promise<void> => {
    while (next < withFile.length) {
      const at = next++;
      const row = withFile[at];
      try {
        const bytes = await fs.promises.readFile(files.get(row.productId)!);
        if (bytes.length === 0) scan.empty.push(row);
        else hashes[at] = createHash('sha256').update(bytes).digest('hex');
      } catch (error) {
        scan.unreadable.push({ row, error: (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, readNext));

  withFile.forEach((row, at) => {
    const sha256 = hashes[at];
    if (!sha256) return;
    const group = byHash.get(sha256);
    if (group) group.rows.push(row);
    else byHash.set(sha256, { sha256, file: files.get(row.productId)!, rows: [row] });
  });

  for (const group of byHash.values()) {
    group.rows.sort((a, b) => a.productId - b.productId);
    group.file = files.get(group.rows[0].productId)!;
  }
  scan.groups = [...byHash.values()].sort((a, b) => a.rows[0].productId - b.rows[0].productId);
  return scan;
}
