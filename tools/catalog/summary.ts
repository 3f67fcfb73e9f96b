import type { CatalogManifest } from '../../src/catalog/manifest';
import { formatNearDuplicateLine, type NearDuplicateStats } from './near-duplicates';
import type { StylesTable } from './read-styles';
import type { ImageScan } from './scan-images';

export interface BuildReport {
  styles: StylesTable;
  scan: ImageScan;
  nearDuplicates: NearDuplicateStats;
  corrupt: { ids: number[]; error: string }[];
  sampled: number;
  computed: number;
  /** Feature extraction rate of this run, images per second; 0 when all features were cached. */
  rate: number;
  /** Augmented copies the look space's whitening was fitted on, how many of them this run embedded, and in how many seconds. */
  augmented: { used: number; computed: number; seconds: number };
}

const EXAMPLES = 5;

/** Returns "1 product" or "N products". */
function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

function examples(ids: number[]): string {
  const shown = ids.slice(0, EXAMPLES).join(', ');
  return ids.length > EXAMPLES ? `${shown}, …` : shown;
}

/** Prints what was kept and what was skipped and why, with a few example ids per reason. */
export function printSummary(report: BuildReport, manifest: CatalogManifest, outDir: string, seconds: number): void {
  const { styles, scan, corrupt } = report;
  const duplicates = scan.groups.reduce((sum, group) => sum + group.rows.length - 1, 0);
  const duplicateGroups = scan.groups.filter((group) => group.rows.length > 1).length;
  const lines = [
    '',
    `Catalog "${manifest.name}" version ${manifest.version} written to ${outDir}`,
    `  kept: ${count(manifest.counts.groups, 'product group')} (${count(manifest.counts.products, 'product')}) of ${report.sampled} selected`,
    `  features: ${report.computed} computed${report.rate ? ` at ${report.rate.toFixed(1)} images/s` : ''}, the rest from the cache`,
    `  look whitening: ${count(report.augmented.used, 'augmented copy', 'augmented copies')} of catalog photos to fit it on, ${report.augmented.computed} embedded in this run`,
    `  CSV: ${count(styles.rows.length + styles.skipped.length, 'row')}, ${styles.rows.length} used, ${styles.repaired} repaired (unquoted commas in the name), ${count(styles.missingFields, 'empty or NA field')} left blank`,
  ];

  if (styles.skipped.length > 0) {
    lines.push(`  skipped ${count(styles.skipped.length, 'CSV row')}: ${styles.skipped.slice(0, EXAMPLES).map((row) => `line ${row.line} ${row.reason}`).join('; ')}`);
  }
  if (scan.missing.length > 0) {
    lines.push(`  skipped ${count(scan.missing.length, 'product')} without an image file (ids ${examples(scan.missing.map((row) => row.productId))})`);
  }
  if (scan.empty.length > 0) {
    lines.push(`  skipped ${count(scan.empty.length, 'product')} with an empty image file (ids ${examples(scan.empty.map((row) => row.productId))})`);
  }
  if (scan.unreadable.length > 0) {
    lines.push(`  skipped ${count(scan.unreadable.length, 'product')} whose image could not be read (first: ${scan.unreadable[0].row.productId}: ${scan.unreadable[0].error})`);
  }
  if (corrupt.length > 0) {
    lines.push(`  skipped ${count(corrupt.length, 'photo')} that failed to decode as an image (first: id ${corrupt[0].ids[0]}, ${corrupt[0].error})`);
  }
  if (scan.orphans > 0) {
    lines.push(`  ignored ${count(scan.orphans, 'image file')} that match no CSV row`);
  }
  lines.push(`  duplicates: ${duplicates} products share a byte-identical photo with another (${duplicateGroups} groups in the whole source)`);
  lines.push(`  ${formatNearDuplicateLine(report.nearDuplicates)}`);
  lines.push(`  done in ${seconds.toFixed(0)} s`);

  console.log(lines.join('\n'));
}
