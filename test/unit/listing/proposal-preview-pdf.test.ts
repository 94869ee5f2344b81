import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp, type SystemBridge } from '../../../main/ipc';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { tempDir } from '../../helpers/tmp';
import { PASS, TEST_KDF, openInSession } from '../../helpers/vault';
import { caller } from '../../helpers/ipc';

const LY = 'un-1970-libya';

async function setup(system?: SystemBridge) {
  const { session, router, grants } = createApp({ vaultDir: join(tempDir(), 'v'), kdf: TEST_KDF }, { validateResponses: true }, system);
  await openInSession(session, { witnessPassphrase: PASS });
  const f = await buildFixtureCase(session.workspace());
  const { call, sendUnchecked } = caller(router);
  const out = (path: string) => grants.issue(path, 'write', 'listing.export').grant;
  return { session, f, call, sendUnchecked, out };
}

const dialogs = { pickFiles: async () => [], pickSavePath: async () => null };

describe('listing preview of unsaved edits, and PDF export through the shell', () => {
  it('previews draft fields without saving them', async () => {
    const { session, f, call, sendUnchecked } = await setup();
    await call('listing.saveDraft', { draft: { caseId: f.caseId, entityId: f.e.milad, regimeId: LY, introduction: 'Saved intro.' } });
    const p = await call('listing.preview', { entityId: f.e.milad, regimeId: LY, draft: { introduction: 'Typed, not saved.', excludeClaims: [f.claims.participation] } });
    expect(p.introduction).toBe('Typed, not saved.');
    expect(p.statementOfCase.map((x) => x.claimId)).not.toContain(f.claims.participation);
    // The saved draft is untouched, and the plain preview still shows it.
    expect((await call('listing.draft', { entityId: f.e.milad, regimeId: LY }))!.introduction).toBe('Saved intro.');
    expect((await call('listing.preview', { entityId: f.e.milad, regimeId: LY })).introduction).toBe('Saved intro.');
    await expect(sendUnchecked('listing.preview', { entityId: f.e.milad, regimeId: LY, draft: { caseId: f.caseId } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    session.lock('test');
  });

  it('files the PDF the shell prints, hashed and logged; refuses without a printer, for a victim, or non-PDF bytes', async () => {
    let printed = 0;
    let bytes = Buffer.from('%PDF-1.7\n% a printed proposal\n%%EOF\n');
    const { session, f, call, out } = await setup({ ...dialogs, printToPdf: async () => (printed++, bytes) });
    const dir = tempDir();
    const r = await call('listing.export', { entityId: f.e.milad, regimeId: LY, format: 'pdf', grant: out(join(dir, 'p.pdf')) });
    expect(r.name).toBe('p.pdf');
    expect(readFileSync(join(dir, 'p.pdf'))).toEqual(bytes);
    const logged = [...session.vault().audit.entries()].filter((e) => e.action === 'export.listing_proposal');
    expect(logged.map((e) => [e.details!.format, e.details!.sha256])).toEqual([['pdf', r.sha256]]);
    // A victim is refused before anything is printed.
    await expect(call('listing.export', { entityId: f.e.victim, regimeId: LY, format: 'pdf', grant: out(join(dir, 'v.pdf')) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(printed).toBe(1);
    await expect(call('listing.export', { entityId: f.e.milad, regimeId: LY, format: 'pdf', grant: out(join(dir, 'p.pdf')) })).rejects.toMatchObject({ code: 'CONFLICT' });
    // A redaction decided in review is not in the printed preview: refused before anything is printed or written.
    printed = 0;
    await expect(call('listing.export', { entityId: f.e.milad, regimeId: LY, format: 'pdf', grant: out(join(dir, 'r.pdf')), review: [{ key: '0123456789abcdef', decision: 'redact' }] })).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    expect(printed).toBe(0);
    expect(existsSync(join(dir, 'r.pdf'))).toBe(false);
    bytes = Buffer.from('<html>not a pdf</html>');
    await expect(call('listing.export', { entityId: f.e.milad, regimeId: LY, format: 'pdf', grant: out(join(dir, 'q.pdf')) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    session.lock('test');

    const plain = await setup(dialogs);
    await expect(plain.call('listing.export', { entityId: plain.f.e.milad, regimeId: LY, format: 'pdf', grant: plain.out(join(dir, 'x.pdf')) })).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    plain.session.lock('test');
  });
});
