import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { granter } from '../../helpers/grants';
import { MALFORMED, NETWORK, readFtm } from '../../helpers/ftm';
import { tempDir } from '../../helpers/tmp';
import { TEST_KDF, openInSession } from '../../helpers/vault';
import { caller } from '../../helpers/ipc';

async function app() {
  const events: [string, unknown][] = [];
  const dir = tempDir();
  const { session, router, grants } = createApp({ vaultDir: join(dir, 'vault'), kdf: TEST_KDF, emit: (e, p) => events.push([e, p]) }, { validateResponses: true });
  await openInSession(session);
  const { call } = caller(router);
  return { router, call, events, dir, g: granter(grants) };
}

describe('ftm channels over the real router', () => {
  it('imports a file as a job with progress, into the given case, and exports it back', async () => {
    const { call, events, dir, g } = await app();
    const c = await call('case.create', { name: 'Zawiya network' });
    const report = await call('ftm.import', { caseId: c.id, grant: g.read('ftm.import', NETWORK), jobId: 'imp-1' });
    expect(report).toMatchObject({ format: 'ftm', caseId: c.id, imported: { entities: 14, links: 18, designations: 1, skipped: 0 }, rejected: [], aborted: false });
    const size = readFileSync(NETWORK).length;
    const progress = events.filter(([e]) => e === 'job.progress').map(([, p]) => p);
    expect(progress[0]).toEqual({ jobId: 'imp-1', label: 'Importing network.ftm.jsonl', done: 0, total: size });
    expect(progress.at(-1)).toEqual({ jobId: 'imp-1', label: 'Importing network.ftm.jsonl', done: size, total: size });
    expect((await call('case.list'))[0]!.counts).toMatchObject({ entity: 14, link: 18, designation: 1 });

    const out = join(dir, 'out.ftm.jsonl');
    const ex = await call('ftm.export', { caseId: c.id, grant: g.write('ftm.export', out)});
    // The fixture's Ownership of a crypto wallet is not FtM (not an Asset): it goes out as an UnknownLink, reported.
    expect(ex).toMatchObject({ name: 'out.ftm.jsonl', entities: 14, links: 18, events: 0, documents: 0, sanctions: 1, invalid: [] });
    expect(ex.skipped.map((s: { kind: string }) => s.kind)).toEqual(['owns links between a Person and a CryptoWallet']);
    expect(readFtm(out)).toHaveLength(33);
    await expect(call('ftm.export', { caseId: c.id, grant: g.write('ftm.export', out)})).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('answers a malformed file with the report (nothing imported), and the default case when none is named', async () => {
    const { call, g } = await app();
    const report = await call('ftm.import', { grant: g.read('ftm.import', MALFORMED), jobId: 'imp-2' });
    expect(report.aborted).toBe(true);
    expect(report.rejected).toHaveLength(10);
    expect(report.rejected[0]).toMatchObject({ line: 3, reason: expect.stringMatching(/not valid JSON/) as string });
    const cases = await call('case.list');
    expect(cases.map((c: { data: { name: string } }) => c.data.name)).toEqual(['Default']);
    expect(cases[0]!.counts).toEqual({});
    const valid = await call('ftm.import', { grant: g.read('ftm.import', MALFORMED), validLinesOnly: true, jobId: 'imp-3' });
    expect(valid).toMatchObject({ aborted: false, imported: { entities: 5, links: 2, designations: 1 } });
  });

  it('cancels an import with job.cancel, leaving nothing imported', async () => {
    const { call, g } = await app();
    const c = await call('case.create', { name: 'Cancelled' });
    const running = call('ftm.import', { caseId: c.id, grant: g.read('ftm.import', NETWORK), jobId: 'imp-x' });
    expect(await call('job.cancel', { jobId: 'imp-x' })).toEqual({ cancelled: true });
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await call('case.list'))[0]!.counts).toEqual({});
  });

  it('reports a missing file and an unknown case as errors', async () => {
    const { call, dir, g } = await app();
    await expect(call('ftm.import', { grant: g.read('ftm.import', join(dir, 'nope.jsonl')), jobId: 'j' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('ftm.import', { caseId: 'f'.repeat(32), grant: g.read('ftm.import', NETWORK), jobId: 'j' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('ftm.export', { caseId: 'f'.repeat(32), grant: g.write('ftm.export', join(dir, 'x.jsonl'))})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
