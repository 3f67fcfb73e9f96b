import type { MatchedItem } from './rank-views';

/**
 * Minimum colour and look similarities of the top result for the query to
 * count as a copy of that product's photo (re-encoded, resized or
 * screenshotted) when its bytes differ from the catalog file.
 * TODO: calibrate on real data.
 */
export const EXACT_MATCH_MIN_COLOUR = 0.97;
export const EXACT_MATCH_MIN_LOOK = 0.95;

/** Tells whether a ranked item is similar enough in both colour and look to be the query's own product. */
export function isNearCopy(item: MatchedItem | undefined): boolean {
  return item !== undefined && item.look !== undefined
    && item.colour >= EXACT_MATCH_MIN_COLOUR && item.look >= EXACT_MATCH_MIN_LOOK;
}
