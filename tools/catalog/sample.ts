import { createHash } from 'node:crypto';
import type { ImageGroup } from './scan-images';

/** Orders strings by UTF-16 code units, independent of the locale. */
function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

function sortKey(seed: string, id: number): string {
  return createHash('sha256').update(`${seed}:${id}`).digest('hex');
}

/**
 * Picks about `size` groups, stratified by article type: each type keeps its
 * share of the catalog, and at least one group, so rare types still appear.
 * Within a type the pick follows a seeded hash of the product id, so the same
 * input always gives the same sample. Because of the one-per-type floor the
 * result can exceed `size` by up to the number of types.
 */
export function sampleByArticleType(groups: ImageGroup[], size: number, seed = 'lookalike'): ImageGroup[] {
  if (size >= groups.length) return groups;

  const byType = new Map<string, ImageGroup[]>();
  for (const group of groups) {
    const type = group.rows[0].articleType || '(none)';
    const members = byType.get(type);
    if (members) members.push(group);
    else byType.set(type, [group]);
  }

  const picked: ImageGroup[] = [];
  for (const members of byType.values()) {
    const quota = Math.min(members.length, Math.max(1, Math.round((members.length * size) / groups.length)));
    const ordered = members
      .map((group) => ({ group, key: sortKey(seed, group.rows[0].productId) }))
      .sort((a, b) => compareCodeUnits(a.key, b.key));
    picked.push(...ordered.slice(0, quota).map(({ group }) => group));
  }

  return picked.sort((a, b) => a.rows[0].productId - b.rows[0].productId);
}
