import type { MatchedItem } from './rank-views';

/*
 * Minimum colour and look similarities of the top result for the query to
 * count as a copy of that product's photo when its bytes differ from the
 * catalog file (re-encoded, resized, a thumbnail). Calibrated in headless
 * Chromium (wasm backend) on the 560-product test catalog, ranking 40
 * copies of 20 catalog photos (their WebP thumbnails, and JPEG quality 40
 * at twice the size) and 40 dataset photos outside the catalog:
 * - copies: colour 0.973 to 1.0, look 0.935 to 0.997;
 * - the nearest other product, for outside photos and as the second result
 *   of copies: colour up to 0.991 (look 0.911 there), look up to 0.955
 *   (colour 0.928 there). The other product nearest to passing both had
 *   colour 0.952 and look 0.935.
 * These thresholds flag 27 of the 40 copies and none of the 80 others.
 * They favour precision, because a wrong "Exact match" label misleads more
 * than a missing one.
 * NOTE: a larger catalog has closer neighbours, and the label heads raise
 * the similarity of products sharing an article type or base colour, so
 * the margin was not checked on the full catalog.
 */
export const EXACT_MATCH_MIN_COLOUR = 0.98;
export const EXACT_MATCH_MIN_LOOK = 0.97;

/** Tells whether a ranked item is similar enough in both colour and look to be the query's own product. */
export function isNearCopy(item: MatchedItem | undefined): boolean {
  return item !== undefined && item.look !== undefined
    && item.colour >= EXACT_MATCH_MIN_COLOUR && item.look >= EXACT_MATCH_MIN_LOOK;
}
