/**
 * Extracted text kept as a sealed body blob (evidence_text v2): the record holds no text; readers (service,
 * full-text index, mentions) open the body; replacing or deleting the text deletes its body; v1 records (pages
 * inline) are still read and are moved by migrateInlineTexts in one transaction, never half.
 */
import { describe, expect, it } from 'vitest';
import type { EvidenceTextData } from '../../../shared/model/records';
import { blobRefs } from '../../../main/core/blobs/blob-refs';
import { Workspace } from '../../../main/core/workspace';
import { unlockVault } from '../../../main/core/vault/vault';
import { readEvidenceText, type EvidenceTextRecord } from '../../../main/core/documents/text-store';
import { newTestVault, PASS } from '../../helpers/vault';

async function setup() {
  const { dir, vault } = await newTestVault();
  const ws = new Workspace(vault);
  const c = ws.cases.create({ name: 'Kufra route' });
  const item = async (name: string) => ws.evidence.intake([Buffer.from(`%PDF-1.4 ${name}`)], { caseId: c.id, originalName: `${name}.pdf` });
  return { dir, vault, ws, caseId: c.id, item };
}

function textFor(caseId: string, evidenceId: string, words: string[]): EvidenceTextData {
  return {
    caseId,
    evidenceId,
    sha256: 'b'.repeat(64),
    status: 'extracted',
    pages: words.map((w, i) => ({ page: i + 1, method: 'pdf-text' as const, text: `Page ${i + 1} names ${w} at the checkpoint.` })),
    languages: [],
    extractor: 'test',
    extractedAt: '2026-02-03T04:05:06.000Z',
    warnings: [],
  };
}

const found = async (ws: Workspace, word: string) => (await ws.fulltext.query({ text: word })).hits.map((h) => h.id);

describe('extracted text in a sealed body', () => {
  it('keeps no text in the record, opens it from the body, and indexes it', async () => {
    const { vault, ws, caseId, item } = await setup();
    const ev = await item('one');
    const rec = await ws.text.save(textFor(caseId, ev.id, ['Tazirbuvenko', 'Ajdabiquorra']));
    expect(rec.v).toBe(2);
    expect(JSON.stringify(rec.data)).not.toMatch(/Tazirbuvenko|Ajdabiquorra|checkpoint/);
    expect(rec.data.pages).toEqual([
      { page: 1, method: 'pdf-text' },
      { page: 2, method: 'pdf-text' },
    ]);
    // The body is a blob reference like any other: vault check verifies it, garbage collection keeps it.
    expect(blobRefs(rec).map((b) => b.blobId)).toEqual([rec.data.body!.blobId]);
    expect(vault.blobs.listOnDisk()).toContain(rec.data.body!.blobId);
    const text = (await ws.text.read(ev.id))!;
    expect(text.pages.map((p) => p.text)).toEqual(['Page 1 names Tazirbuvenko at the checkpoint.', 'Page 2 names Ajdabiquorra at the checkpoint.']);
    expect(text).not.toHaveProperty('body');
    expect(await found(ws, 'Ajdabiquorra')).toEqual([ev.id]);
    vault.close();
  });

  it('replacing a text deletes the old body and reindexes; deleting the item deletes its body', async () => {
    const { vault, ws, caseId, item } = await setup();
    const ev = await item('two');
    const first = await ws.text.save(textFor(caseId, ev.id, ['Ghadamesolvo']));
    expect(await found(ws, 'Ghadamesolvo')).toEqual([ev.id]);
    const second = await ws.text.save(textFor(caseId, ev.id, ['Ubarivantesk']));
    expect(second.id).toBe(first.id);
    expect(vault.blobs.listOnDisk()).not.toContain(first.data.body!.blobId);
    await ws.fulltext.ready();
    expect(await found(ws, 'Ghadamesolvo')).toEqual([]);
    expect(await found(ws, 'Ubarivantesk')).toEqual([ev.id]);
    await ws.evidence.delete(ev.id);
    expect(ws.repo.countOfKind('evidence_text')).toBe(0);
    expect(vault.blobs.listOnDisk()).not.toContain(second.data.body!.blobId);
    expect(await found(ws, 'Ubarivantesk')).toEqual([]);
    vault.close();
  });

  it('the full-text worker is fed the bodies at start, and a text saved later once its body is opened', async () => {
    const { vault, ws, caseId, item } = await setup();
    const a = await item('a');
    await ws.text.save(textFor(caseId, a.id, ['Awjilantoros']));
    // A new workspace over the same vault: its repository is read from disk, as at unlock.
    ws.dispose();
    const w = new Workspace(vault, undefined, { fulltext: 'worker' });
    try {
      await w.fulltext.ready();
      expect(await found(w, 'Awjilantoros')).toEqual([a.id]);
      const b = await w.evidence.intake([Buffer.from('%PDF-1.4 b')], { caseId, originalName: 'b.pdf' });
      await w.text.save(textFor(caseId, b.id, ['Jaloquinterra']));
      await w.fulltext.ready();
      expect(await found(w, 'Jaloquinterra')).toEqual([b.id]);
    } finally {
      w.dispose();
      vault.close();
    }
  });

  it('a body that does not match its record is refused', async () => {
    const { vault, ws, caseId, item } = await setup();
    const a = await item('a');
    const b = await item('b');
    const ra = await ws.text.save(textFor(caseId, a.id, ['Sebhaquintor']));
    const rb = await ws.text.save(textFor(caseId, b.id, ['Murzukelanta']));
    const swapped: EvidenceTextRecord = { ...ra, data: { ...ra.data, body: { ...ra.data.body!, blobId: rb.data.body!.blobId } } };
    await expect(readEvidenceText(vault.blobs, swapped)).rejects.toMatchObject({ code: 'BLOB_TAMPERED' });
    vault.close();
  });
});

