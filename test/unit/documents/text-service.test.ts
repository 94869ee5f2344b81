/** DocumentTextService over a real vault: records, custody, attachments as child items, re-runs, cancel, canary. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { EvidenceData } from '../../../shared/model/records';
import { Workspace } from '../../../main/core/workspace';
import { TextWorkerClient } from '../../../main/core/documents/text-worker-client';
import { InProcessExtractor } from '../../../main/core/documents/in-process';
import { unlockVault } from '../../../main/core/vault/vault';
import { filesUnder, snapshot } from '../../helpers/files';
import { newTestVault, PASS } from '../../helpers/vault';

const FIX = join(__dirname, '..', '..', 'fixtures', 'documents');
const read = (name: string) => readFileSync(join(FIX, name));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** In process unless `worker` is asked for (the Workspace's default: a worker thread). */
async function setup(opts: { worker?: boolean; autoText?: boolean } = {}) {
  const { dir, vault } = await newTestVault();
  const ws = new Workspace(vault, undefined, { ...(opts.worker ? {} : { textExtractor: new InProcessExtractor() }), ...(opts.autoText ? { autoText: true } : {}) });
  const c = ws.cases.create({ name: 'Sabratha crossings' });
  const add = (name: string) => ws.evidence.intake([read(name)], { caseId: c.id, originalName: name });
  return { dir, vault, ws, caseId: c.id, add };
}

