import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { E2E_CATALOG_DIR, catalogPhoto, readTestProducts, type TestProduct } from './e2e-settings';
import { resultIds as resultIdsOf, type PhotoFile } from './page-actions';

interface DiagnosticsWindow {
  lookalikeDiagnostics: { embedCalls(): number };
}

const FACET_FIELDS = ['gender', 'masterCategory', 'subCategory', 'articleType', 'baseColour'] as const;
type Filters = Partial<Record<(typeof FACET_FIELDS)[number], string>>;

const products = readTestProducts();

function productById(id: number): TestProduct {
  const product = products.find((candidate) => candidate.id === id);
  if (!product) throw new Error(`Product ${id} is not in the test catalog; pick another one for this test.`);
  return product;
}

function matches(product: TestProduct, filters: Filters): boolean {
  return FACET_FIELDS.every((field) => filters[field] === undefined || product[field] === filters[field]);
}

/** Counts each value of a field under the other fields' filters, from the products JSON. */
function expectedCounts(field: (typeof FACET_FIELDS)[number], filters: Filters): Map<string, number> {
  const others = { ...filters, [field]: undefined };
  const counts = new Map<string, number>();
  for (const product of products) {
    if (product[field] && matches(product, others)) counts.set(product[field], (counts.get(product[field]) ?? 0) + 1);
  }
  return counts;
}

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let searches = 0;

function embedCalls(): Promise<number> {
  return page.evaluate(() => (window as unknown as DiagnosticsWindow).lookalikeDiagnostics.embedCalls());
}

const resultIds = () => resultIdsOf(page);

/** Picks a photo and waits until its look results are shown. */
async function searchWith(file: PhotoFile): Promise<void> {
  searches++;
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.locator(`[data-testid=timings][data-search="${searches}"]`)).toHaveAttribute('data-embed', /\d/);
}

async function shownCounts(field: string): Promise<Map<string, number>> {
  const options = await page.getByTestId(`filter-${field}`).locator('option[data-count]')
    .evaluateAll((nodes) => nodes.map((node) => [(node as HTMLOptionElement).value, Number((node as HTMLOptionElement).dataset.count)] as const));
  return new Map(options);
}

async function dragBox(target: Locator, from: readonly [number, number], to: readonly [number, number]): Promise<void> {
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + from[0] * box.width, box.y + from[1] * box.height);
  await page.mouse.down();
  await page.mouse.move(box.x + to[0] * box.width, box.y + to[1] * box.height, { steps: 5 });
  await page.mouse.up();
}

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  page = await context.newPage();
  await page.goto('./?backend=wasm');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-backend', 'wasm');
});

test.afterAll(async () => {
  await context.close();
});

test('filters rank only matching products', async () => {
  // A men's shirt photo: its exact match must not survive a Women + Heels filter.
  const query = products.find((product) => product.gender === 'Men' && product.articleType === 'Shirts')!;
  await searchWith(catalogPhoto(query.id));
  const callsBefore = await embedCalls();

  for (const filters of [{}, { gender: 'Women' }, { gender: 'Women', articleType: 'Heels' }] as Filters[]) {
    if (filters.gender) await page.getByTestId('filter-gender').selectOption(filters.gender);
    if (filters.articleType) await page.getByTestId('filter-articleType').selectOption(filters.articleType);
    for (const field of FACET_FIELDS) {
      const expected = [...expectedCounts(field, filters)].filter(([value, count]) => count > 0 || filters[field] === value);
      expect(await shownCounts(field), `${field} counts under ${JSON.stringify(filters)}`).toEqual(new Map(expected));
    }
  }

  for (const filters of [{ gender: 'Women', articleType: 'Heels' }, { gender: 'Men', articleType: 'Tshirts' }]) {
    // Values without matches under the other filters are not offered, so start from no filters.
    await page.getByTestId('clear-filters').click();
    await page.getByTestId('filter-gender').selectOption(filters.gender);
    await page.getByTestId('filter-articleType').selectOption(filters.articleType);
    const matching = products.filter((product) => matches(product, filters));
    await expect(page.getByTestId('result')).toHaveCount(Math.min(24, matching.length));

    const matchingIds = new Set(matching.map(({ id }) => id));
    const ids = await resultIds();
    expect(ids.every((id) => matchingIds.has(id)), `results ${ids} all ${JSON.stringify(filters)}`).toBe(true);
    const scores = await page.getByTestId('result').evaluateAll((cards) => cards.map((card) => Number((card as HTMLElement).dataset.score)));
    scores.slice(1).forEach((score, n) => expect(score, `score at rank ${n + 2}`).toBeLessThanOrEqual(scores[n]));
  }
  expect(await resultIds()).not.toContain(query.id);
  await expect(page.getByTestId('exact-match')).toHaveCount(0);

  await page.getByTestId('clear-filters').click();
  await expect(page.getByTestId('result')).toHaveCount(24);
  expect((await resultIds())[0]).toBe(query.id);
  expect(await embedCalls(), 'embedding calls after filter changes').toBe(callsBefore);
});

