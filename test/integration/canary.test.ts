/**
 * Acceptance: a seized vault folder reveals nothing — no names, no text, no link structure, no file names.
 *
 * A vault is made and filled through the real CLI (`vault init`, `dev fill --canary`) and in-process (people,
 * links, a witness identity, an evidence file, settings, audit entries), all carrying known canary strings in
 * Latin, Arabic and Ge'ez script. Every file in the folder is then searched for every canary in UTF-8, UTF-16LE
 * and UTF-16BE, while the vault is still open (with the uncheckpointed WAL on disk) and again after it is locked.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../main/core/crypto/bytes';
import { initCrypto } from '../../main/core/crypto/sodium';
import { Repository } from '../../main/core/store/repository';
import { DEFAULT_SETTINGS, saveSettings } from '../../main/core/vault/settings';
import { unlockVault } from '../../main/core/vault/vault';
import { sanctum } from '../helpers/cli';
import { filesUnder, findString } from '../helpers/files';
import { tempDir } from '../helpers/tmp';

const PASS = 'canary vault passphrase 1';
const WITNESS_PASS = 'canary witness passphrase 2';

const CANARY = {
  latin: 'Tesfamariam Zerai Kidane',
  arabic: 'عبد الرزاق الحسيني الكفراوي',
  geez: 'ተስፋማርያም ዘርኣይ ኪዳነ',
  arabicNote: 'شوهد في مستودع بني وليد',
  freeText: 'The boat left Zuwara at 03:00 carrying 214 people; the broker kept their passports',
  fileName: 'interview_witness_K7_bani-walid_2023-05-14.mp4',
  analyst: 'Analyst Margarethe Vandersloot',
  phone: '+218 91 555 0147',
} as const;

/** Words that would reveal structure if they were stored in clear: record kinds and audit actions. */
const STRUCTURE = ['relationship', 'witness.identity', 'evidence.item', 'dev.synthetic', 'compartment.unlocked', 'evidence.viewed', 'vault.created'];

type Entry = { path: string; kind: 'file' | 'dir' };

function entries(dir: string): Entry[] {
  const out: Entry[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const rel = relative(dir, p).split(sep).join('/');
      if (statSync(p).isDirectory()) {
        out.push({ path: rel, kind: 'dir' });
        walk(p);
      } else out.push({ path: rel, kind: 'file' });
    }
  };
  walk(dir);
  return out;
}

/** Only what a vault folder may contain: header, database (+ WAL while open), sharded random-named blobs, tmp/. */
function unexpectedEntries(dir: string, open: boolean): Entry[] {
  const allowed: [Entry['kind'], RegExp][] = [
    ['file', /^sanctum-vault\.json$/],
    ['file', /^vault\.db$/],
    ['dir', /^blobs$/],
    ['dir', /^blobs\/[0-9a-f]{2}$/],
    ['file', /^blobs\/([0-9a-f]{2})\/\1[0-9a-f]{30}$/],
    ['dir', /^tmp$/],
  ];
  if (open) allowed.push(['file', /^vault\.db-wal$/]);
  return entries(dir).filter((e) => !allowed.some(([k, re]) => k === e.kind && re.test(e.path)));
}

function leaks(dir: string, needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const f of filesUnder(dir)) {
    const rel = relative(dir, f.path);
    for (const n of needles) {
      const hits = findString(f.bytes, n);
      if (hits.length) found.push(`${JSON.stringify(n)} in ${rel} (${hits.join(', ')})`);
      if (rel.includes(n) || rel.toLowerCase().includes(n.toLowerCase())) found.push(`${JSON.stringify(n)} in the file name ${rel}`);
    }
  }
  return found;
}

