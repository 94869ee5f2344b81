/**
 * Extracted text in evidence packages (issue 14): data/text/<item>/text.txt beside each file whose text was read,
 * described in data/metadata/texts.json (method, extractor, OCR confidence, page map, hashes, the file it was
 * read from), through witness protection like every text Sanctum writes, withheld with its original; verified
 * (hashes, its original present) and restored at import as the item's text without reading the file again.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPackage, importPackage, verifyBag, type ExportResult } from '../../../main/core/exchange/package';
import { TextsFile } from '../../../main/core/exchange/package/load-file';
import { Workspace } from '../../../main/core/workspace';
import { InProcessExtractor } from '../../../main/core/documents/in-process';
import { ocrPages } from '../../../main/core/documents/ocr';
import type { Extractor } from '../../../main/core/documents/text-worker-client';
import { initCrypto } from '../../../main/core/crypto/sodium';
import { sha256Hex } from '../../../main/core/crypto/hash';
import { createVault, type Vault } from '../../../main/core/vault/vault';
import { PASS, TEST_KDF, WITNESS_PASS } from '../../helpers/vault';
import { ORG } from '../../helpers/package-fixture';

const FIX = join(__dirname, '..', '..', 'fixtures', 'documents');
const read = (name: string) => readFileSync(join(FIX, name));

/** The canary: a protected witness's real name, whose parts must never leave in any file of the package. */
const CANARY = 'Tsehaye Gebremariam Kidane';
const CANARY_PARTS = ['Tsehaye', 'Gebremariam', 'Kidane'];
const PSEUDONYM = 'W-7';

/** An image whose bytes spell nothing: what it says comes from OCR (a stub here; the scan below is real OCR). */
const png = (fill: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, fill)]);

interface Side {
  root: string;
  vault: Vault;
  ws: Workspace;
  dispose(): void;
}

