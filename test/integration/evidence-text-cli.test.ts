/** `sanctum evidence extract` and `sanctum evidence text` through the bundled CLI. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { initCrypto } from '../../main/core/crypto/sodium';
import { createVault } from '../../main/core/vault/vault';
import { cliBundle, jsonOf, sanctum, type CliResult } from '../helpers/cli';
import { PASS, TEST_KDF, WITNESS_PASS } from '../helpers/vault';

const env = { env: { SANCTUM_PASSPHRASE: PASS } };
const FIX = join(__dirname, '..', 'fixtures', 'documents');
const root = mkdtempSync(join(tmpdir(), 'sanctum-text-cli-'));
const dir = join(root, 'vault');

beforeAll(async () => {
  await cliBundle();
  await initCrypto();
  const { vault } = await createVault(dir, { passphrase: PASS, witnessPassphrase: WITNESS_PASS, kdf: TEST_KDF });
  const ws = new Workspace(vault);
  ws.cases.create({ name: 'Harbour' });
  ws.dispose();
  vault.close();
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const explain = (r: CliResult) => `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;

let pdf: { id: string };
let eml: { id: string };

describe('sanctum evidence extract / text', () => {
  it('extracts a case’s files with progress; a second run skips them', async () => {
    const add = await sanctum(['evidence', 'add', dir, join(FIX, 'statement.pdf'), join(FIX, 'manifest.eml'), '--case', 'Harbour', '--json'], env);
    expect(add.code, explain(add)).toBe(0);
    [pdf, eml] = jsonOf<{ items: { id: string }[] }>(add).items as [{ id: string }, { id: string }];
    const before = await sanctum(['evidence', 'text', dir, pdf.id], env);
    expect(before.stdout).toMatch(/No text has been extracted/);
    const ex = await sanctum(['evidence', 'extract', dir, '--case', 'Harbour'], env);
    expect(ex.code, explain(ex)).toBe(0);
    expect(ex.stdout).toMatch(/1 extracted, 1 partly.*2 attachment\(s\) taken in/);
    expect(ex.stdout).toMatch(/^0\/2 files\n1\/2 files\n2\/2 files\n/);
    const again = await sanctum(['evidence', 'extract', dir, '--case', 'Harbour', '--json'], env);
    expect(jsonOf(again)).toMatchObject({ skipped: 2, extracted: 0, attachments: 0 });
  }, 300_000);

  it('prints one item’s text per page, one page, or the e-mail headers', async () => {
    const t = await sanctum(['evidence', 'text', dir, pdf.id], env);
    expect(t.code, explain(t)).toBe(0);
    expect(t.stdout).toMatch(/--- page 1 \(pdf-text\) ---\nHarbour ledger of Quillabamba Shipping/);
    expect(t.stdout).toMatch(/--- page 2 \(pdf-text\) ---/);
    expect(t.stdout).toMatch(/warning: OCR not run on page 3/);
    const p2 = jsonOf<{ pages: { page: number; text: string }[] }>(await sanctum(['evidence', 'text', dir, pdf.id, '--page', '2', '--json'], env));
    expect(p2.pages.map((p) => p.page)).toEqual([2]);
    expect(p2.pages[0]!.text).toContain('ZX-7731-KESTREL');
    const missing = await sanctum(['evidence', 'text', dir, pdf.id, '--page', '3'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/page 3 has no text/);
    const mail = jsonOf<{ email: { subject: string; attachments: string[] } }>(await sanctum(['evidence', 'text', dir, eml.id, '--json'], env));
    expect(mail.email.subject).toBe('Boat manifest from Sabratha');
    expect(mail.email.attachments).toHaveLength(2);
  }, 300_000);
});
