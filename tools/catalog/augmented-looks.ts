import { computeFeatures, type PoolOptions } from './embed-pool';
import type { VectorCache } from './feature-cache';
import { Progress } from './progress';

/**
 * Maximum catalog photos whose augmented copies the look space's whitening
 * is fitted on. On the default catalog, 1,930 copies took shoppers' photos
 * found in the top 10 by the square-rooted 192-d look vector from 83 % to
 * 94 % (a trial on the evaluation's set). Each copy costs about one
 * embedding in the build.
 */
export const MAX_AUGMENTED_PHOTOS = 2000;

/** Returns up to `max` photos spread evenly over the list, so every part of a sorted catalog is sampled. */
export function chooseAugmentedPhotos<T>(photos: T[], max = MAX_AUGMENTED_PHOTOS): T[] {
  if (photos.length <= max) return photos;
  return Array.from({ length: max }, (_, n) => photos[Math.floor(((n + 0.5) * photos.length) / max)]);
}

/** Seed of a photo's augmented copy, from its SHA-256, so a rebuild makes the same copy. */
export function augmentSeedOf(sha256: string): number {
  return Number.parseInt(sha256.slice(0, 8), 16);
}

/**
 * Embeds an augmented copy of each photo missing from `cache` with the
 * feature threads and appends the vectors to it. Photos whose copy fails are
 * reported and left out: the whitening is fitted on the others. Returns
 * how many copies it embedded.
 */
export async function ensureAugmentedLooks(photos: { sha256: string; file: string }[], cache: VectorCache, pool: Omit<PoolOptions, 'onBatch'>): Promise<number> {
  const missing = photos.filter((photo) => !cache.has(photo.sha256));
  if (missing.length === 0) return 0;

  console.log(`Embedding augmented copies of ${missing.length} photos for the look space's whitening…`);
  const progress = new Progress('Augmented copies', missing.length);
  let failed = 0;
  await computeFeatures(missing.map((photo) => ({ ...photo, augmentSeed: augmentSeedOf(photo.sha256) })), {
    ...pool,
    onBatch: (results) => {
      cache.append(results.flatMap((result) => (result.error === undefined ? [{ sha256: result.sha256, vector: result.look }] : [])));
      failed += results.filter((result) => result.error !== undefined).length;
      progress.advance(results.length);
    },
  });

  progress.finish();
  if (failed > 0) console.warn(`${failed} augmented copies failed and were left out of the whitening fit.`);
  return missing.length - failed;
}
