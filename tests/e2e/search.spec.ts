import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import sharp from 'sharp';
import { cosineSimilarity as cosine } from '../../src/features/vector';
import { openFeatureCaches } from '../../tools/catalog/feature-cache';
import { catalogPhoto, readTestProducts } from './e2e-settings';
import { resultIds as resultIdsOf } from './page-actions';

interface DiagnosticsWindow {
  lookalikeDiagnostics: { lastQueryVectors(): { colour: number[]; look: number[] } };
}

/** Reads the tool's raw float32 features of a photo from the cache the test catalog was built with. */
function readToolFeatures(photo: string) {
  const features = openFeatureCaches('.cache').get(photo);
  if (!features) throw new Error(`Photo ${photo} is not in .cache: the test catalog was built with another cache.`);
  return features;
}

const CATALOG_FILE_REQUEST = /\/catalog\/(model\/|features\/|products-)/;

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
const products = readTestProducts();
const [queryProduct, otherProduct] = [products[7], products[products.length - 3]];

const resultIds = () => resultIdsOf(page);

async function topScore(): Promise<number> {
  return Number(await page.getByTestId('result').first().getAttribute('data-score'));
}

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  page = await context.newPage();
});

test.afterAll(async () => {
  await context.close();
});

test('catalog photo ranks itself first in look and colour', async () => {
  await page.goto('./');
  await expect(page.getByTestId('status')).toContainText(`e2e-test: ${products.length} products`);

  await page.getByTestId('file-input').setInputFiles(catalogPhoto(queryProduct.id));
  await expect(page.getByTestId('query-image')).toBeVisible();
  await expect(page.getByTestId('timings')).toHaveAttribute('data-embed', /\d/, { timeout: 4 * 60 * 1000 });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-backend', 'webgl');

  expect(await page.getByTestId('result').count()).toBe(24);
  expect((await resultIds())[0]).toBe(queryProduct.id);
  // Against the stored vector, after projection and int8 quantization.
  expect(await topScore()).toBeGreaterThanOrEqual(0.99);

  // Parity: the raw vectors of the browser (canvas decode, WebGL) and of the tool (sharp, onnxruntime).
  const browser = await page.evaluate(() => (window as unknown as DiagnosticsWindow).lookalikeDiagnostics.lastQueryVectors());
  const tool = readToolFeatures(queryProduct.photo);
  const parity = { look: cosine(browser.look, tool.look), colour: cosine(browser.colour, tool.colour) };
  console.log(`Node/browser parity on product ${queryProduct.id}: look cosine ${parity.look.toFixed(6)}, colour cosine ${parity.colour.toFixed(6)}`);
  expect(parity.look).toBeGreaterThanOrEqual(0.99);
  expect(parity.colour).toBeGreaterThanOrEqual(0.999);

  await page.getByTestId('view-colour').click();
  await expect(page.getByTestId('view-colour')).toHaveAttribute('aria-checked', 'true');
  expect((await resultIds())[0]).toBe(queryProduct.id);
  expect(await topScore()).toBeGreaterThanOrEqual(0.99);

  const firstCard = page.getByTestId('result').first();
  await expect(firstCard.locator('img')).toHaveJSProperty('complete', true);
  await expect(firstCard).toContainText(queryProduct.articleType);
  await expect(firstCard.getByTestId('similarity')).toContainText(/Colour (99|100) %/);
});

test('second visit reads model and shards from IndexedDB', async () => {
  const catalogRequests: string[] = [];
  page.on('request', (request) => {
    if (CATALOG_FILE_REQUEST.test(request.url())) catalogRequests.push(request.url());
  });

  await page.reload();
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-backend', /webgl|wasm/, { timeout: 2 * 60 * 1000 });

  expect(catalogRequests).toEqual([]);
});

test('drop and paste both start a search', async () => {
  const dropBytes = [...fs.readFileSync(catalogPhoto(otherProduct.id))];
  await page.getByTestId('drop-zone').evaluate((zone, bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'dropped.jpg', { type: 'image/jpeg' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, dropBytes);
  await page.getByTestId('view-colour').click();
  await expect.poll(async () => (await resultIds())[0]).toBe(otherProduct.id);

  const pasteBytes = [...fs.readFileSync(catalogPhoto(queryProduct.id))];
  await page.evaluate((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'pasted.jpg', { type: 'image/jpeg' }));
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, pasteBytes);
  await expect.poll(async () => (await resultIds())[0]).toBe(queryProduct.id);
});

test('damaged image shows an error and search still works', async () => {
  await page.getByTestId('file-input').setInputFiles({ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a JPEG at all') });
  await expect(page.getByTestId('error')).toContainText('not an image the browser can read');

  await page.getByTestId('file-input').setInputFiles(catalogPhoto(otherProduct.id));
  await expect(page.getByTestId('error')).toBeHidden();
  await page.getByTestId('view-colour').click();
  await expect.poll(async () => (await resultIds())[0]).toBe(otherProduct.id);
});

test('fully transparent image keeps the results', async () => {
  const before = await resultIds();
  const blank = await sharp({ create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
  await page.getByTestId('file-input').setInputFiles({ name: 'blank.png', mimeType: 'image/png', buffer: blank });

  await expect(page.getByTestId('error')).toContainText('fully transparent');
  expect(await resultIds()).toEqual(before);
});

test('tiny image keeps the results', async () => {
  const before = await resultIds();
  const dot = await sharp({ create: { width: 1, height: 1, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 1 } } }).png().toBuffer();
  await page.getByTestId('file-input').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: dot });

  await expect(page.getByTestId('error')).toContainText('only 1×1 pixels, too small to compare');
  await expect(page.getByTestId('error')).toContainText('still those of your previous photo');
  expect(await resultIds()).toEqual(before);
});

test('damaged image picked mid-search keeps that search', async () => {
  const searches = Number(await page.getByTestId('timings').getAttribute('data-search'));
  await page.getByTestId('file-input').setInputFiles(catalogPhoto(queryProduct.id));
  await page.getByTestId('file-input').setInputFiles({ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('still not a JPEG') });

  await expect(page.getByTestId('error')).toContainText('not an image the browser can read');
  await page.getByTestId('view-look').click();
  await expect(page.locator(`[data-testid=timings][data-search="${searches + 1}"]`)).toHaveAttribute('data-embed', /\d/, { timeout: 2 * 60 * 1000 });
  expect((await resultIds())[0]).toBe(queryProduct.id);
});

test('offline visit works from the service worker and IndexedDB', async () => {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByTestId('status')).toContainText('(offline copy)');

    await page.getByTestId('file-input').setInputFiles(catalogPhoto(queryProduct.id));
    await page.getByTestId('view-colour').click();
    await expect.poll(async () => (await resultIds())[0]).toBe(queryProduct.id);
  } finally {
    await context.setOffline(false);
  }
});
