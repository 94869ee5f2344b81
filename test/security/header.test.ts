/**
 * Low findings: header authentication (altered header vs wrong passphrase), the KDF ceiling that libsodium can
 * actually run, and owner-only permissions on the vault folder.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../main/core/crypto/hash';
import { assertKdfCost, KDF_CEILING, MiB } from '../../main/core/crypto/kdf';
import { canonicalJson } from '../../main/core/util/canonical-json';
import { HEADER_FILE, parseHeader } from '../../main/core/vault/header';
import { unlockVault } from '../../main/core/vault/vault';
import { newTestVault, PASS } from '../helpers/vault';

type HeaderJson = Record<string, unknown> & { witness: { keys: { recovery: string } }; keys: { recovery: string }; kdf: { memLimitBytes: number } };

/** Edit the header and recompute its checksum, as someone who knows the format would. */
function editHeader(dir: string, edit: (h: HeaderJson) => void): void {
  const path = join(dir, HEADER_FILE);
  const h = JSON.parse(readFileSync(path, 'utf8')) as HeaderJson;
  edit(h);
  delete h.checksum;
  h.checksum = sha256Hex(canonicalJson(h));
  writeFileSync(path, JSON.stringify(h, null, 2));
}

function flipBase64(b64: string): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[bytes.length - 1]! ^= 1;
  return bytes.toString('base64');
}

describe('header authentication', () => {
  it('reports an altered header as "header altered", and a wrong passphrase still as a wrong passphrase', async () => {
    const { dir, vault } = await newTestVault();
    vault.close();
    editHeader(dir, (h) => {
      h.witness.keys.recovery = flipBase64(h.witness.keys.recovery);
    });
    await expect(unlockVault(dir, 'not the passphrase at all')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(unlockVault(dir, PASS)).rejects.toMatchObject({ code: 'HEADER_ALTERED', message: expect.stringMatching(/altered/) });
  });

  it('refuses a header whose MAC was stripped', async () => {
    const { dir, vault } = await newTestVault();
    vault.close();
    editHeader(dir, (h) => {
      delete h.mac;
      h.keys.recovery = flipBase64(h.keys.recovery);
    });
    await expect(unlockVault(dir, PASS)).rejects.toMatchObject({ code: 'HEADER_ALTERED' });
  });

  it('adds a MAC to a header written before it existed (no recovery public key) at the next unlock', async () => {
    const { dir, vault } = await newTestVault();
    vault.close();
    editHeader(dir, (h) => {
      delete h.mac;
      delete h.recoveryPublicKey;
    });
    (await unlockVault(dir, PASS)).close();
    const h = parseHeader(readFileSync(join(dir, HEADER_FILE), 'utf8'));
    expect(h.mac).toHaveLength(32);
    (await unlockVault(dir, PASS)).close();
  });
});

describe('KDF ceiling', () => {
  it('accepts the documented ceiling and refuses 2^31 bytes, which libsodium cannot run', () => {
    expect(KDF_CEILING.memLimitBytes).toBeLessThan(2 ** 31);
    expect(() => assertKdfCost(KDF_CEILING)).not.toThrow();
    expect(() => assertKdfCost({ opsLimit: 3, memLimitBytes: 2048 * MiB })).toThrow(/ceiling/);
    expect(() => assertKdfCost({ opsLimit: 3, memLimitBytes: 2 ** 31 - 1 })).toThrow(/ceiling/);
  });

  it('refuses a header asking for 2048 MiB before deriving anything', async () => {
    const { dir, vault } = await newTestVault();
    vault.close();
    editHeader(dir, (h) => {
      h.kdf.memLimitBytes = 2048 * MiB;
    });
    await expect(unlockVault(dir, PASS)).rejects.toMatchObject({ code: 'HEADER_CORRUPT', message: expect.stringMatching(/ceiling/) });
  });
});

describe.skipIf(process.platform === 'win32')('vault folder permissions', () => {
  const mode = (p: string) => statSync(p).mode & 0o777;

  it('creates the folder, header, database, blobs/ and tmp/ owner-only', async () => {
    const { dir, vault } = await newTestVault();
    const blob = await vault.blobs.write([new Uint8Array(10)]);
    vault.close();
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, HEADER_FILE))).toBe(0o600);
    expect(mode(join(dir, 'vault.db'))).toBe(0o600);
    expect(mode(join(dir, 'blobs'))).toBe(0o700);
    expect(mode(join(dir, 'tmp'))).toBe(0o700);
    expect(mode(join(dir, 'blobs', blob.blobId.slice(0, 2)))).toBe(0o700);
    expect(mode(join(dir, 'blobs', blob.blobId.slice(0, 2), blob.blobId))).toBe(0o600);
  });

  it('tightens an existing vault folder on open', async () => {
    const { dir, vault } = await newTestVault();
    const blob = await vault.blobs.write([new Uint8Array(10)]);
    vault.close();
    const shard = join(dir, 'blobs', blob.blobId.slice(0, 2));
    for (const d of [dir, join(dir, 'blobs'), join(dir, 'tmp'), shard]) chmodSync(d, 0o755);
    for (const f of [join(dir, HEADER_FILE), join(dir, 'vault.db'), join(shard, blob.blobId)]) chmodSync(f, 0o644);
    (await unlockVault(dir, PASS)).close();
    for (const d of [dir, join(dir, 'blobs'), join(dir, 'tmp'), shard]) expect(mode(d)).toBe(0o700);
    for (const f of [join(dir, HEADER_FILE), join(dir, 'vault.db'), join(shard, blob.blobId)]) expect(mode(f)).toBe(0o600);
  });
});
