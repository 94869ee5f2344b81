import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, hashEntry, seqId, type AuditEntry } from '../../../main/core/audit/audit-log';
import { fromUtf8, randomBytes, utf8 } from '../../../main/core/crypto/bytes';
import { openEnvelope, sealEnvelope } from '../../../main/core/crypto/record-envelope';
import { SecretKey } from '../../../main/core/crypto/secret-key';
import { signingKeyPairFromSeed } from '../../../main/core/crypto/sign';
import { initCrypto } from '../../../main/core/crypto/sodium';
import { migrate } from '../../../main/core/store/migrations';

beforeAll(async () => {
  await initCrypto();
});

/** A log over an in-memory database with known keys, so tests can play the insider who holds the key. */
function makeLog(entries = 6) {
  const db = new Database(':memory:');
  migrate(db);
  const keyBytes = randomBytes(32);
  const signer = signingKeyPairFromSeed(randomBytes(32));
  let t = Date.UTC(2026, 0, 1);
  const log = new AuditLog({ db, key: () => new SecretKey(keyBytes), signer: () => signer, actor: () => 'tester', now: () => new Date((t += 1000)) });
  for (let i = 1; i <= entries; i++) {
    log.append({ action: i % 2 ? 'evidence.viewed' : 'entity.updated', target: { kind: 'evidence', id: `item${i % 3}` }, custodyItem: i % 2 ? `item${i % 3}` : undefined });
  }
  const read = (seq: number): AuditEntry => {
    const row = db.prepare('SELECT ct FROM audit_log WHERE seq = ?').get(seq) as { ct: Buffer };
    return JSON.parse(fromUtf8(openEnvelope(() => keyBytes, 'audit_log', seqId(seq), row.ct, 'x')));
  };
  const write = (seq: number, e: AuditEntry) => {
    db.prepare('UPDATE audit_log SET ct = ? WHERE seq = ?').run(sealEnvelope(keyBytes, 1, 'audit_log', seqId(seq), utf8(JSON.stringify(e))), seq);
  };
  return { db, log, read, write };
}

describe('audit log', () => {
  it('chains entries and verifies an intact log with signed heads', () => {
    const { log } = makeLog();
    log.signHead('lock');
    log.append({ action: 'vault.unlocked' });
    const r = log.verify();
    expect(r).toMatchObject({ ok: true, entries: 7, signedHeads: 1, lastSignedSeq: 6 });
    const all = [...log.entries()];
    expect(all[0]!.prev).toBe('0'.repeat(64));
    for (let i = 1; i < all.length; i++) expect(all[i]!.prev).toBe(all[i - 1]!.hash);
  });

  it('links each item’s custody entries into their own chain', () => {
    const { log } = makeLog(9);
    const chain = [...log.entries({ custodyItem: 'item1' })];
    expect(chain.length).toBeGreaterThan(1);
    expect(chain[0]!.custody!.prev).toBeNull();
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.custody!.prev).toBe(chain[i - 1]!.hash);
  });

  it('reports an edited entry (ciphertext changed) as the first broken entry', () => {
    const { db, log } = makeLog();
    const row = db.prepare('SELECT ct FROM audit_log WHERE seq = 3').get() as { ct: Buffer };
    row.ct[row.ct.length - 3] = row.ct[row.ct.length - 3]! ^ 1;
    db.prepare('UPDATE audit_log SET ct = ? WHERE seq = 3').run(row.ct);
    expect(log.verify().firstProblem).toEqual({ seq: 3, problem: expect.stringMatching(/#3 failed authentication/) });
  });

  it('reports an insider edit that re-seals an entry without fixing its hash', () => {
    const { log, read, write } = makeLog();
    const e = read(4);
    write(4, { ...e, actor: 'someone else' });
    expect(log.verify().firstProblem).toEqual({ seq: 4, problem: expect.stringMatching(/#4 does not match its hash/) });
  });

  it('reports an insider edit that recomputes the hash: the next entry no longer follows', () => {
    const { log, read, write } = makeLog();
    const { hash: _h, ...body } = read(2);
    const forged = { ...body, action: 'nothing.happened' };
    write(2, { ...forged, hash: hashEntry(forged) });
    expect(log.verify().firstProblem).toEqual({ seq: 3, problem: expect.stringMatching(/#3 does not follow entry #2/) });
  });

  it('reports a deleted entry', () => {
    const { db, log } = makeLog();
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(log.verify().firstProblem).toEqual({ seq: 3, problem: expect.stringMatching(/#3 is missing/) });
  });

  it('reports reordered entries', () => {
    const { db, log } = makeLog();
    const a = db.prepare('SELECT ct FROM audit_log WHERE seq = 2').get() as { ct: Buffer };
    const b = db.prepare('SELECT ct FROM audit_log WHERE seq = 5').get() as { ct: Buffer };
    db.prepare('UPDATE audit_log SET ct = ? WHERE seq = 2').run(b.ct);
    db.prepare('UPDATE audit_log SET ct = ? WHERE seq = 5').run(a.ct);
    expect(log.verify().firstProblem?.seq).toBe(2);
  });

  it('reports an insider re-sealing entries under other sequence numbers', () => {
    const { log, read, write } = makeLog();
    const e2 = read(2);
    const e3 = read(3);
    write(2, { ...e3 });
    write(3, { ...e2 });
    expect(log.verify().firstProblem).toEqual({ seq: 2, problem: expect.stringMatching(/claims to be #3/) });
  });

  it('reports truncation behind a signed head', () => {
    const { db, log } = makeLog();
    log.signHead('lock');
    db.prepare('DELETE FROM audit_log WHERE seq >= 5').run();
    expect(log.verify().firstProblem).toEqual({ seq: 5, problem: expect.stringMatching(/truncated: a signed head covers entry #6 but the log ends at #4/) });
  });

  it('reports a forged head signature', () => {
    const { db, log } = makeLog();
    log.signHead('lock');
    const other = makeLog();
    other.log.signHead('lock');
    const foreign = other.db.prepare('SELECT ct FROM audit_heads').get() as { ct: Buffer };
    db.prepare('UPDATE audit_heads SET ct = ?').run(foreign.ct);
    expect(log.verify().ok).toBe(false);
  });

  it('reports a broken custody chain', () => {
    const { log, read, write } = makeLog(9);
    const last = [...log.entries({ custodyItem: 'item1' })].at(-1)!;
    const { hash: _h, ...body } = read(last.seq);
    const forged = { ...body, custody: { item: 'item1', prev: null } };
    write(last.seq, { ...forged, hash: hashEntry(forged) });
    const r = log.verify();
    expect(r.firstProblem?.seq).toBe(last.seq);
    expect(r.firstProblem?.problem).toMatch(/chain of custody of item item1/);
  });
});
