import fs from 'node:fs';
import path from 'node:path';
import type { CatalogProduct } from '../../src/catalog/manifest';

/** Debian's Chromium; Playwright's own browser downloads are not reachable here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Port of the test server; E2E_PORT overrides it so two checkouts can run their tests at once. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4174);

export const DATASET_DIR = path.resolve(process.env.LOOKALIKE_DATASET ?? '../shared/datasets/myntra-small');

/** Where the test catalog and its production build go; inside the ignored .cache folder. */
export const E2E_DIR = path.resolve('.cache/e2e');
export const E2E_CATALOG_DIR = path.join(E2E_DIR, 'dist', 'catalog');

/** Sample size flag of the test catalog: with the one-per-article-type floor it gives about 560 groups, enough for the look PCA (more than twice 192) and the label heads. */
export const E2E_SAMPLE_SIZE = 500;

/** A product of the test catalog. */
export type TestProduct = CatalogProduct;

export function readTestProducts(): TestProduct[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(E2E_CATALOG_DIR, 'manifest.json'), 'utf8'));
  return JSON.parse(fs.readFileSync(path.join(E2E_CATALOG_DIR, manifest.products.path), 'utf8'));
}

export function catalogPhoto(id: number): string {
  return path.join(DATASET_DIR, 'images', `${id}.jpg`);
}
