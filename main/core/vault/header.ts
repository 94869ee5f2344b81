/**
 * Vault header, format v1: `sanctum-vault.json` in the vault folder. It holds no case data and no timestamps:
 * only what is needed to turn a passphrase (or the recovery key) into the master key.
 *
 * Integrity, in two layers:
 *  - `checksum` (SHA-256 over the canonical JSON of every other field) tells accidental damage and truncation
 *    apart from a wrong passphrase, so the user gets the right message;
 *  - every wrapped key is sealed with AD that binds format, version, vault id and the KDF parameters and salt,
 *    so a header edited by someone else (weaker KDF, swapped salt) fails to unlock;
 *  - `mac` (crypto_auth with a subkey of the master key, over the canonical JSON of every field but `mac` and
 *    `checksum`) is checked after unwrapping, so an edit to a field the passphrase wrap does not bind (recovery
 *    wraps, witness compartment) is reported as HEADER_ALTERED rather than as a wrong passphrase. Headers written
 *    before the MAC existed get one at their next unlock.
 *
 * `recoveryPublicKey` (optional): when present, `keys.recovery` and `witness.keys.recovery` are sealed boxes to
 * this X25519 key, whose secret half is derived from the recovery key. A re-key can then wrap a NEW master key
 * for the recovery key without knowing it (see vault/rekey.ts). Without it, they are symmetric wraps (v1 vaults).
 */
import { z } from 'zod';
import { SanctumError } from '../errors';
import { fromBase64, fromHex, toBase64, utf8 } from '../crypto/bytes';
import { sha256, sha256Hex } from '../crypto/hash';
import { assertKdfCost, type KdfParams } from '../crypto/kdf';
import { canonicalJson } from '../util/canonical-json';

export const HEADER_FILE = 'sanctum-vault.json';
export const HEADER_FORMAT = 'sanctum-vault';
export const HEADER_VERSION = 1;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const KdfJson = z.object({
  alg: z.literal('argon2id13'),
  opsLimit: z.number().int(),
  memLimitBytes: z.number().int(),
  salt: b64,
});
const WrapsJson = z.object({ passphrase: b64, recovery: b64 });
const HeaderJson = z.object({
  format: z.literal(HEADER_FORMAT),
  version: z.literal(HEADER_VERSION),
  vaultId: z.string().regex(/^[0-9a-f]{32}$/),
  kdf: KdfJson,
  keys: WrapsJson,
  witness: z.object({ kdf: KdfJson, keys: WrapsJson }),
  recoveryPublicKey: b64.optional(),
  mac: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});
type HeaderJsonT = z.infer<typeof HeaderJson>;

export interface Wraps {
  passphrase: Uint8Array;
  recovery: Uint8Array;
}

export interface VaultHeader {
  vaultId: Uint8Array;
  kdf: KdfParams;
  keys: Wraps;
  witness: { kdf: KdfParams; keys: Wraps };
  recoveryPublicKey?: Uint8Array;
  /** crypto_auth tag over macMessage(header); absent on headers written before it existed. */
  mac?: Uint8Array;
}

function kdfToJson(k: KdfParams): HeaderJsonT['kdf'] {
  return { alg: k.alg, opsLimit: k.opsLimit, memLimitBytes: k.memLimitBytes, salt: toBase64(k.salt) };
}

function kdfFromJson(k: HeaderJsonT['kdf']): KdfParams {
  return { alg: k.alg, opsLimit: k.opsLimit, memLimitBytes: k.memLimitBytes, salt: fromBase64(k.salt) };
}

function bodyOf(h: VaultHeader): Omit<HeaderJsonT, 'checksum'> {
  return {
    ...macBodyOf(h),
    ...(h.mac ? { mac: Buffer.from(h.mac).toString('hex') } : {}),
  };
}

function macBodyOf(h: VaultHeader): Omit<HeaderJsonT, 'checksum' | 'mac'> {
  return {
    format: HEADER_FORMAT,
    version: HEADER_VERSION,
    vaultId: Buffer.from(h.vaultId).toString('hex'),
    kdf: kdfToJson(h.kdf),
    keys: { passphrase: toBase64(h.keys.passphrase), recovery: toBase64(h.keys.recovery) },
    witness: {
      kdf: kdfToJson(h.witness.kdf),
      keys: { passphrase: toBase64(h.witness.keys.passphrase), recovery: toBase64(h.witness.keys.recovery) },
    },
    ...(h.recoveryPublicKey ? { recoveryPublicKey: toBase64(h.recoveryPublicKey) } : {}),
  };
}