describe('a seized vault folder reveals nothing', () => {
  it('no canary (any script, UTF-8/UTF-16), passphrase, key, id or structure word in any file or file name; only (id, ct) columns', async () => {
    await initCrypto();
    const dir = join(tempDir(), 'vault');
    const cliEnv = { env: { SANCTUM_PASSPHRASE: PASS, SANCTUM_WITNESS_PASSPHRASE: WITNESS_PASS } };
    const init = await sanctum(['vault', 'init', dir, '--kdf-mem-mib', '64', '--json'], cliEnv);
    expect(init.code, init.stderr).toBe(0);
    const recoveryKey = (JSON.parse(init.stdout) as { recoveryKey: string }).recoveryKey;
    for (const canary of [CANARY.latin, CANARY.geez]) {
      const fill = await sanctum(['dev', 'fill', dir, '--count', '150', '--batch', '50', '--canary', canary], cliEnv);
      expect(fill.code, fill.stderr).toBe(0);
    }

    const vault = await unlockVault(dir, PASS, { via: 'canary-test' });
    await vault.unlockWitness(WITNESS_PASS);
    const repo = new Repository(vault);
    const witnesses = new Repository(vault, 'witness_records');
    saveSettings(repo, { ...DEFAULT_SETTINGS, analystName: CANARY.analyst });
    vault.actor = CANARY.analyst; // the actor goes into every audit entry from here on

    // An evidence file whose name and content are canaries; the name is kept only as (sealed) metadata.
    const src = join(tempDir(), CANARY.fileName);
    const content = Buffer.concat([
      Buffer.from(`${Object.values(CANARY).join('\n')}\n`, 'utf8'),
      Buffer.from(Object.values(CANARY).join('\n'), 'utf16le'),
      Buffer.alloc(150_000, 0x20),
    ]);
    writeFileSync(src, content);
    const blob = await vault.blobs.write(src);

    const ids = repo.transact({ action: 'entity.created', details: { note: CANARY.freeText } }, (tx) => {
      const a = tx.insert('person', { name: CANARY.arabic, aliases: [CANARY.latin], notes: CANARY.arabicNote, phone: CANARY.phone });
      const b = tx.insert('person', { name: CANARY.geez, notes: CANARY.freeText });
      const link = tx.insert('relationship', { from: a.id, to: b.id, kind: 'paid', amount: 4000, currency: 'USD', note: CANARY.freeText });
      const ev = tx.insert('evidence.item', { fileName: CANARY.fileName, title: CANARY.latin, blob });
      return { a: a.id, b: b.id, link: link.id, ev: ev.id };
    });
    const witness = witnesses.transact({ action: 'witness.identity.created' }, (tx) =>
      tx.insert('witness.identity', { realName: CANARY.geez, alias: 'W-07', phone: CANARY.phone, statementOf: ids.b }),
    );
    vault.record({ action: 'evidence.viewed', target: { kind: 'evidence.item', id: ids.ev }, details: { fileName: CANARY.fileName } });

    const needles = [
      ...Object.values(CANARY),
      PASS,
      WITNESS_PASS,
      recoveryKey,
      recoveryKey.replace(/-/g, ''),
      ...STRUCTURE,
      // Record ids as text: a link's endpoints are stored only inside its ciphertext.
      ids.a,
      ids.b,
      ids.link,
      ids.ev,
      witness.id,
      blob.sha256,
    ];

    // While open: the WAL holds the latest pages, not yet checkpointed into vault.db.
    const wal = join(dir, 'vault.db-wal');
    expect(statSync(wal).size, 'the uncheckpointed WAL must be on disk for this part of the test').toBeGreaterThan(0);
    expect(unexpectedEntries(dir, true)).toEqual([]);
    expect(leaks(dir, needles)).toEqual([]);

    // The link's endpoint ids do not appear even as raw bytes inside its ciphertext.
    const ct = (vault.db.prepare('SELECT ct FROM records WHERE id = ?').get(fromHex(ids.link)) as { ct: Buffer }).ct;
    expect(ct.includes(Buffer.from(fromHex(ids.a)))).toBe(false);
    expect(ct.includes(Buffer.from(fromHex(ids.b)))).toBe(false);

    vault.close();
    expect(unexpectedEntries(dir, false)).toEqual([]);
    expect(entries(dir).filter((e) => e.path.startsWith('tmp/')), 'no leftovers of file intake').toEqual([]);
    expect(leaks(dir, needles)).toEqual([]);
    // The search itself works: the same needles are found in the plaintext source file.
    expect(findString(content, CANARY.geez)).toEqual(['utf8', 'utf16le']);
    expect(findString(Buffer.from(CANARY.arabic, 'utf16le').swap16(), CANARY.arabic)).toEqual(['utf16be']);

    // Link structure: the schema itself is featureless. Each data table is (id, ct) or (seq, ct); no indexes
    // beyond the primary keys, no triggers, no views.
    const db = new Database(join(dir, 'vault.db'), { readonly: true });
    try {
      const objects = db.prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex_%'").all() as { type: string; name: string }[];
      expect(objects.map((o) => `${o.type} ${o.name}`).sort()).toEqual(
        ['table audit_heads', 'table audit_log', 'table records', 'table schema_migrations', 'table vault_meta', 'table witness_records'].sort(),
      );
      const columns = (t: string) => (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
      expect(columns('records')).toEqual(['id', 'ct']);
      expect(columns('witness_records')).toEqual(['id', 'ct']);
      expect(columns('audit_log')).toEqual(['seq', 'ct']);
      expect(columns('audit_heads')).toEqual(['seq', 'ct']);
      // One sealed row: the commitment over all rows (store/commitment.ts).
      expect(columns('vault_meta')).toEqual(['id', 'ct']);
      expect(db.prepare('SELECT count(*) AS n FROM vault_meta').get()).toEqual({ n: 1 });
      expect(columns('schema_migrations')).toEqual(['version', 'name']);
      expect(db.prepare('SELECT name FROM schema_migrations').all()).toEqual([{ name: 'sealed-tables' }, { name: 'vault-meta' }]);
      // Row counts are all the database says: 300 filled + settings + 2 people + link + evidence, and 1 witness.
      expect(db.prepare('SELECT count(*) AS n FROM records').get()).toEqual({ n: 305 });
      expect(db.prepare('SELECT count(*) AS n FROM witness_records').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
