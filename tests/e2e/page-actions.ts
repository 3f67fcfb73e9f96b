import { expect, type Page } from '@playwright/test';

/** A photo to pick: a file path, or a file made in the test. */
export type PhotoFile = string | { name: string; mimeType: string; buffer: Buffer };

/** Returns the product ids of the result cards, in the order shown. */
export function resultIds(page: Page): Promise<number[]> {
  return page.getByTestId('result').evaluateAll((cards) => cards.map((card) => Number((card as HTMLElement).dataset.productId)));
}

/** Returns how many searches the page has run, from the Technical details (0 before the first). */
export async function searchCount(page: Page): Promise<number> {
  if ((await page.getByTestId('timings').count()) === 0) return 0;
  return Number(await page.getByTestId('timings').getAttribute('data-search'));
}

/** Picks a photo and waits until its look results are shown. */
export async function searchWith(page: Page, file: PhotoFile): Promise<void> {
  const before = await searchCount(page);
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.locator(`[data-testid=timings][data-search="${before + 1}"]`)).toHaveAttribute('data-embed', /\d/);
}
