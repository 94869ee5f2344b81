/** `sanctum entity add --owns`: a bank account's holder and its "owns" link recorded as one step, in process. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcessCli, inProcessJson } from '../helpers/cli-in-process';
import { tempDir } from '../helpers/tmp';

describe('sanctum entity add --owns', () => {
  it('adds the holder and its owns link in one audited action; an unknown account records nothing', async () => {
    const dir = tempDir();
    const vault = join(dir, 'v');
    const run = inProcessCli(dir);
    const json = inProcessJson(run);
    await json('vault', 'init', vault, '--kdf-mem-mib', '64', '--kdf-ops', '3');
    await json('case', 'create', vault, 'Accounts');
    const acct = await json<{ id: string }>('entity', 'add', vault, '--kind', 'bank_account', '--name', 'Sahara Bank 0021');
    const holder = await json<{ id: string; name: string; linkId: string }>('entity', 'add', vault, '--kind', 'company', '--name', 'Zuwara Trading', '--owns', acct.id);
    expect(holder).toMatchObject({ name: 'Zuwara Trading', linkId: expect.any(String) });

    const log = async () => (await run('audit', 'list', vault, '--json')).out;
    const actions = (text: string) => (JSON.parse(text) as { entries?: { action: string }[] } | { action: string }[]);
    const list = (v: ReturnType<typeof actions>) => (Array.isArray(v) ? v : (v.entries ?? [])).map((e) => e.action);
    const after = list(actions(await log()));
    expect(after.filter((a) => a === 'entity.created')).toHaveLength(2);
    expect(after).not.toContain('link.created');

    const bad = await run('entity', 'add', vault, '--kind', 'person', '--name', 'Nobody', '--owns', holder.linkId);
    expect(bad.code).not.toBe(0);
    // Opening the vault is logged on each run; no record was written.
    const writes = (xs: string[]) => xs.filter((a) => a.startsWith('entity.') || a.startsWith('link.'));
    expect(writes(list(actions(await log())))).toEqual(writes(after));
  }, 240_000);
});
