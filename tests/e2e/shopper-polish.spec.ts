import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { readStyles } from '../../tools/catalog/read-styles';
import { DATASET_DIR, catalogPhoto, readTestProducts, type TestProduct } from './e2e-settings';
import { resultIds, searchCount, searchWith } from './page-actions';

const PHONE = { width: 390, height: 844 };

const products = readTestProducts();

/** Counts each article type among the products of one gender, from the products JSON. */
function articleTypeCounts(gender: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const product of products) {
    if (product.gender === gender && product.articleType) counts.set(product.articleType, (counts.get(product.articleType) ?? 0) + 1);
  }
  return counts;
}

function photoHash(id: number): string {
  return createHash('sha256').update(fs.readFileSync(catalogPhoto(id))).digest('hex');
}

test('phone shows first results without scrolling', async ({ browser }) => {
  const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  try {
    const page = await phone.newPage();
    await page.goto('./?backend=wasm');
    // The exact match comes first, and its "+N variants" badge makes its card one of the tallest.
    const query = products.find((product) => product.gender === 'Men' && product.variants.length > 0)!;
    await searchWith(page, catalogPhoto(query.id));

    const first = await page.getByTestId('result').first().boundingBox();
    expect(first, 'first result card').not.toBeNull();
    expect(await page.evaluate(() => window.scrollY), 'page scroll').toBe(0);
    expect(first!.x).toBeGreaterThanOrEqual(0);
    expect(first!.y).toBeGreaterThanOrEqual(0);
    expect(first!.x + first!.width, 'card right edge').toBeLessThanOrEqual(PHONE.width);
    expect(first!.y + first!.height, 'card bottom edge').toBeLessThanOrEqual(PHONE.height);

    // The filters fold into a disclosure that names how many are active.
    const disclosure = page.getByTestId('filter-disclosure');
    await expect(page.getByTestId('filter-gender')).toBeHidden();
    await disclosure.locator('summary').click();
    await expect(disclosure.locator('summary')).toHaveText('Filters');
    await page.getByTestId('filter-gender').selectOption('Women');
    await expect(disclosure.locator('summary')).toHaveText('Filters (1 active)');

    const shownCounts = await page.getByTestId('filter-articleType').locator('option[data-count]')
      .evaluateAll((nodes) => nodes.map((node) => [(node as HTMLOptionElement).value, Number((node as HTMLOptionElement).dataset.count)] as const));
    expect(new Map(shownCounts), 'article type counts for women').toEqual(articleTypeCounts('Women'));

    const women = new Set(products.filter((product) => product.gender === 'Women').map((product) => product.id));
    await expect.poll(async () => (await resultIds(page)).every((id) => women.has(id)), 'results are all women\'s').toBe(true);
    await expect(page.getByTestId('result')).toHaveCount(Math.min(24, women.size));
  } finally {
    await phone.close();
  }
});

