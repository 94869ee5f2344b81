/** The per-format extractors, on fixtures written from scratch (test/fixtures/documents/generate.mjs). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { extractBytes, formatOf } from '../../../main/core/documents/extract';
import { htmlToText } from '../../../main/core/documents/extract-html';
import { decodeText } from '../../../main/core/documents/charset';
import { detectMediaType } from '../../../main/core/evidence/media-type';

const FIX = join(__dirname, '..', '..', 'fixtures', 'documents');
const read = (name: string) => new Uint8Array(readFileSync(join(FIX, name)));
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('document text extractors', () => {
  it('reads a PDF page by page, in reading order, and lists the page without a text layer for OCR', async () => {
    const progress: [number, number][] = [];
    const r = await extractBytes(read('statement.pdf'), 'application/pdf', 'statement.pdf', { onProgress: (d, t) => progress.push([d, t]) });
    expect(r.pages.map((p) => p.page)).toEqual([1, 2]);
    expect(r.pages.every((p) => p.method === 'pdf-text')).toBe(true);
    expect(r.pages[0]!.text).toBe('Harbour ledger of Quillabamba Shipping\nPayment to Ndjamena Freight Brokers: 4,800 EUR');
    expect(r.pages[1]!.text).toContain('ZX-7731-KESTREL');
    expect(r.pages[1]!.text.indexOf('transfer reference')).toBeLessThan(r.pages[1]!.text.indexOf('Omondi Wekesa'));
    expect(r.ocrNeeded).toEqual([3]);
    expect(r.status).toBe('partial');
    expect(r.extractor).toMatch(/^pdfjs-dist \d+\.\d+/);
    expect(progress.at(-1)).toEqual([3, 3]);
  });

  it('reads a DOCX body, tables included', async () => {
    const r = await extractBytes(read('letter.docx'), DOCX, 'letter.docx');
    expect(r.status).toBe('extracted');
    expect(r.pages).toHaveLength(1);
    expect(r.pages[0]!.method).toBe('docx');
    for (const w of ['Marrakesh warehouse', 'Fennimore Ogunbanjo', 'Seventeen hundred dinars']) expect(r.pages[0]!.text).toContain(w);
  });

  it('reads an e-mail: headers, body, and attachments as separate files', async () => {
    const r = await extractBytes(read('manifest.eml'), 'message/rfc822', 'manifest.eml');
    expect(r.email).toMatchObject({ from: 'Halvard Strandquist <halvard@example.org>', to: ['Case Desk <desk@example.net>'], cc: ['archive@example.net'], subject: 'Boat manifest from Sabratha', date: '2023-03-14T09:30:00.000Z', messageId: '<manifest-4411@example.org>' });
    expect(r.pages[0]!.text).toContain('Bartholomew Yeboah');
    expect(r.pages[0]!.text).not.toContain('Wilhelmina'); // the attachment is not the body
    expect(r.attachments!.map((a) => [a.name, a.mediaType])).toEqual([
      ['names.txt', 'text/plain'],
      ['receipt.pdf', 'application/pdf'],
    ]);
    expect(Buffer.from(r.attachments![0]!.data).toString('utf8')).toBe('Passenger list kept by Wilhelmina Oyelaran\n');
    expect(Buffer.from(r.attachments![1]!.data.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });

  it('reads HTML in windows-1256 from its meta charset, without scripts, styles or comments', async () => {
    const bytes = read('report-1256.html');
    expect(detectMediaType('report-1256.html', bytes.subarray(0, 64))).toBe('text/html');
    const r = await extractBytes(bytes, 'text/html', 'report-1256.html');
    expect(r.charset).toBe('windows-1256');
    const text = r.pages[0]!.text;
    expect(text).toContain('مستودع الزاوية');
    expect(text).toContain('دفع السمسار & شريكه مبلغ 3000 دينار');
    expect(text.startsWith('تقرير المستودع')).toBe(true);
    for (const hidden of ['مخفي_النمط', 'مخفي_البرنامج', 'تعليق_مخفي', 'font-family', '<']) expect(text).not.toContain(hidden);
  });

  it('detects the charset of plain text and keeps it', async () => {
    const bytes = read('note-latin1.txt');
    expect(detectMediaType('note-latin1.txt', bytes.subarray(0, 64))).toBe('text/plain');
    const r = await extractBytes(bytes, 'text/plain', 'note-latin1.txt');
    expect(r.charset).toMatch(/^(iso-8859-1|windows-1252)$/);
    expect(r.pages[0]!.text).toBe("Le passeur a gardé les passeports à l'entrepôt de Ghardaïa.\nReçu signé par Éloïse Marchetti.");
    // A BOM wins over any guess; valid UTF-8 is taken as such.
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ghardaïa', 'utf16le')]))).toMatchObject({ text: 'Ghardaïa', charset: 'utf-16le', via: 'bom' });
    expect(decodeText(Buffer.from('entrepôt', 'utf8'))).toMatchObject({ text: 'entrepôt', charset: 'utf-8' });
    expect(decodeText(iconv.encode('مستودع', 'windows-1256'), 'windows-1256').text).toBe('مستودع');
  });

  it('gives a clear error for corrupt PDF, DOCX and e-mail files', async () => {
    await expect(extractBytes(read('corrupt.pdf'), 'application/pdf', 'corrupt.pdf')).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringMatching(/this PDF cannot be read/) });
    await expect(extractBytes(read('corrupt.docx'), DOCX, 'corrupt.docx')).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringMatching(/Word document cannot be read/) });
    await expect(extractBytes(read('corrupt.eml'), 'message/rfc822', 'corrupt.eml')).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringMatching(/not an e-mail/) });
    await expect(extractBytes(new Uint8Array([0, 1, 2, 3, 0, 0, 7, 8, 0, 0]), 'text/plain', 'x.txt')).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
  });

  it('chooses the reader by media type, then name; images wait for OCR; other files are unsupported', async () => {
    expect(formatOf('application/octet-stream', 'mail.eml')).toBe('email');
    expect(formatOf('image/jpeg', 'ledger.jpg')).toBe('image');
    expect(formatOf('application/zip', 'a.zip')).toBeNull();
    expect(await extractBytes(new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg', 'ledger.jpg')).toMatchObject({ status: 'no-text', ocrNeeded: [1] });
    expect(await extractBytes(new Uint8Array([0x50, 0x4b, 3, 4]), 'application/zip', 'a.zip')).toMatchObject({ status: 'unsupported', pages: [] });
  });

  it('strips markup safely: unclosed scripts, entities, attributes with ">"', () => {
    expect(htmlToText('<p title="a>b">Wekesa &lt;x&gt; &#x41;&#66;</p><script>alert(1)')).toBe('Wekesa <x> AB');
    expect(htmlToText('a<br>b<td>c</td><td>d')).toBe('a\nb\tc\td');
    expect(htmlToText('<!-- never closed Omondi')).toBe('');
  });
});
