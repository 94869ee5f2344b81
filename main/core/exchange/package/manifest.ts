/**
 * Payload and tag manifests ("checksum filepath" lines, RFC 8493 §2.1.3, §2.2.1) and fetch.txt
 * ("url length filepath", §2.2.3). Parsers never throw: every malformed line becomes an issue with its line
 * number, and the rest of the file is still read so that one report can list everything.
 */
import { ALGORITHMS } from './format';
import { decodeBagPath, encodeBagPath, unsafePathReason } from './bag-paths';
import type { TagLine } from './tag-text';

export interface ManifestEntry {
  /** Lower-case hex. */
  checksum: string;
  /** Decoded, with the tolerated quirks ("./", md5sum's "*") removed. */
  path: string;
  line: number;
}

export interface LineIssue {
  line: number;
  severity: 'error' | 'warning';
  reason: string;
}

export type ManifestKind = 'payload' | 'tag';

export function manifestFileName(kind: ManifestKind, alg: string): string {
  return `${kind === 'tag' ? 'tagmanifest' : 'manifest'}-${alg}.txt`;
}

/** "manifest-sha256.txt" → payload/sha256; null for any other name. */
export function parseManifestFileName(name: string): { kind: ManifestKind; algorithm: string } | null {
  const m = /^(tagmanifest|manifest)-([a-z0-9]+)\.txt$/.exec(name);
  return m ? { kind: m[1] === 'tagmanifest' ? 'tag' : 'payload', algorithm: m[2]! } : null;
}

/** Shared by manifests and fetch.txt: decode, strip quirks (with warnings), check safety. */
function cleanPath(raw: string, n: number, version: string | null, issues: LineIssue[]): string | null {
  const strict = version === null || Number(version) >= 1;
  const { path: decoded, strayPercent } = decodeBagPath(raw);
  if (strayPercent && strict) {
    issues.push({ line: n, severity: 'warning', reason: `line ${n}: "%" not followed by 25, 0A or 0D is taken literally (BagIt 1.0 encodes "%" as "%25")` });
  }
  let path = decoded;
  if (path.startsWith('./')) {
    issues.push({ line: n, severity: 'warning', reason: `line ${n}: the path starts with "./" (read as relative to the bag; strict validators reject this)` });
    path = path.slice(2);
  }
  const unsafe = unsafePathReason(path);
  if (unsafe) {
    issues.push({ line: n, severity: 'error', reason: `line ${n}: ${unsafe}: ${JSON.stringify(raw)}` });
    return null;
  }
  return path;
}

export function parseManifest(lines: readonly TagLine[], opts: { algorithm: string; kind: ManifestKind; version: string | null }): { entries: ManifestEntry[]; issues: LineIssue[] } {
  const entries: ManifestEntry[] = [];
  const issues: LineIssue[] = [];
  const hexLength = ALGORITHMS[opts.algorithm]?.hexLength;
  for (const { n, text } of lines) {
    if (text.trim() === '') {
      issues.push({ line: n, severity: 'warning', reason: `line ${n} is empty` });
      continue;
    }
    const m = /^([0-9A-Fa-f]+)[ \t]+(.*)$/s.exec(text);
    if (!m) {
      issues.push({ line: n, severity: 'error', reason: `line ${n} is not "checksum path": ${JSON.stringify(text.slice(0, 200))}` });
      continue;
    }
    const checksum = m[1]!.toLowerCase();
    if (hexLength !== undefined && checksum.length !== hexLength) {
      issues.push({ line: n, severity: 'error', reason: `line ${n}: a ${opts.algorithm} checksum has ${hexLength} hex digits, this one ${checksum.length}` });
      continue;
    }
    let raw = m[2]!;
    if (raw.startsWith('*')) {
      // md5sum's binary-mode marker (RFC 8493 §6.3): tolerated, but the user must be told.
      issues.push({ line: n, severity: 'warning', reason: `line ${n}: "*" before the path (md5sum binary-mode output); strict validators reject this` });
      raw = raw.slice(1);
    }
    const path = cleanPath(raw, n, opts.version, issues);
    if (path === null) continue;
    if (opts.kind === 'payload' && !path.startsWith('data/')) {
      issues.push({ line: n, severity: 'error', reason: `line ${n}: a payload manifest may list only files under data/, not "${path}"` });
      continue;
    }
    if (opts.kind === 'tag' && path.startsWith('data/')) {
      issues.push({ line: n, severity: 'error', reason: `line ${n}: a tag manifest must not list payload files ("${path}")` });
      continue;
    }
    entries.push({ checksum, path, line: n });
  }
  return { entries, issues };
}

/** Lines sorted by path (byte order), two spaces between checksum and path as common tools write them. */
export function serializeManifest(entries: readonly { path: string; checksum: string }[]): string {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return sorted.map((e) => `${e.checksum}  ${encodeBagPath(e.path)}\n`).join('');
}

export interface FetchEntry {
  url: string;
  length: number | null;
  path: string;
  line: number;
}

export function parseFetch(lines: readonly TagLine[], version: string | null): { entries: FetchEntry[]; issues: LineIssue[] } {
  const entries: FetchEntry[] = [];
  const issues: LineIssue[] = [];
  for (const { n, text } of lines) {
    if (text.trim() === '') continue;
    const m = /^(\S+)[ \t]+(\S+)[ \t]+(.+)$/s.exec(text);
    if (!m) {
      issues.push({ line: n, severity: 'error', reason: `line ${n} is not "url length path"` });
      continue;
    }
    const [, url, len, raw] = m as unknown as [string, string, string, string];
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url)) issues.push({ line: n, severity: 'error', reason: `line ${n}: "${url}" is not an absolute URL` });
    if (!/^(\d+|-)$/.test(len)) issues.push({ line: n, severity: 'error', reason: `line ${n}: the length must be a number of bytes or "-", found "${len}"` });
    const path = cleanPath(raw, n, version, issues);
    if (path === null) continue;
    if (!path.startsWith('data/')) {
      issues.push({ line: n, severity: 'error', reason: `line ${n}: fetch.txt may list only payload files (under data/), not "${path}"` });
      continue;
    }
    entries.push({ url, length: len === '-' ? null : Number(len), path, line: n });
  }
  return { entries, issues };
}
