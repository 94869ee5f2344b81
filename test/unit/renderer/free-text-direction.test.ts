/**
 * Every free-text field in the renderer sets its text direction: names, statements and notes are typed in
 * Arabic, Tigrinya, French … and a right-to-left value in a left-to-right field puts punctuation and numbers on
 * the wrong side. `dir="auto"` lets the browser take the direction from the first strong character; a field
 * that only ever holds left-to-right codes (ISO codes, dates, hashes, recovery keys) may say `dir="ltr"`
 * instead, but it must say something. Checked by reading the source of renderer/**\/*.tsx: each opening tag
 * of <input>, <textarea>, Blueprint's <InputGroup> and <TextArea> that is not a checkbox, radio, file, range,
 * hidden or colour control must carry a `dir` attribute.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = path.resolve(__dirname, '../../../renderer');
const TAGS = /<(input|textarea|InputGroup|TextArea)(?=[\s/>])/g;
const NOT_TEXT = /\btype=(?:"|\{?')(checkbox|radio|file|range|hidden|color)\b/;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsxFiles(p);
    return e.name.endsWith('.tsx') && !e.name.endsWith('.test.tsx') ? [p] : [];
  });
}

/** The opening tag starting at `start` ('<' …), up to its closing '>' outside braces and quotes. */
export function openingTag(src: string, start: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start + 1; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === quote && src[i - 1] !== '\\') quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '>' && depth === 0) return src.slice(start, i + 1);
  }
  throw new Error(`unterminated tag at ${start}`);
}

/** Free-text fields without a `dir` attribute, as "file:line <Tag …>". */
export function fieldsWithoutDirection(file: string, src: string): string[] {
  const out: string[] = [];
  for (const m of src.matchAll(TAGS)) {
    const tag = openingTag(src, m.index);
    if (NOT_TEXT.test(tag)) continue;
    if (/\sdir=/.test(tag)) continue;
    const line = src.slice(0, m.index).split('\n').length;
    out.push(`${path.relative(RENDERER, file)}:${line} ${tag.replace(/\s+/g, ' ').slice(0, 100)}`);
  }
  return out;
}

describe('text direction of free-text fields', () => {
  it('finds the fields it is meant to check (the scanner itself)', () => {
    const src = [
      '<InputGroup id="a" value={v} onChange={(e) => set(e.target.value)} />',
      '<TextArea dir="auto" value={t} />',
      '<input type="checkbox" checked={c} />',
      "<input type={'radio'} />",
      '<textarea\n  value={x > 1 ? a : b}\n/>',
    ].join('\n');
    expect(fieldsWithoutDirection(path.join(RENDERER, 'x.tsx'), src)).toEqual([
      'x.tsx:1 <InputGroup id="a" value={v} onChange={(e) => set(e.target.value)} />',
      'x.tsx:5 <textarea value={x > 1 ? a : b} />',
    ]);
  });

  it('every <input>, <textarea>, <InputGroup> and <TextArea> in renderer/ sets dir', () => {
    const files = tsxFiles(RENDERER);
    expect(files.length).toBeGreaterThan(20);
    const missing = files.flatMap((f) => fieldsWithoutDirection(f, readFileSync(f, 'utf8')));
    expect(missing, `add dir="auto" (or dir="ltr" for codes) to:\n${missing.join('\n')}`).toEqual([]);
  });
});
