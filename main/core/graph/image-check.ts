/**
 * An image the renderer asks us to write must be the image it claims to be, checked by decoding it, not by a
 * prefix: otherwise a compromised renderer writes a shell start-up file that merely begins with `<svg`.
 *
 * PNG: signature, every chunk's CRC, a sane IHDR first, consecutive IDATs that inflate to exactly the size
 * IHDR implies, IEND last with nothing after. SVG: UTF-8, well-formed XML whose root is `svg`, no DOCTYPE or
 * processing instructions, no script, foreignObject or event attributes, no reference outside the document,
 * no C0 control characters.
 */
import { createInflate } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SanctumError } from '../errors';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Raw (inflated) pixel data we are willing to check: a 10 000 × 10 000 RGBA image and a bit. */
const MAX_RAW = 420 * 1024 * 1024;
const MAX_SIDE = 32_768;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function bad(format: 'PNG' | 'SVG', why: string): never {
  throw new SanctumError('INVALID_INPUT', `the image is not a valid ${format}: ${why}`, 'base64');
}

/** Bits per pixel for each colour type, and the bit depths it allows (PNG spec table 11.1). */
const COLOUR_TYPES: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

/** Bytes of filtered scanlines for a width × height image (one filter byte per row), per Adam7 pass if interlaced. */
export function pngRawSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (w: number, h: number) => (w === 0 || h === 0 ? 0 : h * (1 + Math.ceil((w * bitsPerPixel) / 8)));
  if (!interlaced) return rows(width, height);
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ] as const;
  let total = 0;
  for (const [x0, y0, dx, dy] of passes) total += rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy));
  return total;
}

export async function checkPng(bytes: Buffer): Promise<void> {
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) bad('PNG', 'no PNG signature');
  let off = 8;
  let expected = -1;
  let sawIdat = false;
  let idatDone = false;
  let ended = false;
  const idat: Buffer[] = [];
  let first = true;
  while (off < bytes.length) {
    if (ended) bad('PNG', 'data after IEND');
    if (off + 12 > bytes.length) bad('PNG', 'truncated chunk');
    const len = bytes.readUInt32BE(off);
    if (len > 0x7fffffff || off + 12 + len > bytes.length) bad('PNG', 'chunk longer than the file');
    const type = bytes.subarray(off + 4, off + 8).toString('latin1');
    if (!/^[A-Za-z]{4}$/.test(type)) bad('PNG', 'malformed chunk type');
    const data = bytes.subarray(off + 8, off + 8 + len);
    if (crc32(bytes.subarray(off + 4, off + 8 + len)) !== bytes.readUInt32BE(off + 8 + len)) bad('PNG', `bad CRC in ${type}`);
    if (first !== (type === 'IHDR')) bad('PNG', 'IHDR must come first, once');
    if (type === 'IHDR') {
      if (len !== 13) bad('PNG', 'IHDR has the wrong length');
      const width = data.readUInt32BE(0);
      const height = data.readUInt32BE(4);
      const [depth, colour, compression, filter, interlace] = [data[8]!, data[9]!, data[10]!, data[11]!, data[12]!];
      const ct = COLOUR_TYPES[colour];
      if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) bad('PNG', 'implausible dimensions');
      if (!ct || !ct.depths.includes(depth)) bad('PNG', 'invalid colour type or bit depth');
      if (compression !== 0 || filter !== 0 || interlace > 1) bad('PNG', 'unknown compression, filter or interlace method');
      expected = pngRawSize(width, height, ct.channels * depth, interlace === 1);
      if (expected > MAX_RAW) bad('PNG', 'the image is too large to check');
    } else if (type === 'IDAT') {
      if (idatDone) bad('PNG', 'IDAT chunks are not consecutive');
      sawIdat = true;
      idat.push(data);
    } else {
      if (sawIdat) idatDone = true;
      if (type === 'IEND') {
        if (len !== 0) bad('PNG', 'IEND carries data');
        ended = true;
      } else if ((type.charCodeAt(0) & 0x20) === 0 && type !== 'PLTE') bad('PNG', `unknown critical chunk ${type}`);
    }
    first = false;
    off += 12 + len;
  }
  if (!ended) bad('PNG', 'no IEND');
  if (!sawIdat) bad('PNG', 'no image data');
  const got = await inflatedSize(idat, expected);
  if (got !== expected) bad('PNG', `image data inflates to ${got} bytes, ${expected} expected`);
}