describe('document text service', () => {
  it('seals the text of a PDF per page, linked to its original, with a custody entry; the original is unchanged', async () => {
    const { vault, ws, add } = await setup();
    const ev = await add('statement.pdf');
    const before = ev.data.file!.blob.sha256;
    const r = await ws.text.extract(ev.id);
    expect(r.status).toBe('partial');
    const t = ws.text.get(ev.id)!;
    expect(t.kind).toBe('evidence_text');
    expect(t.data).toMatchObject({ evidenceId: ev.id, caseId: ev.data.caseId, sha256: sha(read('statement.pdf')), status: 'partial' });
    expect(t.data.pages.map((p) => [p.page, p.method])).toEqual([
      [1, 'pdf-text'],
      [2, 'pdf-text'],
    ]);
    expect((await ws.text.read(ev.id))!.pages[1]!.text).toContain('Omondi Wekesa');
    expect(t.data.warnings.join(' ')).toMatch(/OCR not run on page 3/);
    expect(ws.evidence.custody(ev.id).map((e) => e.action)).toEqual(['custody.intake', 'custody.text_extracted']);
    expect((await ws.evidence.read(ev.id)).bytes.equals(read('statement.pdf'))).toBe(true);
    expect(ws.evidence.get(ev.id).data.file!.blob.sha256).toBe(before);
    vault.close();
  });

  it('takes e-mail attachments in as child items with their own hash, custody and text', async () => {
    const { vault, ws, caseId, add } = await setup();
    const mail = await add('manifest.eml');
    const r = await ws.text.extract(mail.id);
    expect(r.attachments).toHaveLength(2);
    const text = ws.text.get(mail.id)!.data;
    expect(text.email!.attachments).toEqual(r.attachments);
    expect(text.email!.subject).toBe('Boat manifest from Sabratha');
    const kids = r.attachments.map((id) => ws.evidence.get(id));
    expect(kids.map((k) => k.data.partOf)).toEqual([
      { evidenceId: mail.id, kind: 'attachment', name: 'names.txt' },
      { evidenceId: mail.id, kind: 'attachment', name: 'receipt.pdf' },
    ]);
    expect(kids[0]!.data.file!.blob.sha256).toBe(sha(Buffer.from('Passenger list kept by Wilhelmina Oyelaran\n')));
    expect((await ws.evidence.read(kids[1]!.id)).bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(kids[1]!.data.file!.mediaType).toBe('application/pdf');
    for (const k of kids) {
      const custody = ws.evidence.custody(k.id);
      expect(custody[0]).toMatchObject({ action: 'custody.intake', details: { sha256: k.data.file!.blob.sha256, partOf: mail.id } });
      expect(custody.map((e) => e.action)).toContain('custody.text_extracted');
    }
    expect((await ws.text.read(kids[0]!.id))!.pages[0]!.text).toBe('Passenger list kept by Wilhelmina Oyelaran');
    expect((await ws.text.read(kids[1]!.id))!.pages[0]!.text).toContain('Talamanca Logistics');
    // Running again replaces the e-mail's text and takes in no attachment twice.
    const again = await ws.text.extract(mail.id, { force: true });
    expect(again.attachments).toEqual([]);
    expect(ws.evidence.list(caseId)).toHaveLength(3);
    expect(ws.text.get(mail.id)!.data.email!.attachments).toEqual(r.attachments);
    vault.close();
  });

  it('re-runs replace the one record; without force an item with text is skipped', async () => {
    const { vault, ws, caseId, add } = await setup();
    const a = await add('note-latin1.txt');
    const b = await add('report-1256.html');
    expect(await ws.text.extractCase(caseId)).toMatchObject({ extracted: 2, skipped: 0 });
    const first = ws.text.get(a.id)!;
    expect(first.data.charset).toMatch(/^(iso-8859-1|windows-1252)$/);
    expect(ws.text.get(b.id)!.data.charset).toBe('windows-1256');
    expect(await ws.text.extractCase(caseId)).toMatchObject({ extracted: 0, skipped: 2 });
    const progress: number[] = [];
    expect(await ws.text.extractCase(caseId, { force: true, onProgress: (d) => progress.push(d) })).toMatchObject({ extracted: 2, skipped: 0 });
    expect(progress).toEqual([0, 1, 2]);
    const second = ws.text.get(a.id)!;
    expect(second.id).toBe(first.id);
    expect(second.updatedAt >= first.updatedAt).toBe(true);
    expect(ws.repo.countOfKind('evidence_text')).toBe(2);
    expect(ws.evidence.custody(a.id).filter((e) => e.action === 'custody.text_extracted').map((e) => e.details?.replaced)).toEqual([false, true]);
    expect(ws.evidence.list(caseId).map((e) => ws.text.get(e.id)?.data.status)).toEqual(['extracted', 'extracted']);
    vault.close();
  });

  it('a corrupt file gives a clear error and leaves the vault unchanged; a case run records the failure', async () => {
    const { dir, vault, ws, caseId, add } = await setup();
    const ids = [];
    for (const name of ['corrupt.pdf', 'corrupt.docx', 'corrupt.eml']) ids.push((await add(name)).id);
    const docx = ws.evidence.get(ids[1]!);
    expect(docx.data.file!.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const eml = ws.evidence.get(ids[2]!);
    // A binary .eml is stored as bytes of unknown kind; the name still sends it to the e-mail reader.
    expect(eml.data.file!.mediaType).toBe('application/octet-stream');
    vault.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = snapshot(dir);
    for (const id of ids) await expect(ws.text.extract(id)).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringMatching(/cannot be read|not an e-mail/) });
    vault.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(snapshot(dir)).toEqual(before);
    expect(ws.repo.countOfKind('evidence_text')).toBe(0);
    expect(await ws.text.extractCase(caseId)).toMatchObject({ failed: 3 });
    expect(ws.text.get(ids[0]!)!.data).toMatchObject({ status: 'failed', error: expect.stringMatching(/PDF cannot be read/) });
    vault.close();
  });

  it('cancel stops a case run: the items after it are left without text', async () => {
    const { vault, ws, caseId, add } = await setup();
    for (const n of ['note-latin1.txt', 'letter.docx', 'report-1256.html']) await add(n);
    const ctrl = new AbortController();
    const run = ws.text.extractCase(caseId, { signal: ctrl.signal, onProgress: (done) => done === 1 && ctrl.abort() });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(ws.repo.countOfKind('evidence_text')).toBe(1);
    vault.close();
  });

  it('runs in the worker thread, and cancel reaches a document in flight there', async () => {
    const { vault, ws, caseId, add } = await setup({ worker: true });
    const ev = await add('statement.pdf');
    expect(await ws.text.extractCase(caseId)).toMatchObject({ partial: 1 });
    expect((await ws.text.read(ev.id))!.pages[0]!.text).toContain('Quillabamba');
    const ctrl = new AbortController();
    const seen: number[] = [];
    // Cancelled from the worker's first progress report: the document is in the worker's hands then.
    const p = ws.text.extract(ev.id, { force: true, signal: ctrl.signal, onProgress: (done) => (seen.push(done), ctrl.abort()) });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen[0]).toBe(0);
    expect(ws.evidence.custody(ev.id).filter((e) => e.action === 'custody.text_extracted')).toHaveLength(1);
    ws.dispose();
    vault.close();
  });

  it('the worker is terminated when a document runs past its deadline, and the next file gets a fresh one', async () => {
    const client = new TextWorkerClient({ deadlineMs: 1 });
    try {
      await expect(client.extract(read('statement.pdf'), 'application/pdf', 's.pdf')).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringMatching(/longer than/) });
    } finally {
      client.dispose();
    }
    const ok = new TextWorkerClient();
    try {
      expect((await ok.extract(read('letter.docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'l.docx')).pages[0]!.text).toContain('Ogunbanjo');
    } finally {
      ok.dispose();
    }
  });

  it('hands images to the OCR hook when one is wired in, and says OCR was not run otherwise', async () => {
    const { vault, ws, add } = await setup();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 1)]);
    const img = await ws.evidence.intake([png], { caseId: (await ws.cases.list())[0]!.id, originalName: 'ledger.png' });
    ws.text.setOcr(null);
    await ws.text.extract(img.id);
    expect(ws.text.get(img.id)!.data).toMatchObject({ status: 'no-text', pages: [], warnings: ['OCR not run'] });
    const seen: number[] = [];
    ws.text.setOcr(async (pages) => {
      for (const p of pages) seen.push('encoded' in p.image ? p.image.encoded.length : -1);
      return [{ page: 1, method: 'ocr', text: 'ledger line', confidence: 81 }];
    });
    await ws.text.extract(img.id, { force: true });
    expect(seen).toEqual([png.length]);
    expect(await ws.text.read(img.id)).toMatchObject({ status: 'extracted', pages: [{ method: 'ocr', text: 'ledger line', confidence: 81 }] });
    void add;
    vault.close();
  });

  it('reads a scanned PDF through OCR: the page images decoded in the reader, words with confidence, the languages kept', async () => {
    const { vault, ws, caseId } = await setup();
    // Two image-only pages (no text layer), written by test/fixtures/documents/generate-ocr.mjs; French evidence.
    const ev = await ws.evidence.intake([read('ocr-scan.pdf')], { caseId, originalName: 'scan.pdf', language: 'French' });
    const r = await ws.text.extract(ev.id);
    const t = (await ws.text.read(ev.id))!;
    expect(r.status).toBe('extracted');
    expect(t.languages).toEqual(['fra']);
    expect(t.extractor).toMatch(/^pdfjs-dist .* \+ ocr \(fra\)$/);
    expect(t.pages.map((p) => [p.page, p.method])).toEqual([
      [1, 'ocr'],
      [2, 'ocr'],
    ]);
    for (const p of t.pages) {
      expect(p.confidence!).toBeGreaterThan(60);
      expect(p.words!.length).toBeGreaterThan(5);
    }
    for (const w of ['Déclaration', 'passeport', 'confisqué']) expect(t.pages[0]!.text).toContain(w);
    vault.close();
  }, 300_000);

  it('queues new files after intake when asked (the app), without holding up intake', async () => {
    const { vault, ws, add } = await setup({ autoText: true });
    const ev = await add('letter.docx');
    expect(ws.text.get(ev.id)).toBeNull();
    await ws.text.idle();
    expect((await ws.text.read(ev.id))!.pages[0]!.text).toContain('Ogunbanjo');
    ws.dispose();
    vault.close();
  });

  it('deleting an item deletes its text', async () => {
    const { vault, ws, add } = await setup();
    const ev = await add('letter.docx');
    await ws.text.extract(ev.id);
    await ws.evidence.delete(ev.id);
    expect(ws.repo.countOfKind('evidence_text')).toBe(0);
    vault.close();
  });
});

