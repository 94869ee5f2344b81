/**
 * Text tag files (RFC 8493 §2.3): decoded with the encoding bagit.txt declares, split into lines ended by LF, CR
 * or CRLF. A missing final line ending is allowed (the RFC only recommends it).
 */

export interface TagLine {
  /** 1-based, for messages. */
  n: number;
  text: string;
}

export type DecodeResult = { ok: true; text: string } | { ok: false; reason: string };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** The canonical name we decode with, or null when we do not know the encoding. */
export function normaliseEncoding(label: string): 'utf-8' | 'utf-16' | 'utf-16le' | 'utf-16be' | 'latin1' | 'ascii' | 'windows-1252' | null {
  const l = label.trim().toLowerCase().replace(/_/g, '-');
  if (l === 'utf-8' || l === 'utf8') return 'utf-8';
  if (l === 'utf-16' || l === 'utf16') return 'utf-16';
  if (l === 'utf-16le') return 'utf-16le';
  if (l === 'utf-16be') return 'utf-16be';
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'iso-ir-100', 'cp819'].includes(l)) return 'latin1';
  if (['us-ascii', 'ascii', 'iso646-us'].includes(l)) return 'ascii';
  if (['windows-1252', 'cp1252'].includes(l)) return 'windows-1252';
  return null;
}

/** Decode a tag file. UTF-8 is strict and must not start with a BOM; UTF-16 may (and then needs one to pick byte order). */
export function decodeTagFile(bytes: Uint8Array, encodingLabel: string): DecodeResult {
  const enc = normaliseEncoding(encodingLabel);
  if (!enc) return { ok: false, reason: `the declared tag-file encoding "${encodingLabel}" is not supported` };
  try {
    switch (enc) {
      case 'utf-8':
        if (startsWith(bytes, UTF8_BOM)) return { ok: false, reason: 'begins with a byte-order mark, which UTF-8 tag files must not have' };
        return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
      case 'utf-16': {
        // RFC 2781: the BOM gives the byte order; without one, big-endian.
        const le = bytes[0] === 0xff && bytes[1] === 0xfe;
        return { ok: true, text: new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes) };
      }
      case 'utf-16le':
      case 'utf-16be':
        return { ok: true, text: new TextDecoder(enc, { fatal: true }).decode(bytes) };
      case 'latin1':
        // Not TextDecoder('iso-8859-1'): WHATWG maps that label to windows-1252.
        return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') };
      case 'ascii':
        if (bytes.some((b) => b > 0x7f)) return { ok: false, reason: 'contains bytes outside US-ASCII' };
        return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') };
      case 'windows-1252':
        return { ok: true, text: new TextDecoder('windows-1252').decode(bytes) };
    }
  } catch {
    return { ok: false, reason: `is not valid ${encodingLabel}` };
  }
}

/** Split on LF, CR or CRLF. A final line without an ending counts; the empty string after a final ending does not. */
export function splitLines(text: string): TagLine[] {
  const out: TagLine[] = [];
  let start = 0;
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      out.push({ n: n++, text: text.slice(start, i) });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (start < text.length) out.push({ n, text: text.slice(start) });
  return out;
}
