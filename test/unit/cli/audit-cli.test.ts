/** `vault init --analyst --device`, `audit list` and `audit export`, in process (same code as the bundle). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcessCli } from '../../helpers/cli-in-process';
import { tempDir } from '../../helpers/tmp';

describe('sanctum audit', () => {
  it('records the analyst and device from vault init, lists with filters and exports CSV with the verification', async () => {
    const dir = tempDir();
    const vault = join(dir, 'v');
    const run = inProcessCli(dir);
    expect((await run('vault', 'init', vault, '--analyst', 'Amira Haddad', '--device', 'Field laptop 2', '--kdf-mem-mib', '64', '--kdf-ops', '3', '--json')).code).toBe(0);
    expect((await run('case', 'create', vault, 'Operation Lark', '--json')).code).toBe(0);

    const listed = await run('audit', 'list', vault, '--action', 'case', '--json');
    expect(listed.code).toBe(0);
    const doc = JSON.parse(listed.out) as { matched: number; entries: { action: string; actor: string; device?: string; target?: { name?: string } }[] };
    expect(doc.entries).toHaveLength(1);
    expect(doc.entries[0]).toMatchObject({ action: 'case.created', actor: 'Amira Haddad', device: 'Field laptop 2', target: { name: 'Operation Lark' } });

    const text = await run('audit', 'list', vault, '--text', 'vault created');
    expect(text.out).toMatch(/#1 {2}\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2} {2}Amira Haddad \(Field laptop 2\) {2}Vault created/);

    const file = join(dir, 'log.csv');
    const exported = await run('audit', 'export', vault, '--out', file, '--format', 'csv', '--action', 'vault');
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/Verification: the log is intact/);
    const csv = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(csv.filter((r) => r.includes('"vault.')).length).toBeGreaterThanOrEqual(3);
    expect(csv.some((r) => r.includes('"case.created"'))).toBe(false);
    expect(csv.some((r) => r.startsWith('"# Verification of the whole log: intact'))).toBe(true);
    // Not replaced without --force; a bad date is a usage error, not an empty export.
    expect((await run('audit', 'export', vault, '--out', file)).code).not.toBe(0);
    expect((await run('audit', 'list', vault, '--from', 'last tuesday')).code).not.toBe(0);
  }, 120_000);
});
