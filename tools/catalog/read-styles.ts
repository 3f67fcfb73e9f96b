import { parse } from 'csv-parse/sync';

/** The Myntra `styles.csv` columns. Only `id` is required, and the rest may be missing or empty. */
export const STYLE_COLUMNS = [
  'id', 'gender', 'masterCategory', 'subCategory', 'articleType',
  'baseColour', 'season', 'year', 'usage', 'productDisplayName',
] as const;

export type StyleColumn = (typeof STYLE_COLUMNS)[number];

export type StyleRow = Record<StyleColumn, string> & { productId: number };

export interface SkippedRow {
  /** 1-based line number in the file, the header being line 1. */
  line: number;
  reason: string;
}

export interface StylesTable {
  rows: StyleRow[];
  skipped: SkippedRow[];
  /** Rows whose extra unquoted commas were joined back into the last column. */
  repaired: number;
  /** Fields present in the file but empty or `NA`, now empty strings. Absent columns are not counted. */
  missingFields: number;
}

const MISSING_VALUES = new Set(['', 'NA', 'N/A', 'null']);

/**
 * Parses a product table in the Myntra `styles.csv` layout. Defects of the
 * real data are handled row by row and never stop the parse. A row with more
 * fields than the header had unquoted commas in its last column (the product
 * name), so the extra fields are joined back into it. `NA` and empty fields
 * become empty strings. Rows with a bad or repeated id or too few fields are
 * skipped with a reason.
 */
export function readStyles(text: string): StylesTable {
  const records = parse(text, {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];

  if (records.length === 0) throw new Error('The CSV is empty: expected a header line starting with "id".');

  const header = records[0].record.map((name) => name.trim());
  const idColumn = header.indexOf('id');
  if (idColumn < 0) {
    throw new Error(`The CSV header has no "id" column (found: ${header.join(', ')}).`);
  }

  const table: StylesTable = { rows: [], skipped: [], repaired: 0, missingFields: 0 };
  const seen = new Set<number>();

  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    let fields = record;


    if (fields.length < header.length) {
      table.skipped.push({ line, reason: `has ${fields.length} fields, the header ${header.length}` });
      continue;
    }
    if (fields.length > header.length) {
      const last = header.length - 1;
      fields = [...fields.slice(0, last), fields.slice(last).join(',')];
      table.repaired++;
    }

    fields = fields.map((field) => field.trim());
    const id = Number(fields[idColumn]);
    if (!Number.isSafeInteger(id) || id <= 0 || !/^\d+$/.test(fields[idColumn])) {
      table.skipped.push({ line, reason: `invalid id "${fields[idColumn]}"` });
      continue;
    }
    if (seen.has(id)) {
      table.skipped.push({ line, reason: `repeats id ${id}` });
      continue;
    }
    seen.add(id);

    const row = { productId: id } as StyleRow;
    for (const column of STYLE_COLUMNS) {
      const at = header.indexOf(column);
      if (at < 0) {
        row[column] = '';
        continue;
      }
      const value = fields[at];
      if (MISSING_VALUES.has(value)) table.missingFields++;
      row[column] = MISSING_VALUES.has(value) ? '' : value;
    }
    table.rows.push(row);
  }

  return table;
}
