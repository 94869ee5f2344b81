/**
 * Sealed record envelope, format v1 (see docs in ARCHITECTURE.md, "Formats"):
 *
 *   envelope = version(1 byte = 0x01) ‖ keyId(1 byte) ‖ nonce(24) ‖ XChaCha20-Poly1305(ct ‖ tag)
 *   AD       = "sanctum.record.v1" 0x00 table 0x00 ‖ record id bytes ‖ version ‖ keyId
 *
 * Binding table and id into the AD means a ciphertext moved to another row or table no longer opens.
 */
import { SanctumError } from '../errors';
import { aeadOpen, aeadSeal } from './aead';
import { concatBytes, utf8 } from './bytes';

export const ENVELOPE_VERSION = 1;
const PREFIX = utf8('sanctum.record.v1\0');

/** PREFIX ‖ table ‖ 0x00 per table: built once, not per record (it showed in a profile of unlock). */
const TABLE_PREFIX = new Map<string, Uint8Array>();

function recordAd(table: string, id: Uint8Array, version: number, keyId: number): Uint8Array {
  let head = TABLE_PREFIX.get(table);
  if (!head) TABLE_PREFIX.set(table, (head = concatBytes(PREFIX, utf8(`${table}\0`))));
  const ad = new Uint8Array(head.length + id.length + 2);
  ad.set(head);
  ad.set(id, head.length);
  ad[head.length + id.length] = version;
  ad[head.length + id.length + 1] = keyId;
  return ad;
}

export function sealEnvelope(key: Uint8Array, keyId: number, table: string, id: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const sealed = aeadSeal(key, plaintext, recordAd(table, id, ENVELOPE_VERSION, keyId));
  return concatBytes(Uint8Array.of(ENVELOPE_VERSION, keyId), sealed);
}

export type KeyLookup = (keyId: number) => Uint8Array | undefined;

export function openEnvelope(keys: KeyLookup, table: string, id: Uint8Array, envelope: Uint8Array, where: string): Uint8Array {
  if (envelope.length < 2) throw new SanctumError('RECORD_TAMPERED', 'record is truncated', where);
  const version = envelope[0]!;
  const keyId = envelope[1]!;
  if (version !== ENVELOPE_VERSION) {
    throw new SanctumError('UNSUPPORTED_VERSION', `record envelope version ${version} is not supported`, where);
  }
  const key = keys(keyId);
  if (!key) throw new SanctumError('RECORD_TAMPERED', `record names an unknown key (${keyId})`, where);
  const plain = aeadOpen(key, envelope.subarray(2), recordAd(table, id, version, keyId));
  if (!plain) throw new SanctumError('RECORD_TAMPERED', 'record failed authentication (altered, moved or truncated)', where);
  return plain;
}
