/**
 * Evidence package format: names, algorithms and the verification report (see README.md in this folder for the
 * layout). A package is a BagIt 1.0 bag (RFC 8493) with a signed tag directory `sanctum/`.
 */

import { DISCLOSURE_PROFILES } from '../../../../shared/ipc/schemas/packages';

/** Written to bag-info.txt as BagIt-Profile-Identifier; the profile JSON ships beside this file. */
export const SANCTUM_PROFILE_ID = 'urn:sanctum:bagit-profile:evidence-package:v1';
export const PACKAGE_FORMAT_VERSION = 1;

export const SANCTUM_DIR = 'sanctum';
export const SIGNATURE_FILE = 'sanctum/signature.ed25519';
export const SIGNER_FILE = 'sanctum/signer.json';
export const CUSTODY_FILE = 'sanctum/custody.jsonl';
export const LOG_HEAD_FILE = 'sanctum/log-head.json';
/** The file the Ed25519 signature covers, byte for byte (it lists every other tag file's SHA-512). */
export const SIGNED_FILE = 'tagmanifest-sha512.txt';

export const ITEMS_JSON = 'data/metadata/items.json';
export const ITEMS_CSV = 'data/metadata/items.csv';
export const ENTITIES_FILE = 'data/metadata/entities.ftm.jsonl';
/** The entities, links and events as Sanctum holds them (entities.ftm.jsonl is plain FtM). */
export const RECORDS_FILE = 'data/metadata/records.jsonl';
/** Claims: not FtM, so not in entities.ftm.jsonl. */
export const CLAIMS_FILE = 'data/metadata/claims.jsonl';
export const WITHHELD_FILE = 'data/metadata/withheld.json';
export const PACKAGE_JSON = 'data/metadata/package.json';
/** The extracted text of the files (data/text/<item id>/text.txt), described one row a file. */
export const TEXTS_FILE = 'data/metadata/texts.json';
export const TEXT_DIR = 'data/text/';
/** Where the extracted text of an item in the bag goes (the item's id: the one its file sits under). */
export function textPathFor(itemId: string): string {
  return `${TEXT_DIR}${itemId}/text.txt`;
}
/** Between two pages in text.txt (form feed, as pdftotext writes); the page map gives each page's bytes. */
export const PAGE_SEPARATOR = '\f';

/** The algorithms every Sanctum package carries, for payload and tag manifests alike. */
export const PACKAGE_ALGORITHMS = ['sha256', 'sha512'] as const;

export interface AlgorithmSpec {
  /** node:crypto name. */
  node: string;
  hexLength: number;
  label: string;
}

/** BagIt algorithm names (lower case, non-alphanumerics removed: RFC 8493 §2.4) we can check. */
export const ALGORITHMS: Readonly<Record<string, AlgorithmSpec>> = {
  md5: { node: 'md5', hexLength: 32, label: 'MD5' },
  sha1: { node: 'sha1', hexLength: 40, label: 'SHA-1' },
  sha224: { node: 'sha224', hexLength: 56, label: 'SHA-224' },
  sha256: { node: 'sha256', hexLength: 64, label: 'SHA-256' },
  sha384: { node: 'sha384', hexLength: 96, label: 'SHA-384' },
  sha512: { node: 'sha512', hexLength: 128, label: 'SHA-512' },
  sha3256: { node: 'sha3-256', hexLength: 64, label: 'SHA3-256' },
  sha3512: { node: 'sha3-512', hexLength: 128, label: 'SHA3-512' },
};

/** Kept for old bags; RFC 8493 says new bags SHOULD use SHA-256 or SHA-512. */
export const WEAK_ALGORITHMS: ReadonlySet<string> = new Set(['md5', 'sha1']);

export function algorithmLabel(alg: string): string {
  return ALGORITHMS[alg]?.label ?? alg;
}

export type Severity = 'error' | 'warning';

export interface BagProblem {
  severity: Severity;
  /** Path relative to the bag ("data/x.pdf", "bag-info.txt"), or "(bag)" / "(archive)" for the whole. */
  file: string;
  reason: string;
}

export type BagFormat = 'directory' | 'tar' | 'tar.gz' | 'encrypted';

export interface SanctumReport {
  packageId: string | null;
  disclosureProfile: string | null;
  /** Present when signer.json could be read. */
  signer: { algorithm: string; publicKey: string; fingerprint: string } | null;
  signatureValid: boolean;
  /**
   * Whose key it is, as far as this verification knows: 'expected' (the key asked for with --signer),
   * 'known' (a known signer of the vault), 'unknown' (a valid signature by a key nobody vouched for: anyone can
   * re-sign an altered package with a fresh key). Null without a signer.
   */
  signerTrust: 'expected' | 'known' | 'unknown' | null;
  /** SHA-256 of the signed tagmanifest-sha512.txt: names this package's content whatever its wrapping. */
  signedManifestSha256: string | null;
  logHead: { seq: number; hash: string; signedAt: string; valid: boolean } | null;
  custody: { items: number; entries: number; valid: boolean };
  items: number;
  withheld: number;
  /** Extracted-text files described in data/metadata/texts.json (0 for packages without it). */
  texts: number;
}

export interface BagReport {
  path: string;
  format: BagFormat;
  /** In an archive: the folder the bag is in ("" when at the top); null for a directory. */
  archiveRoot: string | null;
  /** No errors (warnings allowed). */
  valid: boolean;
  /** Every listed payload file is present (false for a holey bag whose fetch.txt files are not here). */
  complete: boolean;
  bagitVersion: string | null;
  tagFileEncoding: string | null;
  algorithms: { payload: string[]; tag: string[] };
  payload: { files: number; bytes: number };
  bagInfo: { label: string; value: string }[];
  problems: BagProblem[];
  errors: number;
  warnings: number;
  /** Set when the bag is (or claims to be) a Sanctum evidence package. */
  sanctum: SanctumReport | null;
  seconds: number;
}

/** Collects problems in the order found; `file` is always bag-relative. */
export class ProblemList {
  readonly items: BagProblem[] = [];
  error(file: string, reason: string): void {
    this.items.push({ severity: 'error', file, reason });
  }
  warn(file: string, reason: string): void {
    this.items.push({ severity: 'warning', file, reason });
  }
  get errors(): number {
    return this.items.filter((p) => p.severity === 'error').length;
  }
}

export { DISCLOSURE_PROFILES };
export type DisclosureProfile = (typeof DISCLOSURE_PROFILES)[number];