/** Inflate as a stream, counting bytes and stopping as soon as there are more than expected (no bomb gets far). */
function inflatedSize(parts: Buffer[], expected: number): Promise<number> {
  return new Promise((resolve) => {
    const z = createInflate();
    let n = 0;
    let done = false;
    const finish = (v: number) => {
      if (done) return;
      done = true;
      resolve(v);
    };
    z.on('data', (c: Buffer) => {
      n += c.length;
      if (n > expected) {
        z.destroy();
        finish(n);
      }
    });
    z.on('error', () => finish(-1));
    z.on('end', () => finish(n));
    for (const p of parts) z.write(p);
    z.end();
  });
}

const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'handler', 'listener', 'audio', 'video', 'animation']);
const C0 = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1).toLowerCase();
}

/** A url(...) or href that points anywhere but inside this document. */
function external(value: string): boolean {
  for (const m of value.matchAll(/url\(\s*(['"]?)\s*([^'")\s]*)/gi)) if (!m[2]!.startsWith('#')) return true;
  return /@import/i.test(value);
}

export function checkSvg(bytes: Buffer): void {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    bad('SVG', 'not UTF-8 text');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (C0.test(text)) bad('SVG', 'control characters');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) bad('SVG', 'a DOCTYPE or entity declaration');
  if (XMLValidator.validate(text) !== true) bad('SVG', 'not well-formed XML');
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    allowBooleanAttributes: true,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    ignoreDeclaration: false,
    ignorePiTags: false,
    commentPropName: '#comment',
    cdataPropName: '#cdata',
  });
  type Node = Record<string, unknown>;
  const doc = parser.parse(text) as Node[];
  const roots: string[] = [];
  const walk = (nodes: Node[], depth: number): void => {
    if (depth > 200) bad('SVG', 'nested too deeply');
    for (const node of nodes) {
      for (const [key, value] of Object.entries(node)) {
        if (key === ':@') {
          for (const [attr, v] of Object.entries(value as Record<string, unknown>)) {
            const name = localName(attr);
            const val = typeof v === 'string' ? v : '';
            if (name.startsWith('on')) bad('SVG', `an event attribute (${attr})`);
            if (name === 'href' || name === 'src') {
              if (!val.trim().startsWith('#')) bad('SVG', `a reference outside the document (${attr})`);
            } else if (external(val)) bad('SVG', `a reference outside the document (${attr})`);
          }
          continue;
        }
        if (key === '#text' || key === '#comment') continue;
        if (key === '#cdata' || key === '?xml') {
          if (key === '?xml' && depth > 0) bad('SVG', 'a misplaced XML declaration');
          continue;
        }
        if (key.startsWith('?')) bad('SVG', `a processing instruction (${key})`);
        const name = localName(key);
        if (FORBIDDEN_ELEMENTS.has(name)) bad('SVG', `a ${key} element`);
        if (depth === 0) roots.push(name);
        const children = value as Node[];
        if (name === 'style') {
          for (const c of children) for (const t of Object.values(c)) if (Array.isArray(t) ? t.some((x) => external(JSON.stringify(x))) : external(String(t))) bad('SVG', 'a style sheet with an outside reference');
        }
        walk(children, depth + 1);
      }
    }
  };
  walk(doc, 0);
  if (roots.length !== 1 || roots[0] !== 'svg' || doc.some((n) => Object.keys(n).some((k) => k === '#text' && String(n[k]).trim() !== ''))) bad('SVG', 'the root element is not svg');
}

export async function checkImage(format: 'png' | 'svg', bytes: Buffer): Promise<void> {
  if (format === 'png') await checkPng(bytes);
  else checkSvg(bytes);
}
