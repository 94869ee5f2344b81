/**
 * The vault's recipient key pair for encrypted packages (X25519, crypto_box): created on first use and kept as
 * a sealed record like everything else, so it is readable only while the vault is unlocked. The public key is
 * what a sender passes as --recipient; its fingerprint is what the two compare by phone.
 */
import { z } from 'zod';
import { SanctumError } from '../../errors';
import { fromHex, toHex } from '../../crypto/bytes';
import { fingerprint } from '../../crypto/sign';
import { sodium } from '../../crypto/sodium';
import type { Repository } from '../../store/repository';
import type { RecipientKeyPair } from './envelope';

const KIND = 'package_recipient_key';
const PREFIX = 'x25519:';

const KeyData = z.object({ publicKey: z.string().regex(/^[0-9a-f]{64}$/), secretKey: z.string().regex(/^[0-9a-f]{64}$/) });

export interface RecipientKey extends RecipientKeyPair {
  /** "x25519:<64 hex>": what to give a sender. */
  text: string;
  fingerprint: string;
}

function describe(publicKey: Uint8Array, secretKey: Uint8Array): RecipientKey {
  return { publicKey, secretKey, text: formatRecipientKey(publicKey), fingerprint: fingerprint(publicKey) };
}

export function formatRecipientKey(publicKey: Uint8Array): string {
  return `${PREFIX}${toHex(publicKey)}`;
}

/** Accepts "x25519:<hex>" or bare hex (64 digits). */
export function parseRecipientKey(text: string): Uint8Array {
  const t = text.trim().toLowerCase();
  const hex = t.startsWith(PREFIX) ? t.slice(PREFIX.length) : t;
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new SanctumError('INVALID_INPUT', `"${text}" is not a recipient key (x25519: followed by 64 hex digits)`, 'recipient');
  return fromHex(hex);
}

/** The vault's recipient key, created (and the creation logged) the first time it is needed. */
export function recipientKey(repo: Repository): RecipientKey {
  const existing = repo.ofKind(KIND).next().value;
  if (existing) {
    const d = KeyData.parse(existing.data);
    return describe(fromHex(d.publicKey), fromHex(d.secretKey));
  }
  const kp = sodium().crypto_box_keypair();
  const data = { publicKey: toHex(kp.publicKey), secretKey: toHex(kp.privateKey) };
  repo.transact({ action: 'package.recipient_key_created', details: { fingerprint: fingerprint(kp.publicKey) } }, (tx) => tx.insert(KIND, data));
  return describe(kp.publicKey, kp.privateKey);
}

/** The vault's package recipient key pair (typed `ofKind`, see OwnRecordKinds in store/repository.ts). */
declare module '../../store/repository' {
  interface OwnRecordKinds {
    package_recipient_key: z.infer<typeof KeyData>;
  }
}
