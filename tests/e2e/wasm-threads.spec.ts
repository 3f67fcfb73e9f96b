import { expect, test, type Page } from '@playwright/test';
import { cosineSimilarity as cosine } from '../../src/features/vector';
import { catalogPhoto, readTestProducts } from './e2e-settings';

interface DiagnosticsWindow {
  lookalikeDiagnostics: { lastQueryVectors(): { colour: number[]; look: number[] } };
}

const products = readTestProducts();
const queryProduct = products[19];

/** Searches with the query product's photo and returns the page's raw look vector, after checking the top result. */
async function searchLook(page: Page): Promise<number[]> {
  await page.getByTestId('file-input').setInputFiles(catalogPhoto(queryProduct.id));
  await expect(page.getByTestId('timings')).toHaveAttribute('data-embed', /\d/, { timeout: 2 * 60 * 1000 });
  await expect(page.getByTestId('result')).toHaveCount(24);

  const top = page.getByTestId('result').first();
  expect(Number(await top.getAttribute('data-product-id'))).toBe(queryProduct.id);
  expect(Number(await top.getAttribute('data-score'))).toBeGreaterThanOrEqual(0.99);
  return (await page.evaluate(() => (window as unknown as DiagnosticsWindow).lookalikeDiagnostics.lastQueryVectors())).look;
}

test('isolated page runs wasm on threads', async ({ page, browser }) => {
  await page.goto('./?backend=wasm&threads=2');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const status = page.getByTestId('model-status');
  await expect(status).toHaveAttribute('data-backend', 'wasm', { timeout: 2 * 60 * 1000 });
  await expect(page.getByTestId('backend-details')).toHaveText('Look model: wasm, SIMD, 2 threads');
  const threaded = await searchLook(page);

  const singleContext = await browser.newContext();
  try {
    const single = await singleContext.newPage();
    await single.goto('./?backend=wasm&threads=1');
    await expect(single.getByTestId('backend-details')).toHaveText('Look model: wasm, SIMD, 1 thread', { timeout: 2 * 60 * 1000 });
    const singleThreaded = await searchLook(single);

    const similarity = cosine(threaded, singleThreaded);
    console.log(`Threaded/single-threaded wasm look cosine on product ${queryProduct.id}: ${similarity.toFixed(7)}`);
    expect(similarity).toBeGreaterThanOrEqual(0.999);
  } finally {
    await singleContext.close();
  }
});

test('default threads follow core count', async ({ page }) => {
  await page.goto('./?backend=wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // tfjs's default: half the logical cores, at most 8, and the single-threaded build below 2.
  const expected = Math.min(8, Math.floor((await page.evaluate(() => navigator.hardwareConcurrency)) / 2));
  const description = expected >= 2 ? `${expected} threads` : '1 thread';
  await expect(page.getByTestId('backend-details')).toHaveText(`Look model: wasm, SIMD, ${description}`, { timeout: 2 * 60 * 1000 });
  await searchLook(page);
});

test('page without isolation runs one wasm thread', async ({ browser }) => {
  // Serves the page as a static host that cannot set the COOP and COEP headers would.
  // The service worker is blocked, so it cannot serve a cached copy that has them.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });

    await page.goto('./?backend=wasm');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect(page.getByTestId('backend-details')).toHaveText('Look model: wasm, SIMD, 1 thread', { timeout: 2 * 60 * 1000 });
    await searchLook(page);
  } finally {
    await context.close();
  }
});
