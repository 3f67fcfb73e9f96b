import { chromium } from '@playwright/test';
import { CHROMIUM_PATH } from '../../tests/e2e/e2e-settings';

export interface QueryFigures {
  backend: string;
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Opens the page in headless Chromium with the given tfjs backend, searches
 * with each photo and returns the median time of each query step.
 */
export async function benchQueries(pageUrl: string, backend: 'webgl' | 'wasm', photos: string[]): Promise<QueryFigures> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'],
  });

  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${pageUrl}?backend=${backend}`);
    const status = page.getByTestId('model-status');
    await status.and(page.locator('[data-backend]')).waitFor({ timeout: 5 * 60 * 1000 });
    const modelReadyMs = Date.now() - started;
    const actualBackend = (await status.getAttribute('data-backend')) ?? '?';

    const samples: Record<'decode' | 'hsv' | 'embed' | 'rank', number[]> = { decode: [], hsv: [], embed: [], rank: [] };
    for (const [n, photo] of photos.entries()) {
      await page.getByTestId('file-input').setInputFiles(photo);
      const timings = page.locator(`[data-testid=timings][data-search="${n + 1}"][data-embed]`);
      await timings.waitFor({ timeout: 5 * 60 * 1000 });
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
    await page.locator('[data-testid=timings][data-search="1"][data-embed]').waitFor({ timeout: 5 * 60 * 1000 });
    const offlineLookResultMs = Date.now() - picked;

    return {
      backend: actualBackend,
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