/** The bytes the header MAC covers: every field except `mac` and `checksum`. */
export function macMessage(h: VaultHeader): Uint8Array {
  return utf8(canonicalJson(macBodyOf(h)));
}

export function serializeHeader(h: VaultHeader): string {
  const body = bodyOf(h);
  const checksum = sha256Hex(canonicalJson(body));
  return `${JSON.stringify({ ...body, checksum }, null, 2)}\n`;
}

/**
 * Parse and check a header file's bytes. Every failure names what is wrong; nothing here touches the disk.
 * Order matters for the message: truncation, then format and version, then checksum, then field shapes, then
 * the KDF floor.
 */
export function parseHeader(text: string, where = HEADER_FILE): VaultHeader {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new SanctumError('HEADER_TRUNCATED', 'the vault header is empty', where);
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch {
    if (!trimmed.endsWith('}')) {
      throw new SanctumError('HEADER_TRUNCATED', `the vault header is truncated (${text.length} bytes, ends mid-value)`, where);
    }
    throw new SanctumError('HEADER_CORRUPT', 'the vault header is not valid JSON', where);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SanctumError('HEADER_CORRUPT', 'the vault header is not a JSON object', where);
  }
  const obj = raw as Record<string, unknown>;
  if (obj.format !== HEADER_FORMAT) {
    throw new SanctumError('HEADER_CORRUPT', `not a Sanctum vault header (format is ${JSON.stringify(obj.format)})`, where);
  }
  if (typeof obj.version !== 'number' || !Number.isInteger(obj.version)) {
    throw new SanctumError('HEADER_CORRUPT', 'the vault header has no format version', where);
  }
  if (obj.version !== HEADER_VERSION) {
    throw new SanctumError(
      'UNSUPPORTED_VERSION',
      obj.version > HEADER_VERSION
        ? `this vault uses format version ${obj.version}; this build of Sanctum reads version ${HEADER_VERSION}. Update Sanctum to open it.`
        : `vault format version ${obj.version} is not supported`,
      where,
    );
  }
  const { checksum, ...body } = obj;
  if (typeof checksum !== 'string' || sha256Hex(canonicalJson(body)) !== checksum) {
    throw new SanctumError('HEADER_CORRUPT', 'the vault header is damaged (checksum mismatch)', where);
  }
  const parsed = HeaderJson.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SanctumError('HEADER_CORRUPT', `the vault header field "${issue.path.join('.')}" is invalid: ${issue.message}`, where);
  }
  const h = parsed.data;
  const header: VaultHeader = {
    vaultId: fromHex(h.vaultId),
    kdf: kdfFromJson(h.kdf),
    keys: { passphrase: fromBase64(h.keys.passphrase), recovery: fromBase64(h.keys.recovery) },
    witness: {
      kdf: kdfFromJson(h.witness.kdf),
      keys: { passphrase: fromBase64(h.witness.keys.passphrase), recovery: fromBase64(h.witness.keys.recovery) },
    },
    ...(h.recoveryPublicKey ? { recoveryPublicKey: fromBase64(h.recoveryPublicKey) } : {}),
    ...(h.mac ? { mac: fromHex(h.mac) } : {}),
  };
  assertKdfCost(header.kdf, `${where}: kdf`);
  assertKdfCost(header.witness.kdf, `${where}: witness.kdf`);
  return header;
}

export type WrapPurpose = 'passphrase.master' | 'recovery.master' | 'passphrase.witness' | 'recovery.witness';

/** Associated data for a key wrap: binds the header fields that the wrap depends on. */
export function wrapAd(vaultId: Uint8Array, purpose: WrapPurpose, kdf?: KdfParams): Uint8Array {
  const bound = {
    format: HEADER_FORMAT,
    version: HEADER_VERSION,
    vaultId: Buffer.from(vaultId).toString('hex'),
    purpose,
    kdf: kdf ? kdfToJson(kdf) : null,
  };
  return sha256(utf8(canonicalJson(bound)));
}
