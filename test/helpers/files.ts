import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every regular file under dir (recursively), with its bytes. */
export function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push({ path: p, bytes: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}

/** Snapshot of a folder: path -> (size, mtime, bytes), to prove that nothing changed. */
export function snapshot(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of filesUnder(dir)) m.set(f.path, `${f.bytes.length}:${f.bytes.toString('base64')}`);
  return m;
}

/** Positions of `needle` in haystack, in UTF-8 and UTF-16LE/BE, case-sensitive. */
export function findString(haystack: Buffer, needle: string): string[] {
  const hits: string[] = [];
  const forms: [string, Buffer][] = [
    ['utf8', Buffer.from(needle, 'utf8')],
    ['utf16le', Buffer.from(needle, 'utf16le')],
    ['utf16be', Buffer.from(needle, 'utf16le').swap16()],
  ];
  for (const [name, bytes] of forms) if (haystack.includes(bytes)) hits.push(name);
  return hits;
}