/** Every form an extracted word could take on disk. */
function forms(word: string): [string, Buffer][] {
  const out: [string, Buffer][] = [
    ['utf8', Buffer.from(word, 'utf8')],
    ['utf16le', Buffer.from(word, 'utf16le')],
    ['utf16be', Buffer.from(word, 'utf16le').swap16()],
  ];
  for (const cs of ['windows-1256', 'iso-8859-1']) {
    const enc = iconv.encode(word, cs);
    if (!enc.includes(0x3f)) out.push([cs, enc]);
  }
  // base64 at each of the three alignments, without the characters the neighbouring bytes would change.
  const utf8 = Buffer.from(word, 'utf8');
  for (let s = 0; s < 3; s++) {
    const b64 = Buffer.concat([Buffer.alloc(s), utf8]).toString('base64');
    const inner = b64.slice(Math.ceil((s * 4) / 3) + 1, b64.length - 4);
    if (inner.length >= 8) out.push([`base64+${s}`, Buffer.from(inner, 'latin1')]);
  }
  return out;
}

describe('canary', () => {
  it('after intake and extraction, no extracted word appears in any vault file, in any encoding', async () => {
    const { dir, vault, ws, caseId, add } = await setup();
    for (const n of ['statement.pdf', 'letter.docx', 'manifest.eml', 'report-1256.html', 'note-latin1.txt']) await add(n);
    const counts = await ws.text.extractCase(caseId);
    expect(counts.attachments).toBe(2);
    const words = new Set<string>();
    for (const t of ws.repo.ofKind('evidence_text')) {
      for (const p of await ws.text.pages(t)) for (const w of p.text.split(/[\s,.:;()<>&'"@-]+/u)) if ([...w].length >= 6) words.add(w);
    }
    for (const w of ['Quillabamba', 'Ogunbanjo', 'Wilhelmina', 'Talamanca', 'الزاوية', 'Ghardaïa', 'Marchetti', 'KESTREL']) expect(words).toContain(w);
    const check = () => {
      const files = filesUnder(dir);
      expect(files.length).toBeGreaterThan(3);
      const leaks: string[] = [];
      for (const f of files) for (const w of words) for (const [name, bytes] of forms(w)) if (f.bytes.includes(bytes)) leaks.push(`${w} (${name}) in ${f.path}`);
      expect(leaks).toEqual([]);
    };
    check(); // open, WAL on disk
    vault.close();
    check();
    const v2 = await unlockVault(dir, PASS);
    const ws2 = new Workspace(v2);
    const names = ws2.evidence.list(caseId).map((e: { data: EvidenceData }) => e.data.title);
    expect(names).toContain('receipt.pdf');
    expect(ws2.repo.countOfKind('evidence_text')).toBe(7);
    ws2.dispose();
    v2.close();
  });
});
