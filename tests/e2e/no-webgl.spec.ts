import { expect, test } from '@playwright/test';
import { CHROMIUM_PATH, catalogPhoto, readTestProducts } from './e2e-settings';

const products = readTestProducts();
const queryProduct = products[11];

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: ['--disable-gpu', '--disable-software-rasterizer', '--disable-background-networking'] } });

test('look search falls back to wasm without WebGL', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-backend', 'wasm', { timeout: 2 * 60 * 1000 });

  await page.getByTestId('file-input').setInputFiles(catalogPhoto(queryProduct.id));
  await expect(page.getByTestId('timings')).toHaveAttribute('data-embed', /\d/, { timeout: 2 * 60 * 1000 });

  const card = page.getByTestId('result').first();
  expect(Number(await card.getAttribute('data-product-id'))).toBe(queryProduct.id);
  // The browser's wasm embedding against the Node-built one.
  expect(Number(await card.getAttribute('data-score'))).toBeGreaterThanOrEqual(0.99);
});