describe('moving v1 texts (pages inline) into bodies', () => {
  /** Three items whose texts were written the v1 way, before bodies. */
  async function legacy() {
    const s = await setup();
    const ids: string[] = [];
    for (const [i, w] of ['Qatrunivello', 'Waddanoskeri', 'Hunaquellibo'].entries()) {
      const ev = await s.item(`legacy-${i}`);
      s.ws.repo.transact({ action: 'custody.text_extracted', target: { kind: 'evidence', id: ev.id }, custodyItem: ev.id }, (tx) => tx.insert('evidence_text', textFor(s.caseId, ev.id, [w]), { v: 1 }));
      ids.push(ev.id);
    }
    return { ...s, ids };
  }

  const versions = (ws: Workspace) => [...ws.repo.ofKind('evidence_text')].map((r) => r.v).sort();

  it('reads them as they are, then moves them all in one audited transaction; the text and the index are unchanged', async () => {
    const { dir, vault, ws, ids } = await legacy();
    expect(versions(ws)).toEqual([1, 1, 1]);
    expect((await ws.text.read(ids[1]!))!.pages[0]!.text).toContain('Waddanoskeri');
    expect(await found(ws, 'Hunaquellibo')).toEqual([ids[2]]);
    const blobsBefore = vault.blobs.listOnDisk().length;
    expect(await ws.text.migrateInlineTexts()).toBe(3);
    expect(versions(ws)).toEqual([2, 2, 2]);
    expect(vault.blobs.listOnDisk().length).toBe(blobsBefore + 3);
    for (const r of ws.repo.ofKind('evidence_text')) expect(JSON.stringify(r.data)).not.toMatch(/Qatrunivello|Waddanoskeri|Hunaquellibo/);
    expect([...vault.audit.entries()].filter((e) => e.action === 'documents.texts_moved').map((e) => e.details)).toEqual([{ records: 3 }]);
    expect(await ws.text.migrateInlineTexts()).toBe(0);
    expect(await found(ws, 'Hunaquellibo')).toEqual([ids[2]]);
    ws.dispose();
    vault.close();
    // From disk: moved, readable, searchable.
    const v2 = await unlockVault(dir, PASS);
    const ws2 = new Workspace(v2);
    expect(versions(ws2)).toEqual([2, 2, 2]);
    expect((await ws2.text.read(ids[0]!))!.pages[0]!.text).toBe('Page 1 names Qatrunivello at the checkpoint.');
    expect(await found(ws2, 'Waddanoskeri')).toEqual([ids[1]]);
    ws2.dispose();
    v2.close();
  });

  it('a failure while writing the bodies leaves every record as it was and deletes the bodies written', async () => {
    const { vault, ws } = await legacy();
    const before = vault.blobs.listOnDisk().sort();
    const write = vault.blobs.write.bind(vault.blobs);
    let calls = 0;
    vault.blobs.write = async (...args) => {
      if (++calls === 3) throw new Error('disk full');
      return write(...args);
    };
    await expect(ws.text.migrateInlineTexts()).rejects.toThrow(/disk full/);
    expect(calls).toBe(3);
    // Started unasked after unlock, so its failure is in the log (the code, not the message).
    expect([...vault.audit.entries()].filter((e) => e.action === 'documents.texts_move_failed').map((e) => e.details)).toEqual([{ records: 3, code: 'ERROR' }]);
    expect(versions(ws)).toEqual([1, 1, 1]);
    expect(vault.blobs.listOnDisk().sort()).toEqual(before);
    vault.close();
  });

  it('a failure inside the transaction (after some records were updated in it) rolls all of them back, on disk too', async () => {
    const { dir, vault, ws, ids } = await legacy();
    const order = [...ws.repo.ofKind('evidence_text')];
    const last = order.at(-1)!;
    const write = vault.blobs.write.bind(vault.blobs);
    let calls = 0;
    // While the last body is written, that record changes: the transaction has updated the others when it meets it.
    vault.blobs.write = async (...args) => {
      if (++calls === order.length) ws.repo.transact({ action: 'evidence.updated' }, (tx) => tx.update(last, { ...(last.data as object), warnings: ['edited meanwhile'] }, 1));
      return write(...args);
    };
    await expect(ws.text.migrateInlineTexts()).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(versions(ws)).toEqual([1, 1, 1]);
    expect([...vault.audit.entries()].filter((e) => e.action === 'documents.texts_move_failed').map((e) => e.details)).toEqual([{ records: 3, code: 'CONFLICT' }]);
    ws.dispose();
    vault.close();
    const v2 = await unlockVault(dir, PASS);
    const ws2 = new Workspace(v2);
    expect(versions(ws2)).toEqual([1, 1, 1]);
    expect([...v2.audit.entries()].some((e) => e.action === 'documents.texts_moved')).toBe(false);
    expect((await ws2.text.read(ids[0]!))!.pages[0]!.text).toContain('Qatrunivello');
    // The next attempt (the next unlock, in the app) moves them.
    expect(await ws2.text.migrateInlineTexts()).toBe(3);
    expect(versions(ws2)).toEqual([2, 2, 2]);
    ws2.dispose();
    v2.close();
  });
});
