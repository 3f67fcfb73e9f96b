import type { MatchedItem } from './rank-views';

/*
 * Minimum colour and look similarities of the top result for the query to
 * count as a copy of that product's photo when its bytes differ from the
 * catalog file (re-encoded, resized, a thumbnail). Calibrated in headless
 * Chromium (wasm backend) on the 559-product test catalog, ranking 40
 * copies of 20 catalog photos (their WebP thumbnails, and JPEG quality 40
 * at twice the size) and 40 dataset photos outside the catalog:
 * - copies: look 0.921 to 0.994, colour 0.28 to 0.999 (the histogram
 *   shifts with re-encoding, so colour alone cannot tell);
 * - the nearest other product, for outside photos and as the second result
 *   of copies: look at most 0.969 (two different briefs on models, colour
 *   0.935), colour up to 0.997.
 * These thresholds flag 11 of the 40 copies and none of the 80 others. They
 * are set for precision, because a wrong "Exact match" label misleads more
 * than a missing one.
 * NOTE: a larger catalog has closer neighbours, so the margin above 0.969
 * was not checked on the full catalog.
 */
export const EXACT_MATCH_MIN_COLOUR = 0.85;
export const EXACT_MATCH_MIN_LOOK = 0.98;

/** Tells whether a ranked item is similar enough in both colour and look to be the query's own product. */
export function isNearCopy(item: MatchedItem | undefined): boolean {
  return item !== undefined && item.look !== undefined
    && item.colour >= EXACT_MATCH_MIN_COLOUR && item.look >= EXACT_MATCH_MIN_LOOK;
}
