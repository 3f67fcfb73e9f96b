import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStyles, type StylesTable } from './read-styles';

/** The real Myntra catalog, beside the repository and read-only. */
const STYLES_FILE = fileURLToPath(new URL('../../../shared/datasets/myntra-small/styles.csv', import.meta.url));

const HEADER = 'id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName';

describe('readStyles on the Myntra styles.csv', () => {
  let table: StylesTable;

  beforeAll(() => {
    if (!fs.existsSync(STYLES_FILE)) throw new Error(`${STYLES_FILE} not found: these tests need the Myntra dataset.`);
    table = readStyles(fs.readFileSync(STYLES_FILE, 'utf8'));
  });

  const rowOf = (id: number) => {
    const row = table.rows.find(({ productId }) => productId === id);
    if (!row) throw new Error(`id ${id} not found`);
    return row;
  };

  it('reads all 43,446 rows', () => {
    expect(table.rows.length).toBe(43_446);
    expect(table.skipped).toEqual([]);
  });

  it('repairs the 22 rows with unquoted commas', () => {
    expect(table.repaired).toBe(22);
  });

  it('joins the split name of id 44065', () => {
    const row = rowOf(44065);
    expect(row.productDisplayName).toBe('Boss Men Perfume, After Shave Balm and Shower Gel Set');
    expect(row.usage).toBe('Casual');
    expect(row.year).toBe('2017');
  });

  it('keeps the escaped quote in id 7491', () => {
    // The file has "Nike Women's EM Tempo 3.5"" Pink Short", a doubled quote inside a quoted field.
    expect(rowOf(7491).productDisplayName).toBe('Nike Women\'s EM Tempo 3.5" Pink Short');
  });

  it('turns NA into an empty string', () => {
    // The row reads: 56489,Women,Personal Care,Nails,Nail Polish,Bronze,Spring,2017,NA,Streetwear Ash Nail Polish # 31
    const row = rowOf(56489);
    expect(row.usage).toBe('');
    expect(row.productDisplayName).toBe('Streetwear Ash Nail Polish # 31');
  });

  it('keeps an empty season empty', () => {
    // The row reads: 5402,Women,Footwear,Shoes,Sports Shoes,Purple,,2011,Sports,Kalenji Ekiden 200 Wn Purple 2011
    const row = rowOf(5402);
    expect(row.season).toBe('');
    expect(row.year).toBe('2011');
    expect(row.usage).toBe('Sports');
  });

  it('counts 361 missing fields in 347 rows', () => {
    // The file has 338 NA fields and 23 empty ones, spread over 347 rows.
    expect(table.missingFields).toBe(361);
    const rowsWithGaps = table.rows.filter((row) => Object.values(row).some((value) => value === ''));
    expect(rowsWithGaps.length).toBe(347);
  });

  it('reads the first row in full', () => {
    expect(table.rows[0]).toEqual({
      productId: 15970,
      id: '15970',
      gender: 'Men',
      masterCategory: 'Apparel',
      subCategory: 'Topwear',
      articleType: 'Shirts',
      baseColour: 'Navy Blue',
      season: 'Fall',
      year: '2011',
      usage: 'Casual',
      productDisplayName: 'Turtle Check Men Navy Blue Shirt',
    });
  });

  it('gives every row a unique positive id', () => {
    const ids = new Set(table.rows.map(({ productId }) => productId));
    expect(ids.size).toBe(table.rows.length);
    expect(table.rows.every(({ productId, id }) => productId > 0 && String(productId) === id)).toBe(true);
  });
});

describe('readStyles on small CSVs', () => {
  it('rejects a header without id', () => {
    expect(() => readStyles('name,usage\nShirt,Casual\n')).toThrow('The CSV header has no "id" column (found: name, usage).');
  });

  it('rejects an empty file', () => {
    expect(() => readStyles('')).toThrow('The CSV is empty');
    expect(() => readStyles('\n\n')).toThrow('The CSV is empty');
    expect(() => readStyles('\uFEFF')).toThrow('The CSV is empty');
  });

  it('returns no rows for a header alone', () => {
    expect(readStyles(`${HEADER}\n`)).toEqual({ rows: [], skipped: [], repaired: 0, missingFields: 0 });
  });

  it('skips a row with too few fields', () => {
    const table = readStyles(`${HEADER}\n1,Men,Apparel,Topwear,Shirts,Blue,Fall,2011,Casual,Shirt\n2,Men,Apparel\n`);
    expect(table.rows.map(({ productId }) => productId)).toEqual([1]);
    expect(table.skipped).toEqual([{ line: 3, reason: 'has 3 fields, the header 10' }]);
  });

  it('skips a non-numeric id', () => {
    const table = readStyles('id,usage\nabc,Casual\n2,Casual\n');
    expect(table.rows.map(({ productId }) => productId)).toEqual([2]);
    expect(table.skipped).toEqual([{ line: 2, reason: 'invalid id "abc"' }]);
  });

  it('skips ids that are not positive integers', () => {
    const table = readStyles('id,usage\n0,a\n-1,a\n1.5,a\n1e3,a\n,a\n');
    expect(table.rows).toEqual([]);
    expect(table.skipped.map(({ line }) => line)).toEqual([2, 3, 4, 5, 6]);
    expect(table.skipped.map(({ reason }) => reason)).toEqual([
      'invalid id "0"', 'invalid id "-1"', 'invalid id "1.5"', 'invalid id "1e3"', 'invalid id ""',
    ]);
  });

  it('skips a repeated id and keeps the first', () => {
    const table = readStyles('id,usage\n5,First\n6,Other\n5,Second\n');
    expect(table.rows.map(({ productId, usage }) => [productId, usage])).toEqual([[5, 'First'], [6, 'Other']]);
    expect(table.skipped).toEqual([{ line: 4, reason: 'repeats id 5' }]);
  });

  it('counts lines across blank lines and quoted line breaks', () => {
    const table = readStyles('id,productDisplayName\n1,"two\nlines"\nx,y\n\n2\n');
    expect(table.rows[0].productDisplayName).toBe('two\nlines');
    expect(table.skipped).toEqual([
      { line: 4, reason: 'invalid id "x"' },
      { line: 6, reason: 'has 1 fields, the header 2' },
    ]);
  });

  it('joins extra fields into the last column', () => {
    const table = readStyles('id,usage,productDisplayName\n1,Casual,Red, Blue and Green Set\n');
    expect(table.repaired).toBe(1);
    expect(table.rows[0].usage).toBe('Casual');
    expect(table.rows[0].productDisplayName).toBe('Red, Blue and Green Set');
  });

  it('accepts a byte order mark, CRLF and padded fields', () => {
    const table = readStyles('\uFEFFid,usage\r\n 1 , Casual \r\n2,N/A\r\n3,null\r\n');
    expect(table.rows.map(({ productId, usage }) => [productId, usage])).toEqual([[1, 'Casual'], [2, ''], [3, '']]);
    expect(table.skipped).toEqual([]);
  });

  it('finds columns by header name in any order', () => {
    const table = readStyles('articleType,id,usage\nShirts,9,Casual\n');
    expect(table.rows[0]).toMatchObject({ productId: 9, articleType: 'Shirts', usage: 'Casual', season: '' });
  });
});
