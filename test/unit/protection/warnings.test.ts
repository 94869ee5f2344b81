/**
 * Writing-time warnings (statement editor, claim dialog) through the router: positions and field names of
 * identity mentions, never the identity itself; nothing without the compartment.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { tempDir } from '../../helpers/tmp';
import { TEST_KDF, WITNESS_PASS, openInSession } from '../../helpers/vault';
import { caller } from '../../helpers/ipc';

describe('witness.checkText', () => {
  it('finds the witness identity in any spelling, answers positions only, and needs the compartment', async () => {
    const { session, router } = createApp({ vaultDir: join(tempDir(), 'vault'), kdf: TEST_KDF, emit: () => {} }, { validateResponses: true });
    const { call } = caller(router);
    await openInSession(session);
    const ws = session.workspace();
    const c = ws.cases.create({ name: 'Kufra' });
    const w = ws.witnesses.create({ caseId: c.id, pseudonym: 'W-004' });
    await call('compartment.unlock', { passphrase: WITNESS_PASS });
    await call('witness.setIdentity', { witnessId: w.id, identity: { fullName: 'Yonas Tesfamariam Berhe', phone: '+251 911 424242' } });

    const text = 'I am ዮናስ ተስፋማርያም, call 0911 424 242; Berhe was my grandfather.';
    const r = (await call('witness.checkText', { caseId: c.id, witnessId: w.id, text })) as { checked: boolean; hits: { start: number; end: number; field: string; kind: string; replacement: string }[] };
    expect(r.checked).toBe(true);
    expect(r.hits.map((h) => [text.slice(h.start, h.end), h.kind, h.replacement])).toEqual([
      ['ዮናስ ተስፋማርያም', 'redact', 'W-004'],
      ['0911 424 242', 'redact', '[redacted]'],
      ['Berhe', 'review', 'W-004'],
    ]);
    expect(JSON.stringify(r)).not.toMatch(/Yonas|Tesfamariam|424242/);

    await call('compartment.lock');
    expect(await call('witness.checkText', { caseId: c.id, text })).toEqual({ checked: false, hits: [] });
  }, 60_000);
});
