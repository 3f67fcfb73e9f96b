import { chromium } from '@playwright/test';
import { CHROMIUM_PATH } from '../../tests/e2e/e2e-settings';
import { CHROMIUM_ARGS, median, openSetup, type QuerySetup } from './query-bench';

/** Rounds over the query photos; with the default 3 photos, 24 queries on each page. */
export const THREAD_ROUNDS = 8;

export interface ThreadComparison {
  /** Status details of each page, such as "wasm, SIMD, 2 threads". */
  threadedDetails: string;
  singleDetails: string;
  /** Median embed round trip of each page, in ms. */
  threadedEmbedMs: number;
  singleEmbedMs: number;
  /** Fastest embed round trip of each page, in ms: the one least slowed by other processes. */
  threadedBestMs: number;
  singleBestMs: number;
  /** Queries timed on each page. */
  samples: number;
}

/**
 * Times wasm look queries on 2 threads against one thread (the
 * single-threaded build), in two pages of one browser that take turns query by query. On a machine
 * shared with other work, both then run under the same load, which separate
 * runs a minute apart do not.
 */
export async function compareWasmThreads(pageUrl: string, photos: string[], rounds: number): Promise<ThreadComparison> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const setups: QuerySetup[] = [{ backend: 'wasm', threads: 2 }, { backend: 'wasm', threads: 1 }];
    const pages = [];
    for (const setup of setups) {
      const page = await (await browser.newContext()).newPage();
      const { details } = await openSetup(page, pageUrl, setup);
      pages.push({ page, details, embedMs: [] as number[] });
    }

    let searches = 0;
    for (let round = 0; round < rounds; round++) {
      for (const photo of photos) {
        searches++;
        for (const { page, embedMs } of pages) {
          await page.getByTestId('file-input').setInputFiles(photo);
          const timings = page.locator(`[data-testid=timings][data-search="${searches}"][data-embed]`);
          await timings.waitFor({ state: 'attached', timeout: 5 * 60 * 1000 });
          embedMs.push(Number(await timings.getAttribute('data-embed')));
        }
      }
    }

    const [threaded, single] = pages;
    return {
      threadedDetails: threaded.details,
      singleDetails: single.details,
      threadedEmbedMs: median(threaded.embedMs),
      singleEmbedMs: median(single.embedMs),
      threadedBestMs: Math.min(...threaded.embedMs),
      singleBestMs: Math.min(...single.embedMs),
      samples: searches,
    };
  } finally {
    await browser.close();
  }
}

function describeSpeedup(speedup: number): string {
  return speedup >= 1 ? `${speedup.toFixed(2)}× faster` : `${(1 / speedup).toFixed(2)}× slower`;
}

/** Formats a thread comparison as a table row of label and value. */
export function formatThreadRow(comparison: ThreadComparison): [string, string] {
  const { threadedDetails, singleDetails, threadedEmbedMs, singleEmbedMs, threadedBestMs, singleBestMs, samples } = comparison;
  return [
    `embed on ${threadedDetails} vs ${singleDetails}, taking turns, median / best of ${samples}`,
    `${threadedEmbedMs.toFixed(0)} vs ${singleEmbedMs.toFixed(0)} ms (threads ${describeSpeedup(singleEmbedMs / threadedEmbedMs)}) / ` +
      `${threadedBestMs.toFixed(0)} vs ${singleBestMs.toFixed(0)} ms (${describeSpeedup(singleBestMs / threadedBestMs)})`,
  ];
}
