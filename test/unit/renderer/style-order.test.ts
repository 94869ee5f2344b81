/**
 * The renderer's style sheets: renderer/styles/app.css is only the ordered list of the per-feature sheets (the
 * cascade depends on that order), and every sheet under renderer/ is loaded exactly once — from that list, or by
 * the lazily loaded screen that owns it. A sheet left out of both would silently style nothing.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = resolve(__dirname, '../../../renderer');
const APP_CSS = join(RENDERER, 'styles/app.css');
const rel = (p: string) => relative(RENDERER, p).split('\\').join('/');
const files = (ext: RegExp) => (readdirSync(RENDERER, { recursive: true }) as string[]).map((f) => join(RENDERER, f)).filter((f) => ext.test(f) && !f.includes('node_modules'));

describe('renderer style sheets', () => {
  it('app.css holds only the ordered @import list, each to an existing sheet', () => {
    const text = readFileSync(APP_CSS, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) expect(l, 'a rule in app.css: put it into its feature sheet').toMatch(/^@import '[^']+\.css';$/);
    for (const l of lines) expect(existsSync(resolve(dirname(APP_CSS), /'([^']+)'/.exec(l)![1]!)), l).toBe(true);
  });

  it('every sheet is loaded exactly once: listed in app.css or imported by its screen', () => {
    const loads = new Map<string, number>();
    const add = (p: string) => loads.set(rel(p), (loads.get(rel(p)) ?? 0) + 1);
    for (const m of readFileSync(APP_CSS, 'utf8').matchAll(/@import '([^']+)'/g)) add(resolve(dirname(APP_CSS), m[1]!));
    const byScreen = new Set<string>();
    for (const f of files(/\.tsx?$/)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/^import '(\.[^']+\.css)';/gm)) {
        const p = rel(resolve(dirname(f), m[1]!));
        if (byScreen.has(p)) continue; // one screen's sheet imported by two of its modules is still one sheet
        byScreen.add(p);
        add(resolve(dirname(f), m[1]!));
      }
    }
    const sheets = files(/\.css$/).map(rel).filter((p) => p !== 'styles/app.css').sort();
    expect(sheets.length).toBeGreaterThan(20);
    expect(Object.fromEntries(sheets.map((p) => [p, loads.get(p) ?? 0]))).toEqual(Object.fromEntries(sheets.map((p) => [p, 1])));
  });
});
