/**
 * Paths as written in manifests and fetch.txt, and as found in archives: percent-encoding (RFC 8493 §2.1.3:
 * only CR, LF and % are encoded), the safety rules every path must pass before it is used to open anything
 * (§7.1: no absolute paths, no "..", no "~user", no drive letters, UNC names or backslashes; no ":", which on
 * NTFS names an alternate data stream), and the names
 * Sanctum gives exported files.
 */

/** Decode %0A, %0D and %25 (either case). Other % sequences stay literal (older bags did not encode). */
export function decodeBagPath(raw: string): { path: string; strayPercent: boolean } {
  let strayPercent = false;
  const path = raw.replace(/%(0[aAdD]|25)?/g, (m, code: string | undefined) => {
    if (!code) {
      strayPercent = true;
      return m;
    }
    return code === '25' ? '%' : code.toLowerCase() === '0a' ? '\n' : '\r';
  });
  return { path, strayPercent };
}

export function encodeBagPath(path: string): string {
  return path.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D');
}

/**
 * Why a bag-relative path must not be used, or null when it is safe. The rules are platform-independent on
 * purpose: a package checked on Linux is opened on Windows next.
 */
export function unsafePathReason(path: string): string | null {
  if (path.length === 0) return 'the path is empty';
  if (path.includes('\0')) return 'the path contains a NUL character';
  if (path.includes('\\')) return 'the path contains a backslash (only "/" may separate path components; on Windows "\\" would escape the bag)';
  if (path.startsWith('/')) return 'the path is absolute (it would point outside the bag)';
  if (path.startsWith('~')) return 'the path starts with "~" (a home-directory reference outside the bag)';
  if (/^[A-Za-z]:/.test(path)) return 'the path starts with a drive letter (it would point outside the bag on Windows)';
  if (/^%[^%/]+%/.test(path)) return 'the path starts with an environment-variable reference (%NAME%)';
  const parts = path.split('/');
  for (const p of parts) {
    if (p === '..') return 'the path contains ".." (it would point outside the bag)';
    // On NTFS "name:stream" writes an alternate data stream: a file the manifest's checksum never sees.
    if (p.includes(':')) return 'a path component contains ":" (on Windows it names an alternate data stream or a drive)';
    if (p === '.') return 'the path contains a "." component';
    if (p === '') return 'the path contains an empty component ("//" or a trailing "/")';
  }
  return null;
}

const SYSTEM_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', '.spotlight-v100', '.trashes', '.fseventsd', '__macosx', 'ehthumbs.db']);

/** Operating-system metadata that ends up in bags by accident (Finder, Explorer). */
export function isSystemFile(path: string): boolean {
  return path.split('/').some((p) => SYSTEM_FILES.has(p.toLowerCase()) || p.startsWith('._'));
}

/** Comparison keys: Unicode normalisation (NFC) and, for collision warnings, case. */
export function nfcKey(path: string): string {
  return path.normalize('NFC');
}

export function caseKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
const MAX_NAME_BYTES = 180;

/**
 * A file name that is safe on every platform and in every manifest: NFC, no separators, control or
 * Windows-forbidden characters, no leading dot or tilde, not a reserved device name, at most 180 bytes
 * (keeping the extension). Never empty.
 */
export function sanitiseFileName(name: string): string {
  let n = name.normalize('NFC').replace(/[\u0000-\u001f\u007f/\\<>:"|?*]/g, '_');
  n = n.replace(/^[\s.~-]+/, '').replace(/[\s.]+$/, '');
  if (n === '') n = 'file';
  if (WINDOWS_RESERVED.test(n)) n = `_${n}`;
  if (Buffer.byteLength(n) > MAX_NAME_BYTES) {
    const dot = n.lastIndexOf('.');
    const ext = dot > 0 && n.length - dot <= 12 ? n.slice(dot) : '';
    let stem = n.slice(0, n.length - ext.length);
    while (Buffer.byteLength(stem + ext) > MAX_NAME_BYTES) stem = [...stem].slice(0, -1).join('');
    n = stem + ext;
  }
  return n;
}