test('blend slider ends follow look and colour', async () => {
  await searchWith(catalogPhoto(products[40].id));
  const callsBefore = await embedCalls();
  const slider = page.getByTestId('colour-weight');

  await page.getByTestId('view-look').click();
  const lookOrder = await resultIds();
  await page.getByTestId('view-colour').click();
  const colourOrder = await resultIds();
  expect(lookOrder).not.toEqual(colourOrder);

  await page.getByTestId('view-blend').click();
  const defaultBlendOrder = await resultIds();
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('colour-weight-value')).toHaveText('0 %');
  await expect.poll(resultIds).not.toEqual(defaultBlendOrder);
  // At 0 % colour the blend ranks by look alone, but gives the article-type part less weight than the Look view does.
  const blendLookOrder = await resultIds();
  expect(blendLookOrder[0]).toBe(lookOrder[0]);
  expect(blendLookOrder.filter((id) => lookOrder.includes(id)).length).toBeGreaterThanOrEqual(20);
  expect(blendLookOrder.filter((id) => colourOrder.includes(id)).length).toBeLessThan(20);

  await page.keyboard.press('End');
  await expect(page.getByTestId('colour-weight-value')).toHaveText('100 %');
  await expect.poll(resultIds).toEqual(colourOrder);
  expect(await embedCalls(), 'embedding calls after slider moves').toBe(callsBefore);
});

test('more like this uses stored features', async () => {
  // Checked on the test catalog's stored vectors: the nearest other product of this
  // pair of sunglasses, by the default blend, is a pair of sunglasses too (cosine 0.950).
  const product = productById(28360);
  await searchWith(catalogPhoto(product.id));
  const callsBefore = await embedCalls();
  expect(callsBefore).toBeGreaterThan(0);

  searches++;
  await page.locator(`[data-testid=result][data-product-id="${product.id}"]`).getByTestId('more-like-this').click();
  await expect(page.getByTestId('query-product')).toHaveAttribute('data-product-id', String(product.id));
  await expect(page.getByTestId('query-product')).toContainText(product.name);
  await expect(page.getByTestId('query-product')).toBeFocused();
  await expect.poll(async () => (await resultIds()).length).toBe(24);

  expect(await resultIds()).not.toContain(product.id);
  expect(await embedCalls()).toBe(callsBefore);
  const first = productById((await resultIds())[0]);
  expect(first.articleType).toBe(product.articleType);
  // The card's accessible name: rank, name and similarities.
  await expect(page.getByRole('listitem', { name: `1. ${first.name}, colour`, exact: false })).toBeVisible();
});

