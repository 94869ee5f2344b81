/**
 * The bag declaration, bagit.txt (RFC 8493 §2.1.1): exactly two lines, UTF-8 without a BOM,
 *   BagIt-Version: M.N
 *   Tag-File-Character-Encoding: ENCODING
 * with exactly one space after each colon and nothing else on the line.
 */
import { splitLines } from './tag-text';

/** Versions whose rules we implement (the drafts the LC conformance suite uses, and RFC 8493). */
export const SUPPORTED_VERSIONS = ['0.93', '0.94', '0.95', '0.96', '0.97', '1.0'] as const;

export interface BagitTxt {
  version: string | null;
  encoding: string | null;
  /** Problems, each a sentence about bagit.txt. Any problem makes the bag invalid. */
  problems: string[];
}

export function serializeBagitTxt(version = '1.0', encoding = 'UTF-8'): string {
  return `BagIt-Version: ${version}\nTag-File-Character-Encoding: ${encoding}\n`;
}

function describeBadLine(line: string, label: string): string {
  if (!line.includes(':')) return `line "${line}" is not "${label}: …"`;
  const [l] = line.split(':', 1);
  if (l !== label && l!.trim() === label) return `"${label}" must be followed directly by ":" (found whitespace before the colon)`;
  if (l!.toLowerCase() !== label.toLowerCase() && l!.trim().toLowerCase() !== label.toLowerCase()) return `expected "${label}", found "${l}"`;
  if (l !== label) return `the label must be spelled exactly "${label}"`;
  if (/\s$/.test(line)) return `"${label}" line has trailing whitespace`;
  return `"${label}" must be followed by ": " and a value, with exactly one space after the colon`;
}

export function parseBagitTxt(bytes: Uint8Array): BagitTxt {
  const out: BagitTxt = { version: null, encoding: null, problems: [] };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    out.problems.push('begins with a byte-order mark (BOM); the bag declaration must be UTF-8 without one');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    out.problems.push('is not valid UTF-8');
    return out;
  }
  const lines = splitLines(text);
  if (lines.length !== 2) out.problems.push(`must have exactly two lines, has ${lines.length}`);
  const v = lines[0]?.text ?? '';
  const vm = /^BagIt-Version: (\d+\.\d+)$/.exec(v);
  if (vm) {
    out.version = vm[1]!;
    if (!(SUPPORTED_VERSIONS as readonly string[]).includes(out.version)) {
      out.problems.push(`BagIt-Version ${out.version} is not a version this verifier knows (${SUPPORTED_VERSIONS.join(', ')})`);
    }
  } else if (/^BagIt-Version: /.test(v) && !/\s$/.test(v)) {
    out.problems.push(`BagIt-Version must be two numbers separated by a dot (M.N), found "${v.slice(15)}"`);
  } else {
    out.problems.push(lines.length ? describeBadLine(v, 'BagIt-Version') : 'is empty');
  }
  const e = lines[1]?.text;
  if (e !== undefined) {
    const em = /^Tag-File-Character-Encoding: (\S(?:.*\S)?)$/.exec(e);
    if (em) out.encoding = em[1]!;
    else out.problems.push(describeBadLine(e, 'Tag-File-Character-Encoding'));
  } else if (lines.length) {
    out.problems.push('has no Tag-File-Character-Encoding line');
  }
  return out;
}
