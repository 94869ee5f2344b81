/** evidence.text, evidence.extractText and textStatus in evidence.list, over the real router (responses validated). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { TEST_KDF, openInSession } from '../../helpers/vault';
import { tempDir } from '../../helpers/tmp';
import { caller } from '../../helpers/ipc';

const FIX = join(__dirname, '..', '..', 'fixtures', 'documents');

describe('document channels', () => {
  it('extracts a case as a job with progress, lists the status, answers the text and logs the view', async () => {
    const events: [string, { jobId?: string; done?: number; total?: number | null }][] = [];
    const { session, router } = createApp({ vaultDir: join(tempDir(), 'vault'), kdf: TEST_KDF, emit: (e, p) => events.push([e, p as never]) }, { validateResponses: true });
    const { call } = caller(router);
    await openInSession(session);
    const c = await call('case.create', { name: 'Letters' });
    const ws = session.workspace();
    const ev = await ws.evidence.intake([readFileSync(join(FIX, 'letter.docx'))], { caseId: c.id, originalName: 'letter.docx' });
    expect((await call('evidence.list', { caseId: c.id }))[0]).toMatchObject({ id: ev.id, textStatus: 'pending', ocrConfidence: null, partOf: null });
    expect(await call('evidence.text', { evidenceId: ev.id })).toEqual({ evidenceId: ev.id, text: null });

    const counts = await call('evidence.extractText', { caseId: c.id, jobId: 'text-1' });
    expect(counts).toEqual({ extracted: 1, partial: 0, noText: 0, unsupported: 0, failed: 0, skipped: 0, attachments: 0 });
    const progress = events.filter(([e, p]) => e === 'job.progress' && p.jobId === 'text-1').map(([, p]) => [p.done, p.total]);
    expect(progress.at(-1)).toEqual([1, 1]);
    expect((await call('evidence.list', { caseId: c.id }))[0]).toMatchObject({ textStatus: 'extracted', ocrConfidence: null });
    const view = await call('evidence.text', { evidenceId: ev.id });
    expect(view.text!.pages[0]!.text).toContain('Fennimore Ogunbanjo');
    expect(ws.evidence.custody(ev.id).map((e) => [e.action, e.details?.purpose ?? null])).toEqual([
      ['custody.intake', null],
      ['custody.text_extracted', null],
      ['custody.viewed', 'text'],
    ]);
    await expect(call('evidence.extractText', { caseId: c.id, evidenceIds: ['0'.repeat(32)], jobId: 'text-2' })).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|INVALID_INPUT/) });
    await call('vault.lock');
  });

  it('gives each row the lowest confidence of its OCR\'d pages (the library\'s "OCR low confidence" filter)', async () => {
    const { session, router } = createApp({ vaultDir: join(tempDir(), 'vault'), kdf: TEST_KDF }, { validateResponses: true });
    const call = async <T = any>(ch: string, p: unknown = {}): Promise<T> => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const r = await router.invoke(ch, p);
      if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
      return r.value as T;
    };
    await openInSession(session);
    const c = await call('case.create', { name: 'Scans' });
    const ws = session.workspace();
    // A stand-in for tesseract: page n is read with confidence 90 - 40 * (n - 1), so page 2 is the weak one.
    const seen: number[] = [];
    ws.text.setOcr(async (pages) => {
      seen.push(...pages.map((p) => p.page));
      return pages.map((p) => ({ page: p.page, method: 'ocr' as const, text: `words on page ${p.page}`, confidence: 90 - 40 * (p.page - 1) }));
    });
    const scan = await ws.evidence.intake([readFileSync(join(FIX, 'ocr-scan.pdf'))], { caseId: c.id, originalName: 'ocr-scan.pdf' });
    const letter = await ws.evidence.intake([readFileSync(join(FIX, 'letter.docx'))], { caseId: c.id, originalName: 'letter.docx' });
    await call('evidence.extractText', { caseId: c.id, jobId: 'text-ocr' });
    expect(seen).toEqual([1, 2]);
    const rows = await call<{ id: string; ocrConfidence: number | null }[]>('evidence.list', { caseId: c.id });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.ocrConfidence]))).toEqual({ [scan.id]: 50, [letter.id]: null });
    await call('vault.lock');
  }, 240_000); // the scan's page images are decoded in the text worker: slow on a loaded machine
});