test('duplicates show one card with a variant badge', async () => {
  const grouped = products.filter((product) => product.variants.length > 0);
  const single = grouped.find((product) => product.variants.length === 1)!;
  const several = grouped.find((product) => product.variants.length > 1)!;

  for (const product of [single, several]) {
    await searchWith(catalogPhoto(product.id));
    const card = page.getByTestId('result').first();
    await expect(card).toHaveAttribute('data-product-id', String(product.id));
    const label = product.variants.length === 1 ? '+1 variant' : `+${product.variants.length} variants`;
    await expect(card.getByTestId('variants')).toHaveText(label);

    const ids = await resultIds();
    for (const variant of product.variants) expect(ids).not.toContain(variant.id);
    await card.getByTestId('variants').click();
    const shownIds = await card.getByTestId('variant').evaluateAll((items) => items.map((item) => Number((item as HTMLElement).dataset.productId)));
    expect(shownIds).toEqual(product.variants.map((variant) => variant.id));
  }
});

test('exact match labels the dropped catalog photo', async () => {
  const product = products[123];
  const bytes = [...fs.readFileSync(catalogPhoto(product.id))];
  searches++;
  await page.getByTestId('drop-zone').evaluate((zone, photo) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(photo)], 'dropped.jpg', { type: 'image/jpeg' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, bytes);
  await expect(page.locator(`[data-testid=timings][data-search="${searches}"]`)).toHaveAttribute('data-embed', /\d/);

  for (const view of ['blend', 'look', 'colour']) {
    await page.getByTestId(`view-${view}`).click();
    const first = page.getByTestId('result').first();
    await expect(first, `${view} view`).toHaveAttribute('data-product-id', String(product.id));
    await expect(first.getByTestId('exact-match')).toHaveText('Exact match');
    await expect(page.getByTestId('exact-match')).toHaveCount(1);
  }

  // Why it matched: both similarities as percentages and the query's dominant colours, named.
  const first = page.getByTestId('result').first();
  await expect(first.getByTestId('similarity')).toHaveText(/Colour (99|100) %\s*Look (99|100) %/);
  const swatches = first.getByTestId('swatches').first();
  await expect(swatches).toHaveAttribute('data-colours', /^#[0-9a-f]{6}( #[0-9a-f]{6}){0,2}$/);
  await expect(swatches).toHaveAccessibleName(/^Your query's colours: [a-z ]+(, [a-z ]+){0,2}$/);
  const productSwatches = first.getByTestId('swatches').nth(1);
  await expect(productSwatches).toHaveAttribute('data-colours', product.colours.join(' '));
  await expect(productSwatches).toHaveAccessibleName(/^This product's colours: [a-z ]+(, [a-z ]+){0,2}$/);

  // A thumbnail is a re-encoded copy with other bytes, so only the similarity thresholds find it.
  // Calibration measured colour 1.0 and look 0.995 for this clutch's thumbnail.
  const clutch = productById(36974);
  await searchWith({ name: 'thumbnail.webp', mimeType: 'image/webp', buffer: fs.readFileSync(path.join(E2E_CATALOG_DIR, clutch.thumbnail)) });
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-product-id', String(clutch.id));
  await expect(page.getByTestId('exact-match')).toHaveCount(1);

  const generated = await sharp({ create: { width: 120, height: 160, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .composite([{ input: Buffer.from('<svg width="120" height="160"><circle cx="60" cy="80" r="40" fill="#f5d000"/></svg>') }])
    .png()
    .toBuffer();
  await searchWith({ name: 'generated.png', mimeType: 'image/png', buffer: generated });
  await expect(page.getByTestId('result')).toHaveCount(24);
  await expect(page.getByTestId('exact-match')).toHaveCount(0);
});

test('crop searches each half of a composed photo', async () => {
  const shoe = products.find((product) => product.articleType === 'Casual Shoes')!;
  const shirt = products.find((product) => product.articleType === 'Shirts')!;
  const [left, right] = await Promise.all([shoe, shirt].map((product) => sharp(catalogPhoto(product.id)).resize(60, 80, { fit: 'fill' }).toBuffer()));
  const composed = await sharp({ create: { width: 120, height: 80, channels: 3, background: 'white' } })
    .composite([{ input: left, left: 0, top: 0 }, { input: right, left: 60, top: 0 }])
    .jpeg({ quality: 95 })
    .toBuffer();
  await searchWith({ name: 'shoe-and-shirt.jpg', mimeType: 'image/jpeg', buffer: composed });
  await page.getByTestId('view-colour').click();
  const frame = page.getByTestId('crop-frame');

  for (const [product, from, to] of [[shoe, [0.01, 0.01], [0.49, 0.99]], [shirt, [0.51, 0.01], [0.99, 0.99]]] as const) {
    searches++;
    await dragBox(frame, from, to);
    await expect(page.getByTestId('crop-box')).toBeVisible();
    await expect(page.locator(`[data-testid=timings][data-search="${searches}"]`)).toHaveAttribute('data-hsv', /\d/);
    await expect.poll(async () => (await resultIds())[0], `${product.articleType} half`).toBe(product.id);
  }

  // A box under 16 pixels is ignored with a message, and the last search stays.
  await dragBox(frame, [0.5, 0.5], [0.52, 0.52]);
  await expect(page.getByTestId('note')).toContainText('too small');
  expect((await resultIds())[0]).toBe(shirt.id);

  searches++;
  await page.getByTestId('reset-crop').click();
  await expect(page.getByTestId('crop-box')).toHaveCount(0);
  await expect(page.locator(`[data-testid=timings][data-search="${searches}"]`)).toHaveAttribute('data-hsv', /\d/);
});

test('keyboard reaches every labelled control', async () => {
  await searchWith(catalogPhoto(products[60].id));
  await page.getByTestId('view-blend').click();
  await page.getByTestId('filter-gender').selectOption('Women');
  await expect(page.getByTestId('announcement')).toContainText(/\d+ products by colour and look\./);

  const controls = page.locator('button:visible:enabled, select:visible, input:visible');
  const count = await controls.count();
  for (let n = 0; n < count; n++) await expect(controls.nth(n)).toHaveAccessibleName(/\S/);

  // Tab from the top of the page until focus leaves the page's last control.
  await page.locator('h1').evaluate((heading) => {
    heading.tabIndex = -1;
    heading.focus();
  });
  for (let n = 0; n < count + 5; n++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      if (element === document.body) return undefined;
      element.dataset.tabbed = 'yes';
      return { html: element.outerHTML.slice(0, 80), outline: getComputedStyle(element).outlineStyle };
    });
    if (!focused) break;
    expect(focused.outline, `focus outline of ${focused.html}`).not.toBe('none');
  }
  const tabbed = await page.locator('button:visible:enabled, select:visible, input:visible').evaluateAll((nodes) =>
    // An unchecked radio is reached with the arrow keys, not Tab (ARIA's radio group pattern).
    nodes.filter((node) => !(node as HTMLElement).dataset.tabbed && node.getAttribute('aria-checked') !== 'false').map((node) => node.outerHTML.slice(0, 80)));
  expect(tabbed, 'controls never reached by Tab').toEqual([]);

  await page.getByTestId('view-blend').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('view-look')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('view-look')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('view-blend')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('clear-filters').click();
});

test('camera input only on touch devices', async ({ browser }) => {
  await expect(page.getByTestId('camera-input')).toHaveCount(0);

  const phone = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  try {
    const phonePage = await phone.newPage();
    await phonePage.goto('./?backend=wasm');
    await expect(phonePage.getByTestId('take-photo')).toBeVisible();
    await expect(phonePage.getByTestId('camera-input')).toHaveAttribute('capture', 'environment');
    await expect(phonePage.getByTestId('camera-input')).toHaveAttribute('accept', 'image/*');
  } finally {
    await phone.close();
  }
});
