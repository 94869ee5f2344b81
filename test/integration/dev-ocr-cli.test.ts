/**
 * `sanctum dev ocr`: the bundled CLI finds the shipped engine and data (packages stay external in the bundle),
 * prints text and confidence, and writes nothing where it runs.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonOf, REPO, sanctum } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const PHOTO = path.join(REPO, 'test/fixtures/documents/ocr-photo-en-ar.jpg');
const SCAN = path.join(REPO, 'test/fixtures/documents/ocr-scan.pdf');

describe('sanctum dev ocr', () => {
  it('reads the scanned PDF fixture (French, English) and writes nothing in its working directory', { timeout: 240_000 }, async () => {
    const cwd = tempDir('sanctum-dev-ocr-');
    const r = await sanctum(['dev', 'ocr', SCAN, '--lang', 'eng,fra', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const out = jsonOf<{ type: string; pages: { page: number; confidence: number; words: number; text: string }[] }>(r);
    expect(out.type).toBe('application/pdf');
    expect(out.pages.map((p) => p.page)).toEqual([1, 2]);
    expect(out.pages[0]!.text).toContain('Le passeport a été confisqué');
    expect(out.pages[1]!.text).toContain('Bank transfer receipt');
    for (const p of out.pages) expect(p.confidence).toBeGreaterThan(75);
    expect(r.stderr).toContain('page 2/2');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a file that is neither an image nor a PDF (usage, exit 2)', async () => {
    const dir = tempDir('sanctum-dev-ocr-');
    const f = path.join(dir, 'notes.txt');
    writeFileSync(f, 'plain text, nothing to OCR\n');
    const r = await sanctum(['dev', 'ocr', f, '--lang', 'eng']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a PNG, JPEG or PDF/);
  });

  it('refuses a language that is not shipped', async () => {
    const r = await sanctum(['dev', 'ocr', PHOTO, '--lang', 'deu']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/not shipped/);
  });
});
