/**
 * The UN list parser is bounded: a file over UN_XML_LIMITS.maxBytes is refused before it is read, and a huge
 * attribute, text node or CDATA section, or too-deep nesting, is refused by name before the parser builds a
 * tree — quickly, and without the memory blow-up (a 200 MiB attribute once took ~40x its size).
 */
import { closeSync, openSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSanctumError } from '../../main/core/errors';
import { readListFile } from '../../main/core/screening';
import { UN_XML_LIMITS, parseUnConsolidatedList } from '../../main/core/screening/un-xml';
import { tempDir } from '../helpers/tmp';

const wrap = (inner: string) =>
  `<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2020-03-20"><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>ZZi.900</REFERENCE_NUMBER><FIRST_NAME>Test</FIRST_NAME>${inner}</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>`;

/** Run fn, expect a named HOSTILE_INPUT refusal; report the time and the RSS growth it cost. */
function refused(fn: () => unknown, message: RegExp): { ms: number; rssGrowthMiB: number } {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  const ms = performance.now() - t0;
  const rssGrowthMiB = (process.memoryUsage().rss - rss0) / 1024 / 1024;
  expect(err, 'expected a refusal').not.toBeNull();
  expect(isSanctumError(err), String(err)).toBe(true);
  expect((err as { code: string }).code).toBe('HOSTILE_INPUT');
  expect((err as Error).message).toMatch(message);
  return { ms, rssGrowthMiB };
}

const bytes = (s: string) => Buffer.from(s, 'utf8');
const big = UN_XML_LIMITS.maxBytes / 2; // 32 MiB: under the file cap, far over the value cap

describe('UN XML bounds', () => {
  it('documents its limits', () => {
    expect(UN_XML_LIMITS).toEqual({ maxBytes: 64 * 1024 * 1024, maxValueChars: 64 * 1024, maxDepth: 32 });
  });

  it('a huge attribute is refused by name, quickly, without building a tree', () => {
    const xml = bytes(wrap('').replace('dateGenerated="2020-03-20"', `dateGenerated="${'A'.repeat(big)}"`));
    const r = refused(() => parseUnConsolidatedList(xml, 'attr.xml'), /attribute value of 33,554,432 characters is longer than the 65,536-character limit.*maxValueChars/);
    // Decoding the text costs about twice its size; a parsed tree cost forty times.
    expect(r.rssGrowthMiB).toBeLessThan(400);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('a huge text node is refused by name', () => {
    const xml = bytes(wrap(`<COMMENTS1>${'x '.repeat(big / 2)}</COMMENTS1>`));
    const r = refused(() => parseUnConsolidatedList(xml, 'text.xml'), /a text value of [\d,]+ characters is longer than the 65,536-character limit/);
    expect(r.rssGrowthMiB).toBeLessThan(400);
  });

  it('a huge CDATA section is refused by name', () => {
    const xml = bytes(wrap(`<COMMENTS1><![CDATA[${'y'.repeat(200_000)}]]></COMMENTS1>`));
    refused(() => parseUnConsolidatedList(xml, 'cdata.xml'), /CDATA section of 200,000 characters/);
  });

  it('too-deep nesting is refused by name', () => {
    const depth = 100_000;
    const xml = bytes(wrap(`${'<A>'.repeat(depth)}${'</A>'.repeat(depth)}`));
    const r = refused(() => parseUnConsolidatedList(xml, 'deep.xml'), /nests elements more than 32 deep \(UN_XML_LIMITS\.maxDepth/);
    expect(r.ms).toBeLessThan(5_000);
  });

  it('a file over the size cap is refused before it is read, naming the limit', async () => {
    const file = join(tempDir(), 'huge.xml');
    writeFileSync(file, wrap(''));
    const fd = openSync(file, 'r+');
    ftruncateSync(fd, UN_XML_LIMITS.maxBytes + 1); // sparse: no memory, no disk
    closeSync(fd);
    const rss0 = process.memoryUsage().rss;
    const err = await readListFile(file, 'un-xml').catch((e: unknown) => e);
    expect(isSanctumError(err, 'HOSTILE_INPUT'), String(err)).toBe(true);
    expect((err as Error).message).toMatch(/larger than the 64 MiB limit .*UN_XML_LIMITS\.maxBytes/);
    expect((process.memoryUsage().rss - rss0) / 1024 / 1024).toBeLessThan(32);
    // The same limit for bytes already in memory (the IPC path).
    refused(() => parseUnConsolidatedList(new Uint8Array(UN_XML_LIMITS.maxBytes + 1), 'mem.xml'), /larger than the 64 MiB limit/);
  });

  it('a list within the limits still parses', () => {
    const ok = parseUnConsolidatedList(bytes(wrap(`<COMMENTS1>${'z'.repeat(60_000)}</COMMENTS1>`)), 'ok.xml');
    expect(ok.entries.length).toBe(1);
    expect(ok.generatedAt).toBe('2020-03-20');
  });
});
