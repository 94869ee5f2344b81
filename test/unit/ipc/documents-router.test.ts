/** evidence.text, evidence.extractText and textStatus in evidence.list, over the real router (responses validated). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { TEST_KDF, PASS, WITNESS_PASS } from '../../helpers/vault';
import { tempDir } from '../../helpers/tmp';
import { caller } from '../../helpers/ipc';

const FIX = join(__dirname, '..', '..', 'fixtures', 'documents');

describe('document channels', () => {
  it('extracts a case as a job with progress, lists the status, answers the text and logs the view', async () => {
    const events: [string, { jobId?: string; done?: number; total?: number | null }][] = [];
    const { session, router } = createApp({ vaultDir: join(tempDir(), 'vault'), kdf: TEST_KDF, emit: (e, p) => events.push([e, p as never]) }, { validateResponses: true });
    const { call } = caller(router);
    await call('vault.create', { passphrase: PASS, witnessPassphrase: WITNESS_PASS });
    const c = await call('case.create', { name: 'Letters' });
    const ws = session.workspace();
    const ev = await ws.evidence.intake([readFileSync(join(FIX, 'letter.docx'))], { caseId: c.id, originalName: 'letter.docx' });
    expect((await call('evidence.list', { caseId: c.id }))[0]).toMatchObject({ id: ev.id, textStatus: 'pending', partOf: null });
    expect(await call('evidence.text', { evidenceId: ev.id })).toEqual({ evidenceId: ev.id, text: null });

    const counts = await call('evidence.extractText', { caseId: c.id, jobId: 'text-1' });
    expect(counts).toEqual({ extracted: 1, partial: 0, noText: 0, unsupported: 0, failed: 0, skipped: 0, attachments: 0 });
    const progress = events.filter(([e, p]) => e === 'job.progress' && p.jobId === 'text-1').map(([, p]) => [p.done, p.total]);
    expect(progress.at(-1)).toEqual([1, 1]);
    expect((await call('evidence.list', { caseId: c.id }))[0]!.textStatus).toBe('extracted');
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
});
