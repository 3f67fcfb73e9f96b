import fs from 'node:fs';
import path from 'node:path';
import type { CatalogProduct } from '../../src/catalog/manifest';
import { readStyles, STYLE_COLUMNS, type StyleRow } from '../catalog/read-styles';

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Makes an outside query set in `dir`, once. It contains `count` evenly spaced
 * products of the source folder that are in the catalog neither as a
 * product nor as a variant, with their photos and their `styles.csv` rows.
 * Returns `dir`.
 */
export function ensureOutsideSet(dir: string, sourceDir: string, catalogProducts: CatalogProduct[], count: number): string {
  if (fs.existsSync(path.join(dir, 'styles.csv'))) return dir;

  const inCatalog = new Set(catalogProducts.flatMap((product) => [product.id, ...product.variants.map((variant) => variant.id)]));
  const styles = readStyles(fs.readFileSync(path.join(sourceDir, 'styles.csv'), 'utf8'));
  const candidates = styles.rows.filter((row) => !inCatalog.has(row.productId) && fs.existsSync(path.join(sourceDir, 'images', `${row.productId}.jpg`)));
  const chosen: StyleRow[] = [];
  for (let n = 0; n < Math.min(count, candidates.length); n++) chosen.push(candidates[Math.floor((n * candidates.length) / Math.min(count, candidates.length))]);

  console.log(`Making an outside query set of ${chosen.length} products not in the catalog in ${dir}…`);
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
  for (const row of chosen) fs.copyFileSync(path.join(sourceDir, 'images', `${row.productId}.jpg`), path.join(dir, 'images', `${row.productId}.jpg`));
  const lines = [STYLE_COLUMNS.join(','), ...chosen.map((row) => STYLE_COLUMNS.map((column) => csvField(row[column])).join(','))];
  fs.writeFileSync(path.join(dir, 'styles.csv'), `${lines.join('\n')}\n`);
  return dir;
}
