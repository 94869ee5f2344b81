/** `sanctum evidence mentions` and `sanctum entity mentions`, in process (same code as the bundle). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcessCli, inProcessJson } from '../../helpers/cli-in-process';
import { tempDir } from '../../helpers/tmp';

describe('sanctum evidence|entity mentions', () => {
  it('lists what a document names and where an entity is named, as text and JSON', async () => {
    const dir = tempDir();
    const vault = join(dir, 'v');
    const run = inProcessCli(dir);
    const json = inProcessJson(run);
    await json('vault', 'init', vault, '--kdf-mem-mib', '64', '--kdf-ops', '3');
    await json('case', 'create', vault, 'Zawiya coast');
    const entity = await json<{ id: string }>('entity', 'add', vault, '--kind', 'person', '--name', 'Mohammed Al-Haddad');
    const file = join(dir, 'report.txt');
    writeFileSync(file, 'The broker Mohamed Haddad paid 5 000 EUR to Samir Ben Youssef.\n');
    const added = await json<{ items: { id: string }[] }>('evidence', 'add', vault, file, '--title', 'Brigade report');
    const evId = added.items[0]!.id;
    await json('evidence', 'extract', vault);

    const doc = await json<{ evidenceId: string; title: string; entities: { entityId: string; count: number }[]; patterns: { type: string }[]; hasText?: boolean }>('evidence', 'mentions', vault, evId);
    expect(doc).toMatchObject({ evidenceId: evId, title: 'Brigade report', entities: [{ entityId: entity.id, count: 1 }] });
    expect(doc.patterns.map((p) => p.type)).toContain('amount');
    expect(doc).not.toHaveProperty('hasText');
    const docText = await run('evidence', 'mentions', vault, evId);
    expect(docText.out).toMatch(/^Brigade report \(/);
    expect(docText.out).toMatch(/Entities \(1\):\n {2}Mohammed Al-Haddad {2}×1/);

    const ent = await json<{ entityId: string; name: string; mentions: { evidenceId: string; found: string }[] }>('entity', 'mentions', vault, entity.id);
    expect(ent).toMatchObject({ entityId: entity.id, name: 'Mohammed Al-Haddad' });
    expect(ent.mentions.map((m) => m.found)).toEqual(['Mohamed Haddad']);
    expect((await run('entity', 'mentions', vault, entity.id)).out).toMatch(/^Mohammed Al-Haddad: 1 mention\(s\)\n {2}Brigade report p\. 1/);
    // The id names a record of the other kind: refused, whichever command.
    expect((await run('entity', 'mentions', vault, evId)).code).not.toBe(0);
    expect((await run('evidence', 'mentions', vault, entity.id)).code).not.toBe(0);
  }, 240_000);
});
