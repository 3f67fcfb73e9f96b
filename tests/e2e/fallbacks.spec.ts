import { expect, test } from '@playwright/test';
import { catalogPhoto, readTestProducts } from './e2e-settings';

interface LookalikeWindow {
  lookalikeDiagnostics: { loseWebglContext(): Promise<boolean>; numTensors(): Promise<number> };
}

const products = readTestProducts();
const queryProduct = products[11];

async function firstResult(page: import('@playwright/test').Page) {
  const card = page.getByTestId('result').first();
  return { id: Number(await card.getAttribute('data-product-id')), score: Number(await card.getAttribute('data-score')) };
}

test('full storage quota leaves search working', async ({ page }) => {
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = function rejectForQuota() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });

  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(catalogPhoto(queryProduct.id));
  await page.getByTestId('view-colour').click();

  await expect.poll(async () => (await firstResult(page)).id).toBe(queryProduct.id);
  await expect(page.getByTestId('error')).toBeHidden();
  expect(warnings.some((text) => text.includes('will be downloaded again next visit'))).toBe(true);
});

test('lost GPU context moves look search to wasm', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-backend', 'webgl', { timeout: 2 * 60 * 1000 });

  const lost = await page.evaluate(() => (window as unknown as LookalikeWindow).lookalikeDiagnostics.loseWebglContext());
  expect(lost).toBe(true);
  await page.getByTestId('file-input').setInputFiles(catalogPhoto(queryProduct.id));
  await expect(page.getByTestId('timings')).toHaveAttribute('data-embed', /\d/, { timeout: 2 * 60 * 1000 });

  await expect(page.getByTestId('model-status')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('notice')).toContainText('GPU stopped responding');
  const top = await firstResult(page);
  expect(top.id).toBe(queryProduct.id);
  expect(top.score).toBeGreaterThanOrEqual(0.99);
});

test('look queries leak no worker tensors', async ({ page }) => {
  const numTensors = () => page.evaluate(() => (window as unknown as LookalikeWindow).lookalikeDiagnostics.numTensors());
  await page.goto('./');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-backend', 'webgl', { timeout: 2 * 60 * 1000 });
  const baseline = await numTensors();

  for (const [n, product] of [products[3], products[5]].entries()) {
    await page.getByTestId('file-input').setInputFiles(catalogPhoto(product.id));
    await expect(page.locator(`[data-testid=timings][data-search="${n + 1}"]`)).toHaveAttribute('data-embed', /\d/, { timeout: 2 * 60 * 1000 });
  }

  expect(baseline).toBeGreaterThan(0);
  // The WebGL backend frees some tensors a moment after a read settles, so the count is polled.
  await expect.poll(numTensors, { timeout: 10_000 }).toBe(baseline);
});
