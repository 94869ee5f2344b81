/**
 * `sanctum search --everything` through the bundled CLI, and the full-text canary: after intake, extracted text
 * and indexing (in the CLI's process and in the app's worker), no indexed word is in any vault file, in any
 * encoding (raw/UTF-8, UTF-16LE/BE, base64).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { initCrypto } from '../../main/core/crypto/sodium';
import { createVault } from '../../main/core/vault/vault';
import { createApp } from '../../main/ipc';
import type { EvidenceTextData } from '../../shared/model/records';
import { buildFixtureCase, type FixtureCase } from '../helpers/case-fixture';
import { cliBundle, jsonOf, sanctum, type CliResult } from '../helpers/cli';
import { filesUnder, findString } from '../helpers/files';
import { PASS, TEST_KDF, WITNESS_PASS } from '../helpers/vault';

const env = { env: { SANCTUM_PASSPHRASE: PASS } };
const root = mkdtempSync(join(tmpdir(), 'sanctum-fulltext-cli-'));
const dir = join(root, 'vault');
let f: FixtureCase;
let hidden: string;

/** Words of the extracted text (each distinctive enough that a chance match in ciphertext is impossible). */
const CANARY_WORDS = ['Qorvindelasso', 'encaissèrent', 'قرفندلاسو', 'Sabrathaquay', 'Xylofarnesse'];

const PAGES = [
  'Rapport de la mission. Les passeurs encaissèrent les paiements au port.',
  'The broker Qorvindelasso collected payments at Sabrathaquay before departure. دفعت الأموال للمهرّب قرفندلاسو في صبراتة. Seen with Xylofarnesse.',
];

