/**
 * Media type of an evidence file from its first bytes (magic numbers), falling back to the file name.
 * The bytes win: a file named .pdf that is really an executable is not shown as a PDF.
 */
const MAGIC: [string, number[], number?][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/gif', [0x47, 0x49, 0x46, 0x38]],
  ['image/webp', [0x57, 0x45, 0x42, 0x50], 8],
  ['audio/wav', [0x57, 0x41, 0x56, 0x45], 8],
  ['audio/mpeg', [0x49, 0x44, 0x33]],
  ['audio/ogg', [0x4f, 0x67, 0x67, 0x53]],
  ['audio/mp4', [0x66, 0x74, 0x79, 0x70, 0x4d, 0x34, 0x41], 4],
  ['video/mp4', [0x66, 0x74, 0x79, 0x70], 4],
  ['application/zip', [0x50, 0x4b, 0x03, 0x04]],
  ['application/x-msdownload', [0x4d, 0x5a]],
  ['application/x-elf', [0x7f, 0x45, 0x4c, 0x46]],
];

const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  htm: 'text/html',
  eml: 'message/rfc822',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odt: 'application/vnd.oasis.opendocument.text',
  zip: 'application/zip',
};

function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
  } catch {
    // A legacy 8-bit charset (ISO-8859-1, windows-1256 …): text if it has no C0 controls but tab and line ends.
    return head.every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0c);
  }
  return !head.includes(0);
}

export function detectMediaType(fileName: string, head: Uint8Array): string {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  for (const [type, sig, offset = 0] of MAGIC) {
    if (head.length >= offset + sig.length && sig.every((b, i) => head[offset + i] === b)) {
      // Office documents are zip files: trust the extension to tell which.
      if (type === 'application/zip' && BY_EXTENSION[ext]?.includes('openxmlformats')) return BY_EXTENSION[ext]!;
      if (type === 'application/zip' && BY_EXTENSION[ext]?.includes('opendocument')) return BY_EXTENSION[ext]!;
      return type;
    }
  }
  const byExt = BY_EXTENSION[ext];
  if (byExt && (byExt.startsWith('text/') || byExt === 'message/rfc822' || byExt === 'application/json' || byExt === 'application/xml')) {
    return looksLikeText(head) ? byExt : 'application/octet-stream';
  }
  if (byExt) return byExt;
  return looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

/** Types the app can preview safely in its sandboxed renderer. */
export function previewKind(mediaType: string): 'image' | 'pdf' | 'text' | 'audio' | 'none' {
  if (/^image\/(png|jpeg|gif|webp)$/.test(mediaType)) return 'image';
  if (mediaType === 'application/pdf') return 'pdf';
  if (mediaType.startsWith('text/') || mediaType === 'application/json' || mediaType === 'application/xml') return 'text';
  if (/^audio\/(mpeg|wav|ogg|mp4)$/.test(mediaType)) return 'audio';
  return 'none';
}
