import { readFileSync, writeFileSync, truncateSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex } from '../../../main/core/crypto/bytes';
import { initCrypto } from '../../../main/core/crypto/sodium';
import { openEnvelope, sealEnvelope } from '../../../main/core/crypto/record-envelope';
import { randomBytes } from '../../../main/core/crypto/bytes';
import { newTestVault } from '../../helpers/vault';

describe('sealed records', () => {
  it('detects a change to any single byte of a stored record', async () => {
    const { vault } = await newTestVault();
    const rec = vault.action({ action: 't' }, () => vault.store.insert('records', 'person', { name: 'Ermias Ghermay' }));
    const row = vault.db.prepare('SELECT ct FROM records WHERE id = ?').get(fromHex(rec.id)) as { ct: Buffer };
    const original = Buffer.from(row.ct);
    for (let i = 0; i < original.length; i++) {
      const bad = Buffer.from(original);
      bad[i] = bad[i]! ^ 0x01;
      vault.db.prepare('UPDATE records SET ct = ? WHERE id = ?').run(bad, fromHex(rec.id));
      expect(() => vault.store.get('records', rec.id), `byte ${i}`).toThrow(/failed authentication|truncated|not supported|unknown key/);
    }
    vault.db.prepare('UPDATE records SET ct = ? WHERE id = ?').run(original, fromHex(rec.id));
    expect(vault.store.get('records', rec.id)?.data).toEqual({ name: 'Ermias Ghermay' });
    vault.close();
  });

  it('detects a ciphertext moved to another row', async () => {
    const { vault } = await newTestVault();
    const a = vault.action({ action: 't' }, () => vault.store.insert('records', 'person', { name: 'A' }));
    const b = vault.action({ action: 't' }, () => vault.store.insert('records', 'person', { name: 'B' }));
    const ctA = (vault.db.prepare('SELECT ct FROM records WHERE id = ?').get(fromHex(a.id)) as { ct: Buffer }).ct;
    vault.db.prepare('UPDATE records SET ct = ? WHERE id = ?').run(ctA, fromHex(b.id));
    expect(() => vault.store.get('records', b.id)).toThrow(/failed authentication/);
    vault.close();
  });

  it('rolls back a failed action completely (record and audit entry)', async () => {
    const { vault } = await newTestVault();
    const before = vault.audit.count();
    expect(() =>
      vault.action({ action: 'doomed' }, () => {
        vault.store.insert('records', 'person', { name: 'half-written' });
        throw new Error('crash in the middle');
      }),
    ).toThrow(/crash/);
    expect(vault.audit.count()).toBe(before);
    expect([...vault.store.scan('records')].filter((r) => r.kind === 'person')).toHaveLength(0);
    expect(vault.audit.verify().ok).toBe(true);
    vault.close();
  });

  it('envelope round-trips any payload and rejects any other table, id or key (property)', async () => {
    await initCrypto();
    const key = randomBytes(32);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.nat({ max: 600 }), (payload, id, flip) => {
        const env = sealEnvelope(key, 1, 'records', id, payload);
        expect(openEnvelope(() => key, 'records', id, env, 'x')).toEqual(payload);
        expect(() => openEnvelope(() => key, 'witness_records', id, env, 'x')).toThrow();
        const otherId = id.slice();
        otherId[0] = otherId[0]! ^ 1;
        expect(() => openEnvelope(() => key, 'records', otherId, env, 'x')).toThrow();
        const bad = env.slice();
        const i = flip % bad.length;
        bad[i] = bad[i]! ^ 0x80;
        expect(() => openEnvelope(() => key, 'records', id, bad, 'x')).toThrow();
      }),
      { numRuns: 200 },
    );
  });
});

describe('vault database file', () => {
  it('refuses a damaged database with a clear error', async () => {
    const { dir, vault } = await newTestVault();
    vault.close();
    const db = `${dir}/vault.db`;
    const bytes = readFileSync(db);
    bytes.fill(0x41, 0, 100); // clobber the SQLite header
    writeFileSync(db, bytes);
    const { unlockVault } = await import('../../../main/core/vault/vault');
    await expect(unlockVault(dir, 'correct horse battery staple')).rejects.toMatchObject({ code: 'DATABASE_CORRUPT' });
    expect(statSync(db).size).toBe(bytes.length);
    truncateSync(db, 0);
  });
});