async function side(extractor: Extractor, opts: { autoText?: boolean } = {}): Promise<Side> {
  await initCrypto();
  const root = mkdtempSync(join(tmpdir(), 'sanctum-pkgtext-'));
  const { vault } = await createVault(join(root, 'vault'), { passphrase: PASS, witnessPassphrase: WITNESS_PASS, kdf: TEST_KDF });
  const ws = new Workspace(vault, undefined, { textExtractor: extractor, ...(opts.autoText ? { autoText: true } : {}) });
  return {
    root,
    vault,
    ws,
    dispose() {
      ws.dispose();
      vault.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

let sender: Side;
let work: string;
let bag: string;
let exported: ExportResult;
const ids = { pdf: '', scan: '', pairImage: '', nameImage: '' };

beforeAll(async () => {
  sender = await side(new InProcessExtractor());
  const { ws, vault } = sender;
  await vault.unlockWitness(WITNESS_PASS);
  const caseId = ws.cases.create({ name: 'Kufra ledger' }).id;
  ws.witnesses.create({ caseId, pseudonym: PSEUDONYM }, { fullName: CANARY });
  const add = async (bytes: Uint8Array, originalName: string, language?: string) =>
    (await ws.evidence.intake([bytes], { caseId, originalName, ...(language ? { language } : {}) })).id;
  // A PDF with a text layer, and a scanned PDF read by OCR (tesseract, French).
  ids.pdf = await add(read('statement.pdf'), 'statement.pdf');
  await ws.text.extract(ids.pdf);
  ids.scan = await add(read('ocr-scan.pdf'), 'scan.pdf', 'French');
  await ws.text.extract(ids.scan);
  // Photos whose OCR'd text names the witness: by name parts in another order (the matcher replaces them), and by
  // the full name as written (the photo shows the name, so the photo and its text are withheld).
  ids.pairImage = await add(png(1), 'ledger-page.png');
  ws.text.setOcr(async () => [{ page: 1, method: 'ocr', text: 'Paid by KIDANE, Tsehaye: 400 dinars for the crossing', confidence: 72 }]);
  await ws.text.extract(ids.pairImage);
  ids.nameImage = await add(png(2), 'receipt.png');
  ws.text.setOcr(async () => [{ page: 1, method: 'ocr', text: `Received from ${CANARY}, 300 dinars`, confidence: 88 }]);
  await ws.text.extract(ids.nameImage);
  ws.text.setOcr(ocrPages);
  work = mkdtempSync(join(tmpdir(), 'sanctum-pkgtext-out-'));
  bag = join(work, 'bag');
  exported = await exportPackage(ws, { caseId, selection: { case: true }, profile: 'panel', outPath: bag, organization: ORG });
}, 600_000);

afterAll(() => {
  sender?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

const texts = () => TextsFile.parse(JSON.parse(readFileSync(join(bag, 'data/metadata/texts.json'), 'utf8'))).texts;

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

describe('extracted text in packages', () => {
  it('writes each text beside its file, described with method, extractor, confidence, page map and hashes', async () => {
    const rows = texts();
    expect(rows.map((r) => r.id).sort()).toEqual([ids.pdf, ids.scan, ids.pairImage].sort());
    const manifest = new Map(
      readFileSync(join(bag, 'manifest-sha256.txt'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(66), l.slice(0, 64)] as const),
    );
    for (const r of rows) {
      expect(r.path).toBe(`data/text/${r.id}/text.txt`);
      const bytes = readFileSync(join(bag, r.path));
      // Its own hashes, in the BagIt manifests like every payload file, and the same in texts.json.
      expect(manifest.get(r.path)).toBe(sha256Hex(bytes));
      expect(r.sha256).toBe(sha256Hex(bytes));
      expect(r.size).toBe(bytes.length);
      // Linked to the file it was read from, which is in the bag.
      expect(r.of).toBe(exported.items.find((i) => i.id === r.id)!.path);
      expect(manifest.has(r.of)).toBe(true);
      // The page map cuts text.txt into the pages the vault holds (the PDF's pages, unchanged: no witness in them).
      const kept = (await sender.ws.text.read(r.id))!.pages;
      expect(r.pages.map((p) => [p.page, p.method])).toEqual(kept.map((p) => [p.page, p.method]));
      if (r.id !== ids.pairImage) expect(r.pages.map((p) => bytes.subarray(p.offset, p.offset + p.length).toString('utf8'))).toEqual(kept.map((p) => p.text));
    }
    const pdf = rows.find((r) => r.id === ids.pdf)!;
    expect(pdf).toMatchObject({ methods: ['pdf-text'], ocrConfidence: null, status: 'partial' });
    expect(pdf.extractor).toMatch(/^pdfjs-dist /);
    expect(readFileSync(join(bag, pdf.path), 'utf8')).toContain('Omondi Wekesa');
    const scan = rows.find((r) => r.id === ids.scan)!;
    expect(scan).toMatchObject({ methods: ['ocr'], languages: ['fra'] });
    expect(scan.ocrConfidence!).toBeGreaterThan(60);
    for (const p of scan.pages) expect(p.confidence!).toBeGreaterThan(60);
    expect(readFileSync(join(bag, scan.path), 'utf8')).toContain('passeport');
    // The export's result and the custody entry of the item name the text too.
    expect(exported.texts.map((t) => [t.id, t.path, t.of]).sort()).toEqual(rows.map((r) => [r.id, r.path, r.of]).sort());
    const entry = sender.ws.evidence.custody(ids.scan).at(-1)!;
    expect(entry.details).toMatchObject({ packageId: exported.packageId, text: { path: scan.path, sha256: scan.sha256 } });
  });

  it('passes the text through witness protection: names replaced; a file whose text shows the name is withheld with it', () => {
    const pair = texts().find((r) => r.id === ids.pairImage)!;
    const text = readFileSync(join(bag, pair.path), 'utf8');
    expect(text).toContain(PSEUDONYM);
    expect(text).toContain('400 dinars');
    const withheld = JSON.parse(readFileSync(join(bag, 'data/metadata/withheld.json'), 'utf8')) as { items: { id: string; code: string }[] };
    expect(withheld.items).toContainEqual(expect.objectContaining({ id: ids.nameImage, code: 'witness_name' }));
    expect(exported.items.some((i) => i.id === ids.nameImage)).toBe(false);
    expect(texts().some((r) => r.id === ids.nameImage)).toBe(false);
    // The canary: no part of the name in any file of the package, in UTF-8 or UTF-16, in any case.
    for (const f of allFiles(bag)) {
      const b = readFileSync(f);
      const views = [b.toString('utf8'), b.toString('utf16le'), b.subarray(1).toString('utf16le')].map((v) => v.toLowerCase());
      for (const part of CANARY_PARTS) for (const v of views) expect(v.includes(part.toLowerCase()), `${part} in ${f}`).toBe(false);
    }
  });

  it('verifies: valid as exported, documented in the profile', async () => {
    const r = await verifyBag(bag, { requireSanctum: true });
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.sanctum!.texts).toBe(3);
  });

  it('fails verification naming text.txt when it was changed', async () => {
    const copy = join(work, 'tampered');
    cpSync(bag, copy, { recursive: true });
    const t = texts()[0]!;
    const p = join(copy, t.path);
    writeFileSync(p, Buffer.concat([readFileSync(p), Buffer.from(' and one more line')]));
    const r = await verifyBag(copy, { requireSanctum: true });
    expect(r.valid).toBe(false);
    expect(r.problems.some((x) => x.severity === 'error' && x.file === t.path)).toBe(true);
  });

  it('fails verification when a text is in the bag without its original', async () => {
    const copy = join(work, 'orphan');
    cpSync(bag, copy, { recursive: true });
    const t = texts().find((r) => r.id === ids.pdf)!;
    rmSync(join(copy, t.of));
    const r = await verifyBag(copy, { requireSanctum: true });
    expect(r.valid).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ severity: 'error', file: t.path, reason: expect.stringMatching(/original is absent/) }));
  });

  it('fails verification for a text file texts.json does not describe', async () => {
    const copy = join(work, 'undescribed');
    cpSync(bag, copy, { recursive: true });
    const rows = texts();
    writeFileSync(join(copy, 'data/metadata/texts.json'), `${JSON.stringify({ format: 'sanctum.texts.v1', texts: rows.slice(1) }, null, 2)}\n`);
    const r = await verifyBag(copy, { requireSanctum: true });
    expect(r.valid).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ severity: 'error', file: rows[0]!.path, reason: expect.stringMatching(/no row in data\/metadata\/texts.json/) }));
  });

  it('imports the text as the item’s text: sealed, linked to the imported file, marked imported, not read again', async () => {
    let reads = 0;
    const inner = new InProcessExtractor();
    const counting: Extractor = {
      extract: (...a) => {
        reads++;
        return inner.extract(...a);
      },
      dispose: () => inner.dispose(),
    };
    // The receiver reads new files on its own (autoText), as the app does: imported files must not be read again.
    const receiver = await side(counting, { autoText: true });
    try {
      receiver.ws.text.setOcr(async () => {
        throw new Error('OCR must not run on an imported text');
      });
      const r = await importPackage(receiver.ws, bag, { trustSigner: sender.vault.fingerprint });
      await receiver.ws.text.idle();
      expect(reads).toBe(0);
      expect(r.texts.map((t) => t.originalId).sort()).toEqual([ids.pdf, ids.scan, ids.pairImage].sort());
      for (const t of r.texts) {
        const row = texts().find((x) => x.id === t.originalId)!;
        const item = receiver.ws.evidence.get(t.id);
        expect(r.items.find((i) => i.id === t.id)!.originalId).toBe(t.originalId);
        const got = (await receiver.ws.text.read(t.id))!;
        expect(got.sha256).toBe(item.data.file!.blob.sha256);
        expect(got.imported).toEqual({ packageId: exported.packageId, originalId: t.originalId, sha256: row.sha256 });
        expect(got.extractor).toContain(exported.packageId);
        const bytes = readFileSync(join(bag, row.path));
        expect(got.pages.map((p) => [p.page, p.method, p.confidence, p.text])).toEqual(
          row.pages.map((p) => [p.page, p.method, p.confidence, bytes.subarray(p.offset, p.offset + p.length).toString('utf8')]),
        );
        const chain = receiver.ws.evidence.custody(t.id).map((e) => e.action);
        expect(chain).toEqual(['custody.intake', 'custody.text_imported']);
      }
      const scan = r.texts.find((t) => t.originalId === ids.scan)!;
      expect(receiver.ws.text.get(scan.id)!.data.pages.every((p) => p.method === 'ocr' && p.confidence! > 60)).toBe(true);
      expect(receiver.vault.audit.verify().ok).toBe(true);
    } finally {
      receiver.dispose();
    }
  });

  it('carries the text in archives too (tar), verified the same way', async () => {
    const tar = join(work, 'pkg.tar');
    const caseId = sender.ws.cases.list()[0]!.id;
    const e = await exportPackage(sender.ws, { caseId, selection: { evidenceIds: [ids.pdf] }, profile: 'panel', outPath: tar, organization: ORG });
    expect(e.texts.map((t) => t.id)).toEqual([ids.pdf]);
    const r = await verifyBag(tar, { requireSanctum: true });
    expect(r.valid).toBe(true);
    expect(r.sanctum!.texts).toBe(1);
  });
});