test.describe('desktop page', () => {
  let context: BrowserContext;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto('./?backend=wasm');
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-backend', 'wasm');
  });

  test.afterAll(async () => {
    await context.close();
  });

  test('status hides timings and backend', async () => {
    await searchWith(page, catalogPhoto(products[30].id));

    const shownText = await page.locator('body').innerText();
    expect(shownText).not.toMatch(/\d ms\b/);
    expect(shownText).not.toMatch(/wasm|webgl|SIMD/);
    await expect(page.getByTestId('status')).toContainText('Look model ready');
    await expect(page.getByTestId('result-summary')).toHaveText('24 results for your photo');

    // Developers open the technical details to see them.
    await page.getByTestId('technical-details').locator('summary').click();
    await expect(page.getByTestId('backend-details')).toBeVisible();
    await expect(page.getByTestId('backend-details')).toHaveText(/^Look model: wasm, SIMD, \d+ threads?$/);
    await expect(page.getByTestId('timings')).toBeVisible();
    await expect(page.getByTestId('timings')).toHaveText(/^Last search: decode \d+ ms · colour \d+ ms · look \d+ ms · rank \d+ ms$/);
    await page.getByTestId('technical-details').locator('summary').click();
    await expect(page.getByTestId('timings')).toBeHidden();
  });

  test('variants show their names and thumbnails', async () => {
    const names = new Map(readStyles(fs.readFileSync(path.join(DATASET_DIR, 'styles.csv'), 'utf8')).rows.map((row) => [row.productId, row.productDisplayName]));
    const grouped = products.filter((product) => product.variants.length > 0);
    // A near-duplicate variant has a photo of its own, and a byte-identical one shares the group's.
    const nearDuplicate = grouped.find((product) => product.variants.some((variant) => photoHash(variant.id) !== product.photo));
    const several = grouped.find((product) => product.variants.length > 1 && product !== nearDuplicate);
    expect(nearDuplicate, 'a group with a near-duplicate variant in the test catalog').toBeDefined();
    expect(several, 'a group with several variants in the test catalog').toBeDefined();

    for (const product of [nearDuplicate!, several!] as TestProduct[]) {
      await searchWith(page, catalogPhoto(product.id));
      const card = page.locator(`[data-testid=result][data-product-id="${product.id}"]`);
      await expect(card.getByTestId('variant-list')).toBeHidden();
      await card.getByTestId('variants').click();
      await expect(card.getByTestId('variants')).toHaveAttribute('aria-expanded', 'true');

      const items = card.getByTestId('variant');
      await expect(items).toHaveCount(product.variants.length);
      for (const [n, variant] of product.variants.entries()) {
        const item = items.nth(n);
        await expect(item).toHaveAttribute('data-product-id', String(variant.id));
        await expect(item).toHaveText(names.get(variant.id)!);
        const thumbnail = item.locator('img');
        await expect(thumbnail).toBeVisible();
        await expect(thumbnail).toHaveAttribute('src', new RegExp(`/catalog/thumbs/${photoHash(variant.id).slice(0, 20)}\\.webp$`));
        await expect(thumbnail).toHaveJSProperty('complete', true);
        expect(await thumbnail.evaluate((image) => (image as HTMLImageElement).naturalWidth), `thumbnail width of ${variant.id}`).toBeGreaterThan(0);
      }
    }
  });

  test('crop box follows arrow keys', async () => {
    const shoe = products.find((product) => product.articleType === 'Casual Shoes')!;
    const shirt = products.find((product) => product.articleType === 'Shirts')!;
    const [left, right] = await Promise.all([shoe, shirt].map((product) => sharp(catalogPhoto(product.id)).resize(60, 80, { fit: 'fill' }).toBuffer()));
    const composed = await sharp({ create: { width: 120, height: 80, channels: 3, background: 'white' } })
      .composite([{ input: left, left: 0, top: 0 }, { input: right, left: 60, top: 0 }])
      .jpeg({ quality: 95 })
      .toBuffer();
    await searchWith(page, { name: 'shoe-and-shirt.jpg', mimeType: 'image/jpeg', buffer: composed });
    await page.getByTestId('view-colour').click();

    const frame = page.getByTestId('crop-frame');
    const box = page.getByTestId('crop-box');
    await expect(frame).toHaveAccessibleName('Crop box on your photo');
    await expect(frame).toHaveAccessibleDescription(/arrow keys move the box, Shift\+arrow keys resize it, Enter searches it/);
    await expect(box).toHaveCount(0);

    // The first key starts from a box over the middle 60 % of the photo, moved by 5 %.
    await frame.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('crop-box-description')).toHaveText('Box from 15 to 75 % across and 20 to 80 % down. Press Enter to search it.');

    // To the left half: 3 more steps left, 4 up, then 2 narrower and 8 taller.
    const before = await searchCount(page);
    for (const key of [...Array(3).fill('ArrowLeft'), ...Array(4).fill('ArrowUp'), ...Array(2).fill('Shift+ArrowLeft'), ...Array(8).fill('Shift+ArrowDown')]) {
      await page.keyboard.press(key);
    }
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('crop-box-description')).toHaveText('Box from 0 to 50 % across and 0 to 100 % down.');
    await expect.poll(() => searchCount(page), 'searches after Enter').toBeGreaterThan(before);
    await expect(box).toHaveAttribute('style', /left: 0%; top: 0%; width: 50%; height: 100%/);
    await expect(page.getByTestId('result-summary')).toHaveText('24 results for the boxed part of your photo');
    await expect.poll(async () => (await resultIds(page))[0], 'top result of the left half').toBe(shoe.id);

    // Without Enter, the box is searched a moment after the last key.
    const afterEnter = await searchCount(page);
    for (let n = 0; n < 10; n++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => searchCount(page), 'searches after the keys stop').toBeGreaterThan(afterEnter);
    await expect(box).toHaveAttribute('style', /left: 50%; top: 0%; width: 50%; height: 100%/);
    await expect.poll(async () => (await resultIds(page))[0], 'top result of the right half').toBe(shirt.id);

    // Escape drops an adjustment that was not searched yet.
    const afterMove = await searchCount(page);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('crop-box-description')).toHaveText('Box from 50 to 100 % across and 0 to 100 % down.');
    await page.waitForTimeout(2000);
    expect(await searchCount(page), 'searches after Escape').toBe(afterMove);
  });
});
