import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_PATH } from '../../tests/e2e/e2e-settings';

/** Page URL parameters of one benchmarked setup: `threads` is the wasm thread count (1 is the single-threaded build). */
export interface QuerySetup {
  backend: 'webgl' | 'wasm';
  threads?: number;
}

export interface QueryFigures {
  backend: string;
  /** The backend as the page's technical details name it, such as "wasm, SIMD, 2 threads". */
  details: string;
  /** First visit: download, model load and warm-up, in ms. */
  modelReadyMs: number;
  decodeMs: number;
  hsvMs: number;
  embedMs: number;
  rankMs: number;
  /** Second visit, offline: from picking a photo to the first (colour) results, and to the look results. */
  offlineFirstResultMs: number;
  offlineLookResultMs: number;
  crossOriginIsolated: boolean;
}

export const CHROMIUM_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'];

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Opens the page with the setup's URL parameters, waits for the look model and returns the backend and its technical details. */
export async function openSetup(page: Page, pageUrl: string, setup: QuerySetup): Promise<{ backend: string; details: string }> {
  const query = new URLSearchParams({ backend: setup.backend });
  if (setup.threads) query.set('threads', String(setup.threads));
  await page.goto(`${pageUrl}?${query}`);

  const status = page.getByTestId('model-status');
  await status.and(page.locator('[data-backend]')).waitFor({ timeout: 5 * 60 * 1000 });
  const backend = (await status.getAttribute('data-backend')) ?? '?';
  const details = /^\s*Look model: (.*?)\s*$/.exec((await page.getByTestId('backend-details').textContent()) ?? '')?.[1] ?? backend;
  return { backend, details };
}

/**
 * Opens the page in headless Chromium with the given tfjs backend setup,
 * searches with each photo and returns the median time of each query step.
 */
export async function benchQueries(pageUrl: string, setup: QuerySetup, photos: string[]): Promise<QueryFigures> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const started = Date.now();
    const { backend: actualBackend, details } = await openSetup(page, pageUrl, setup);
    const modelReadyMs = Date.now() - started;
    const status = page.getByTestId('model-status');

    const samples: Record<'decode' | 'hsv' | 'embed' | 'rank', number[]> = { decode: [], hsv: [], embed: [], rank: [] };
    for (const [n, photo] of photos.entries()) {
      await page.getByTestId('file-input').setInputFiles(photo);
      const timings = page.locator(`[data-testid=timings][data-search="${n + 1}"][data-embed]`);
      await timings.waitFor({ state: 'attached', timeout: 5 * 60 * 1000 });
      for (const step of Object.keys(samples) as (keyof typeof samples)[]) {
        samples[step].push(Number(await timings.getAttribute(`data-${step}`)));
      }
    }

    await context.setOffline(true);
    await page.reload();
    await status.and(page.locator('[data-backend]')).waitFor({ timeout: 5 * 60 * 1000 });
    const picked = Date.now();
    await page.getByTestId('file-input').setInputFiles(photos[0]);
    await page.getByTestId('result').first().waitFor();
    const offlineFirstResultMs = Date.now() - picked;
    await page.locator('[data-testid=timings][data-search="1"][data-embed]').waitFor({ state: 'attached', timeout: 5 * 60 * 1000 });
    const offlineLookResultMs = Date.now() - picked;

    return {
      backend: actualBackend,
      details,
      offlineFirstResultMs,
      offlineLookResultMs,
      crossOriginIsolated: await page.evaluate(() => crossOriginIsolated),
      modelReadyMs,
      decodeMs: median(samples.decode),
      hsvMs: median(samples.hsv),
      embedMs: median(samples.embed),
      rankMs: median(samples.rank),
    };
  } finally {
    await browser.close();
  }
}

/** The setups every query benchmark times: WebGL, and wasm with the page's default thread count. */
export const QUERY_SETUPS: QuerySetup[] = [{ backend: 'webgl' }, { backend: 'wasm' }];

/** Formats the figures of each setup as table rows of label and value. */
export function formatQueryRows(queries: QueryFigures[], productCount: number): [string, string][] {
  const rows: [string, string][] = [];
  for (const q of queries) {
    rows.push([`query on ${q.details}: first model load`, `${(q.modelReadyMs / 1000).toFixed(1)} s`]);
    rows.push([`query on ${q.details}: decode / HSV / embed / rank ${productCount} (median)`,
      `${q.decodeMs.toFixed(0)} / ${q.hsvMs.toFixed(0)} / ${q.embedMs.toFixed(0)} / ${q.rankMs.toFixed(1)} ms`]);
    rows.push([`query on ${q.details}: second visit offline, first / look results`,
      `${(q.offlineFirstResultMs / 1000).toFixed(2)} / ${(q.offlineLookResultMs / 1000).toFixed(2)} s${q.crossOriginIsolated ? ' (cross-origin isolated)' : ''}`]);
  }
  return rows;
}
