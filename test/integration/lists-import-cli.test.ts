/** `sanctum lists import` through the bundled CLI, into a real vault. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBundle, sanctum } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { PASS, WITNESS_PASS } from '../helpers/vault';

const env = { env: { SANCTUM_PASSPHRASE: PASS, SANCTUM_WITNESS_PASSPHRASE: WITNESS_PASS } };

const UN = `<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="2024-02-01T10:00:00.000-05:00"><INDIVIDUALS>
<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>ERMIAS</FIRST_NAME><SECOND_NAME>GHERMAY</SECOND_NAME><UN_LIST_TYPE>Libya</UN_LIST_TYPE><REFERENCE_NUMBER>LYi.902</REFERENCE_NUMBER><INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Ermias Ghirmay</ALIAS_NAME></INDIVIDUAL_ALIAS></INDIVIDUAL>
<INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>FITIWI</FIRST_NAME><SECOND_NAME>ABDELRAZAK</SECOND_NAME><UN_LIST_TYPE>Libya</UN_LIST_TYPE><REFERENCE_NUMBER>LYi.903</REFERENCE_NUMBER></INDIVIDUAL>
</INDIVIDUALS><ENTITIES><ENTITY><DATAID>3</DATAID><FIRST_NAME>BLUE STAR SHIPPING</FIRST_NAME><UN_LIST_TYPE>Libya</UN_LIST_TYPE><REFERENCE_NUMBER>LYe.901</REFERENCE_NUMBER></ENTITY></ENTITIES></CONSOLIDATED_LIST>`;

beforeAll(() => cliBundle(), 120_000);

describe('sanctum lists import', () => {
  it('imports a UN list and an FtM list with counts; a second import of the same file stores nothing', async () => {
    const root = tempDir();
    const dir = join(root, 'vault');
    expect((await sanctum(['vault', 'init', dir, '--kdf-mem-mib', '64', '--json'], env)).code).toBe(0);
    const un = join(root, 'consolidated.xml');
    writeFileSync(un, UN);
    const r = await sanctum(['lists', 'import', dir, un, '--format', 'un-xml', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ listId: 'un-consolidated', individuals: 2, entities: 1, aliases: 1, unchanged: false, replay: { carried: 0, changed: 0, removed: 0 } });
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = JSON.parse((await sanctum(['lists', 'import', dir, un, '--format', 'un-xml', '--json'], env)).stdout);
    expect(again.unchanged).toBe(true);

    const ftm = join(root, 'ofac.ftm.json');
    writeFileSync(ftm, `${JSON.stringify({ id: 'o-1', schema: 'Person', properties: { name: ['Ermias Ghermay'], alias: ['Ermias Ghirmay', 'E. Ghermay'] } })}\n${JSON.stringify({ id: 'o-2', schema: 'Company', properties: { name: ['Blue Star Shipping'] } })}\n`);
    const f = JSON.parse((await sanctum(['lists', 'import', dir, ftm, '--format', 'ftm', '--json'], env)).stdout);
    expect(f).toMatchObject({ listId: 'ofac', individuals: 1, entities: 1, aliases: 2 });

    const stats = JSON.parse((await sanctum(['vault', 'stats', dir, '--json'], env)).stdout);
    expect(JSON.stringify(stats)).toMatch(/list_snapshot/);
    // Each snapshot's entries are an encrypted blob that `vault check` finds through the record and verifies.
    const check = await sanctum(['vault', 'check', dir, '--json'], env);
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ blobs: { referenced: 2, verified: 2, failed: 0, unreferenced: 0 } });
  });

  it('refuses a missing --format, an unknown format and a missing file (exit 2 for usage, 1 for the file)', async () => {
    const dir = join(tempDir(), 'vault');
    expect((await sanctum(['lists', 'import', dir, 'x.xml'], env)).code).toBe(2);
    expect((await sanctum(['lists', 'import', dir, 'x.xml', '--format', 'csv'], env)).code).toBe(2);
    const missing = await sanctum(['lists', 'import', dir, join(tempDir(), 'nope.xml'), '--format', 'un-xml'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read/);
  });
});
