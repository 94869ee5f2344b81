/**
 * The signers this vault knows: whose packages verify as "known" instead of "signer UNKNOWN" and import without a
 * confirmation. A valid signature says only that the package is intact since someone signed it; anyone can alter
 * a package and re-sign it with a fresh key. What ties a key to a sender is a fingerprint compared over another
 * channel, once, and then remembered here.
 *
 * Each known signer is a sealed record (readable only while the vault is unlocked); the vault's own signing key
 * is always known (it signs this vault's exports). Adding, trusting at import and removing are audited actions.
 */
import { z } from 'zod';
import { fromHex } from '../../crypto/bytes';
import { fingerprint } from '../../crypto/sign';
import { SanctumError } from '../../errors';
import type { Repository } from '../../store/repository';
import type { Tx } from '../../store/repository';

export const SIGNER_KIND = 'package_known_signer';

const SignerData = z.object({
  fingerprint: z.string().regex(/^[0-9A-F]{4}( [0-9A-F]{4}){7}$/),
  publicKey: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  label: z.string().max(200),
  /** How it was added: "signers add", "package import of <id>". */
  via: z.string().max(300),
});
type SignerData = z.infer<typeof SignerData>;

export interface KnownSigner {
  /** Record id; null for the vault's own key. */
  id: string | null;
  fingerprint: string;
  publicKey: string | null;
  label: string;
  via: string;
  addedAt: string | null;
  own: boolean;
}

/** "5c37:44bf…", "5C3744BF…" or "5C37 44BF …" -> "5C37 44BF … " (8 groups of 4), or null if it is not one. */
export function normaliseFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:-]/g, '').toUpperCase();
  return /^[0-9A-F]{32}$/.test(hex) ? hex.match(/.{4}/g)!.join(' ') : null;
}

/** A fingerprint (32 hex digits, any grouping) or an Ed25519 public key (64 hex digits). */
export function parseSigner(text: string): { fingerprint: string; publicKey: string | null } {
  const t = text.trim();
  const key = t.replace(/^ed25519:/i, '').toLowerCase();
  if (/^[0-9a-f]{64}$/.test(key)) return { fingerprint: fingerprint(fromHex(key)), publicKey: key };
  const fp = normaliseFingerprint(t);
  if (fp) return { fingerprint: fp, publicKey: null };
  throw new SanctumError('INVALID_INPUT', `"${t.slice(0, 100)}" is neither a signer fingerprint (32 hex digits) nor an Ed25519 public key (64 hex digits)`, 'signer');
}

/** Does this expectation (fingerprint or public key, as a person typed it) name this signer? */
export function signerMatches(expected: string, signer: { fingerprint: string; publicKey: string }): boolean {
  try {
    const p = parseSigner(expected);
    return p.fingerprint === normaliseFingerprint(signer.fingerprint) && (p.publicKey === null || p.publicKey === signer.publicKey);
  } catch {
    return false;
  }
}

export function listSigners(repo: Repository, own: { publicKey: Uint8Array }): KnownSigner[] {
  const ownFp = fingerprint(own.publicKey);
  const out: KnownSigner[] = [
    { id: null, fingerprint: ownFp, publicKey: Buffer.from(own.publicKey).toString('hex'), label: 'this vault', via: 'the vault’s own signing key', addedAt: null, own: true },
  ];
  for (const r of repo.ofKind(SIGNER_KIND)) {
    const d = SignerData.parse(r.data);
    if (d.fingerprint === ownFp) continue;
    out.push({ id: r.id, fingerprint: d.fingerprint, publicKey: d.publicKey, label: d.label, via: d.via, addedAt: r.createdAt, own: false });
  }
  return out;
}

/** Fingerprints that verify as known in this vault (its own key included). */
export function knownFingerprints(repo: Repository, own: { publicKey: Uint8Array }): string[] {
  return listSigners(repo, own).map((s) => s.fingerprint);
}

function insertSigner(tx: Tx, s: { fingerprint: string; publicKey: string | null }, label: string, via: string): void {
  tx.insert(SIGNER_KIND, SignerData.parse({ fingerprint: s.fingerprint, publicKey: s.publicKey, label: label.trim().slice(0, 200), via: via.slice(0, 300) }));
}

/** Remember a signer (audited as package.signer_added). Already known: returned as it is, nothing written. */
export function addSigner(repo: Repository, own: { publicKey: Uint8Array }, text: string, opts: { label?: string; via?: string } = {}): KnownSigner {
  const s = parseSigner(text);
  const existing = listSigners(repo, own).find((k) => k.fingerprint === s.fingerprint);
  if (existing) return existing;
  const label = opts.label ?? '';
  const via = opts.via ?? 'signers add';
  repo.transact({ action: 'package.signer_added', details: { fingerprint: s.fingerprint, label, via } }, (tx) => insertSigner(tx, s, label, via));
  return listSigners(repo, own).find((k) => k.fingerprint === s.fingerprint)!;
}

/** Within an import's transaction: remember the signer the person confirmed (the import's audit entry says so). */
export function trustSignerInTx(tx: Tx, s: { fingerprint: string; publicKey: string }, via: string): void {
  insertSigner(tx, s, '', via);
}

/** Forget a signer (audited as package.signer_removed). The vault's own key cannot be removed. */
export function removeSigner(repo: Repository, own: { publicKey: Uint8Array }, text: string): KnownSigner {
  const s = parseSigner(text);
  const k = listSigners(repo, own).find((x) => x.fingerprint === s.fingerprint);
  if (!k) throw new SanctumError('NOT_FOUND', `${s.fingerprint} is not a known signer of this vault`, 'signer');
  if (k.own) throw new SanctumError('FORBIDDEN', 'the vault’s own signing key is always known; it cannot be removed', 'signer');
  repo.transact({ action: 'package.signer_removed', details: { fingerprint: k.fingerprint, label: k.label } }, (tx) => tx.delete(k.id!));
  return k;
}

/** A known package signer (typed `ofKind`, see OwnRecordKinds in store/repository.ts). */
declare module '../../store/repository' {
  interface OwnRecordKinds {
    package_known_signer: SignerData;
  }
}