beforeAll(async () => {
  await cliBundle();
  await initCrypto();
  const { vault } = await createVault(dir, { passphrase: PASS, witnessPassphrase: WITNESS_PASS, kdf: TEST_KDF });
  const ws = new Workspace(vault);
  f = await buildFixtureCase(ws);
  await vault.unlockWitness(WITNESS_PASS);
  ws.witnesses.setIdentity(f.witnessId, { fullName: 'Zz Secretname Tadesse' });
  // A protected person (flagged by an analyst) named in the extracted text.
  hidden = ws.entities.create({ caseId: f.caseId, kind: 'person', name: 'Xylofarnesse', protected: true }).id;
  // Extracted text as doc-text's service writes it: one evidence_text record per item, its pages in a sealed body.
  const text: EvidenceTextData = {
    caseId: f.caseId,
    evidenceId: f.evidence.report,
    sha256: 'a'.repeat(64),
    status: 'extracted',
    pages: PAGES.map((t, i) => ({ page: i + 1, method: 'plain', text: t })),
    languages: ['fra', 'eng', 'ara'],
    extractor: 'test',
    extractedAt: '2026-01-01T00:00:00Z',
    warnings: [],
  };
  await ws.text.save(text);
  vault.close();
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function explain(r: CliResult): string {
  return `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;
}

interface Out {
  query: string;
  everything: true;
  counts: Record<string, number>;
  hits: { kind: string; id: string; case: { id: string; name: string }; title: string; page: number | null; date: string | null; snippet: string; highlights: [number, number][]; score: number }[];
}

const search = async (...args: string[]) => {
  const r = await sanctum(['search', dir, ...args], env);
  expect(r.code, explain(r)).toBe(0);
  return r;
};

describe('sanctum search --everything', () => {
  it('finds extracted text per page, with snippet, highlights and filters', async () => {
    const out = jsonOf<Out>(await search('qorvindelasso', '--everything', '--json'));
    expect(out.hits.map((h) => [h.kind, h.id, h.page])).toEqual([['evidence', f.evidence.report, 2]]);
    const h = out.hits[0]!;
    expect(h.case).toEqual({ id: f.caseId, name: 'Zawiya coast network' });
    expect(h.highlights.map(([s, e]) => h.snippet.slice(s, e))).toEqual([]); // redacted snippet: offsets dropped
    expect(h.snippet).not.toContain('Xylofarnesse');
    // French without the accent; the statement (interview 2018-01-20) with kind and date filters.
    const fr = jsonOf<Out>(await search('encaisserent', '--everything', '--json')).hits;
    expect(fr.map((x) => x.page)).toEqual([1]);
    expect(fr[0]!.highlights.map(([s, e]) => fr[0]!.snippet.slice(s, e))).toEqual(['encaissèrent']);
    const st = jsonOf<Out>(await search('commander', '--everything', '--kind', 'statement', '--from', '2018', '--to', '2018-01', '--json'));
    expect(st.hits.map((x) => x.id)).toEqual([f.statementId]);
  }, 180_000);

  it('prints a readable list with the matches in brackets, protected people under their label', async () => {
    const r = await search('paiements', '--everything');
    expect(r.stdout.split('\n')[0]).toMatch(/^\d+\.\d\d {2}evidence {2}ngo-report\.txt, p\. 1 {2}case Zawiya coast network {2}[0-9a-f]{32}$/);
    expect(r.stdout).toContain('[paiements]');
    const p = await search('Xylofarnesse', '--everything', '--json');
    const out = jsonOf<Out>(p);
    expect(out.hits.find((h) => h.id === hidden)?.title).toMatch(/^Protected person/);
    expect(JSON.stringify(out.hits.map((h) => [h.title, h.snippet]))).not.toContain('Xylofarnesse');
  }, 180_000);

  it('never finds a witness identity; reports usage errors', async () => {
    for (const text of ['Secretname Tadesse', '~secretnam']) expect(jsonOf<Out>(await search(text, '--everything', '--json')).hits, text).toEqual([]);
    const badKind = await sanctum(['search', dir, 'x', '--everything', '--kind', 'spaceship'], env);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/--kind spaceship/);
    const noFlag = await sanctum(['search', dir, 'x', '--kind', 'claim'], env);
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toMatch(/--kind needs --everything/);
  }, 180_000);

  it('canary: no indexed word is in any vault file, after the CLI and the app indexed it', async () => {
    // The app: the session's worker builds the index at unlock; search, then lock.
    const { session, router } = createApp({ vaultDir: dir, kdf: TEST_KDF });
    expect((await router.invoke('vault.unlock', { passphrase: PASS })).ok).toBe(true);
    // Texts are opened from their sealed bodies as the index is fed: until it is built, answers are partial.
    let r = await router.invoke('search.everything', { text: 'Qorvindelasso' });
    for (let i = 0; i < 600 && r.ok && (r.value as { building: unknown }).building !== null; i++) {
      await new Promise((res) => setTimeout(res, 100));
      r = await router.invoke('search.everything', { text: 'Qorvindelasso' });
    }
    expect(r).toMatchObject({ ok: true, value: { hits: [{ id: f.evidence.report, page: 2 }] } });
    // While open (WAL on disk) and after the lock.
    for (const phase of ['open', 'locked']) {
      if (phase === 'locked') session.lock();
      const files = filesUnder(dir);
      expect(files.length).toBeGreaterThan(2);
      const found: string[] = [];
      for (const word of CANARY_WORDS) {
        const forms = [word, word.toLowerCase(), word.normalize('NFD')];
        for (const file of files) {
          for (const form of forms) {
            for (const enc of findString(file.bytes, form)) found.push(`${phase} ${file.path}: ${word} (${enc})`);
            const text = file.bytes.toString('latin1');
            for (const b of base64Forms(form)) if (text.includes(b)) found.push(`${phase} ${file.path}: ${word} (base64)`);
          }
        }
      }
      expect(found).toEqual([]);
    }
  }, 120_000);
});

/** The word's base64 at each of the three byte alignments, without the characters its neighbours change. */
function base64Forms(word: string): string[] {
  const bytes = Buffer.from(word, 'utf8');
  return [0, 1, 2].map((pad) => {
    const b = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64').replace(/=+$/, '');
    const skip = pad === 0 ? 0 : pad === 1 ? 2 : 3;
    return b.slice(skip, b.length - 2);
  });
}
