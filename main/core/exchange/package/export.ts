/**
 * Export an evidence package (layout in README.md beside this file).
 *
 * Order of work, and why:
 *  1. Plan (disclosure.ts): what goes in, what is withheld and why. Witness identities are read from the
 *     compartment to protect them; an original that contains a protected name is replaced by a clean redacted
 *     working copy or withheld — decided before a byte is written, because an archive cannot take bytes back.
 *  2. Statements are rendered per profile and kept as working copies in the vault (originals untouched; an
 *     identical earlier rendering is reused), so every payload file is an item with its own chain of custody.
 *  3. Payload bytes stream from the vault's encrypted blobs to the output, hashed as they pass (SHA-256 and
 *     SHA-512 in one pass over each chunk); each SHA-256 must equal the hash taken at intake. Large exports
 *     decrypt on a pool of worker threads (crypto/blob-decrypt-pool.ts), several blobs at once, so decryption
 *     of the next blobs overlaps the hashing and writing of the current ones.
 *  4. One transaction appends a custody.exported entry to every item's chain and signs the log head; only then
 *     are the chains read for the custody excerpt, so the excerpt ends with this export.
 *  5. Metadata, manifests, bag-info, tag manifests; the Ed25519 signature over tagmanifest-sha512.txt.
 *  6. Everything is written under a temporary name beside the destination and renamed at the end: a cancel or
 *     failure leaves nothing (and, if the custody entries were already written, an entry saying the export was
 *     abandoned).
 * A last check searches every generated file for protected names and aborts the export if one is found.
 */
import { createGzip } from 'node:zlib';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { createHash } from 'node:crypto';
import type { ClaimData, EntityData, EvidenceData, EvidenceTextData, SourceData } from '../../../../shared/model/records';
import { OutputProtection, type ReviewDecision } from '../../protection';
import { formatPartialDate } from '../../../../shared/model/partial-date';
import { SanctumError } from '../../errors';
import type { AuditEntry } from '../../audit/audit-log';
import { randomBytes, toHex, utf8 } from '../../crypto/bytes';
import { sha256Hex } from '../../crypto/hash';
import { signDetached } from '../../crypto/sign';
import { Views } from '../../case/views';
import type { CaseServices } from '../../case/services';
import type { StoredRecord } from '../../store/sealed-store';
import { fsyncDir } from '../../util/atomic-file';
import { serializeBagInfo } from './bag-info';
import { sanitiseFileName } from './bag-paths';
import { serializeBagitTxt } from './bagit-txt';
import { serializeCustody, EXPORT_ACTION } from './custody';
import {
  NameScanner,
  makeScrubber,
  namePatterns,
  planPackage,
  protectedNames,
  renderStatement,
  scrubDeep,
  statementFileName,
  WITHHELD_REASONS,
  type PackagePlan,
  type Selection,
  type Withheld,
} from './disclosure';
import { encryptStream } from './envelope';
import {
  ALGORITHMS,
  CLAIMS_FILE,
  CUSTODY_FILE,
  ENTITIES_FILE,
  ITEMS_CSV,
  ITEMS_JSON,
  LOG_HEAD_FILE,
  PACKAGE_ALGORITHMS,
  PACKAGE_FORMAT_VERSION,
  PACKAGE_JSON,
  PAGE_SEPARATOR,
  RECORDS_FILE,
  SANCTUM_PROFILE_ID,
  SIGNATURE_FILE,
  SIGNED_FILE,
  SIGNER_FILE,
  TEXTS_FILE,
  WITHHELD_FILE,
  textPathFor,
  type BagFormat,
  type DisclosureProfile,
} from './format';
import { packageMetadata, type PackageMetadata } from './ftm-lines';
import { digestBytes, type Digests } from './hashing';
import { defaultDecryptWorkers, type BlobDecryptPool } from '../../crypto/blob-decrypt-pool';
import { itemsCsv, itemsJson, textsJson, withheldJson, type ItemRow, type TextPageRow, type TextRow } from './load-file';
import { manifestFileName, serializeManifest } from './manifest';
import { parseRecipientKey } from './recipient-keys';
import { writeTar, type TarSourceEntry } from './tar';
import APP from '../../../../package.json';

export interface Organization {
  name: string;
  address?: string;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
}

export interface AssessmentFile {
  name: string;
  bytes: Uint8Array;
}

export interface ExportProgress {
  phase: 'checking' | 'writing' | 'signing';
  done: number;
  total: number;
}

/**
 * How the export reads an item's extracted text: only through the text service's public read
 * (DocumentTextService.read, main/core/documents/text-service.ts: the pages are opened from their sealed body), whatever its storage; it may become async.
 */
export interface TextReader {
  read(evidenceId: string): Promise<EvidenceTextData | null>;
}

/** The case services, and the text service when there is one (without it, no text goes in the package). */
export type ExportServices = CaseServices & { readonly text?: TextReader };

export interface ExportRequest {
  caseId: string;
  selection: Selection;
  profile: DisclosureProfile;
  /** X25519 public keys ("x25519:<hex>" or bytes): the package is then archived and encrypted to them. */
  recipients?: readonly (string | Uint8Array)[];
  /** A folder (plain bag), or a file ending .tar / .tar.gz; with recipients, the encrypted file. Must not exist. */
  outPath: string;
  organization: Organization;
  description?: string;
  /** Hook for the criteria engine: files to add under data/assessments/. */
  assessments?: (plan: PackagePlan) => Promise<AssessmentFile[]> | AssessmentFile[];
  onProgress?: (p: ExportProgress) => void;
  signal?: AbortSignal;
  now?: () => Date;
  /**
   * Worker threads that decrypt the vault's blobs (0: decrypt in this thread). By default none when the files
   * hold less than 16 MiB in all (starting the workers would cost more), else one per CPU (up to 4).
   */
  decryptWorkers?: number;
  /** Decisions on possible identity mentions (review before release); an undecided one stops the export. */
  review?: readonly ReviewDecision[];
}

export interface ExportResult {
  path: string;
  format: BagFormat;
  packageId: string;
  profile: DisclosureProfile;
  signer: { publicKey: string; fingerprint: string };
  items: { id: string; path: string; sha256: string; size: number }[];
  /** Extracted-text files: the item, where its text is, the file it was read from (`of`), how it was read. */
  texts: { id: string; path: string; of: string; sha256: string; size: number; methods: string[] }[];
  withheld: Withheld[];
  payloadBytes: number;
  /** SHA-256 of tagmanifest-sha512.txt, the signed file: one value that names this package's content. */
  manifestSha256: string;
  /** SHA-256 of the archive or encrypted file as written (null for a folder). */
  fileSha256: string | null;
  recipients: number;
  /** entities.ftm.jsonl: lines written, what FtM could not carry, invalid values not written (line, property, why). */
  ftm: PackageMetadata['report'];
}

interface Prepared {
  record: StoredRecord<EvidenceData>;
  original: StoredRecord<EvidenceData>;
  path: string;
  size: number;
  sha256: string;
  blobId?: string;
  bytes?: Uint8Array;
  type: 'file' | 'statement';
  derivedFrom: { id: string; type: string } | null;
  author: string | null;
  /** The file's extracted text, protected, as it goes in the package (data/text/<id>/text.txt). */
  text?: { path: string; bytes: Uint8Array; row: TextRow };
}

function outputFormat(req: ExportRequest): BagFormat {
  if (req.recipients?.length) return 'encrypted';
  if (/\.(tar\.gz|tgz)$/i.test(req.outPath)) return 'tar.gz';
  if (/\.tar$/i.test(req.outPath)) return 'tar';
  return 'directory';
}

function cancelled(): SanctumError {
  return new SanctumError('CANCELLED', 'export cancelled; nothing was written');
}

async function* gzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const z = createGzip({ level: 6 });
  pipeline(Readable.from(source), z, () => undefined);
  for await (const c of z as AsyncIterable<Buffer>) yield c;
}

/** Writes (and messages to the hashing worker) of about 1 MiB: 64 KiB ones cost twice the time in syscalls. */
const WRITE_BYTES = 1024 * 1024;
const PARALLEL_FILES = 6;
/** Below this many bytes of files, blobs are decrypted in this thread (see ExportRequest.decryptWorkers). */
const POOL_MIN_BYTES = 16 * 1024 * 1024;

const NODE_ALGORITHMS = PACKAGE_ALGORITHMS.map((a) => ALGORITHMS[a]!.node);

/** SHA-256 and SHA-512 of a stream, both updated from the same chunk, here (Node's crypto is native). */
function packageHasher(): { update(chunk: Uint8Array): void; digest(): { digests: Digests; size: number } } {
  const hs = PACKAGE_ALGORITHMS.map((a) => createHash(a));
  let size = 0;
  return {
    update: (chunk) => {
      for (const h of hs) h.update(chunk);
      size += chunk.length;
    },
    digest: () => ({ size, digests: Object.fromEntries(PACKAGE_ALGORITHMS.map((a, i) => [a, hs[i]!.digest('hex')])) }),
  };
}
const PREFETCH_ITEMS = 8;
const PREFETCH_MAX_BYTES = 4 * 1024 * 1024;
/** With the worker pool, blobs opened ahead of the one being archived (each holds at most a few MiB). */
const POOL_AHEAD_ITEMS = 16;

async function* coalesce(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of source as AsyncIterable<Uint8Array>) {
    if (c.length >= size && n === 0) {
      yield c;
      continue;
    }
    parts.push(c);
    n += c.length;
    if (n >= size) {
      yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
      parts = [];
      n = 0;
    }
  }
  if (n > 0) yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
}

async function syncOne(p: string): Promise<void> {
  const fh = await open(p, 'r').catch(() => null); // Windows cannot open folders; NTFS renames are atomic anyway
  if (!fh) return;
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** fsync many files or folders, 16 in flight (off the main thread: a folder fsync costs ~1 ms here). */
async function syncAll(paths: readonly string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) await syncOne(paths[next++]!);
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/**
 * fsync payload files as they are finished, while the next ones are written (a few at a time: each holds one of
 * libuv's four threads, which the writes need too). drain() waits for all of them and reports the first failure.
 */
function syncQueue(concurrency: number): { add(path: string): void; drain(): Promise<void>; stop(): void } {
  const queue: string[] = [];
  let running = 0;
  let failure: { error: unknown } | null = null;
  const idle: (() => void)[] = [];
  const pump = () => {
    while (running < concurrency && queue.length) {
      running++;
      syncOne(queue.shift()!)
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => {
          running--;
          pump();
          if (running === 0 && queue.length === 0) for (const r of idle.splice(0)) r();
        });
    }
  };
  return {
    add: (path) => {
      queue.push(path);
      pump();
    },
    drain: async () => {
      if (running || queue.length) await new Promise<void>((r) => idle.push(r));
      if (failure) throw failure.error;
    },
    stop: () => {
      queue.length = 0;
    },
  };
}

function bagSize(bytes: number): string {
  if (bytes < 1e6) return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/** SPKI DER prefix for an Ed25519 public key (RFC 8410), for the PEM in signer.json. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function signerDescription(publicKey: Uint8Array, fingerprint: string): object {
  const pem = `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([ED25519_SPKI_PREFIX, publicKey]).toString('base64')}\n-----END PUBLIC KEY-----\n`;
  return {
    format: 'sanctum.package-signer.v1',
    algorithm: 'Ed25519',
    publicKey: toHex(publicKey),
    fingerprint,
    signs: SIGNED_FILE,
    publicKeyPem: pem,
    howToVerify: `save publicKeyPem as signer.pem, then: openssl pkeyutl -verify -pubin -inkey signer.pem -rawin -in ${SIGNED_FILE} -sigfile ${SIGNATURE_FILE}`,
  };
}
export async function exportPackage(ws: ExportServices, req: ExportRequest): Promise<ExportResult> {
  await checkRequest(req);
  // The decryption workers hold a copy of the blob key: they are stopped, and the key wiped, however this ends.
  const pools: BlobDecryptPool[] = [];
  try {
    const run = new PackageExport(ws, req, (bytes) => {
      const workers = req.decryptWorkers ?? (bytes < POOL_MIN_BYTES ? 0 : defaultDecryptWorkers());
      if (workers <= 0) return null;
      const pool = ws.ctx.vault.blobs.decryptPool({ workers });
      pools.push(pool);
      return pool;
    });
    await run.prepare();
    return await run.write();
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}

/** Refusals before any work: an existing output, a missing folder, no organisation. */
async function checkRequest(req: ExportRequest): Promise<void> {
  const out = req.outPath;
  if (await stat(out).catch(() => null)) throw new SanctumError('CONFLICT', `${out} already exists; choose another name`, out);
  if (!(await stat(dirname(out)).catch(() => null))?.isDirectory()) throw new SanctumError('NOT_FOUND', `the folder ${dirname(out)} does not exist`, out);
  if (!req.organization?.name?.trim()) throw new SanctumError('INVALID_INPUT', 'name the organisation exporting the package (Source-Organization)', 'organization');
}

/** One decrypted payload source: its chunks, and once they have all passed, their size and digests. */
interface PayloadSource {
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  result(): Promise<{ digests: Digests; size: number }>;
  /** Stop reading it (a source opened ahead that will not be written). */
  cancel(): void;
}

async function* awaited(parts: Promise<Uint8Array[]>): AsyncGenerator<Uint8Array> {
  yield* await parts;
}

const fileEntry = (path: string, bytes: Uint8Array): TarSourceEntry => ({
  path,
  type: 'file',
  size: bytes.length,
  body: async function* () {
    yield bytes;
  },
});

/** Who and when: fixed once the payload is known (step 3 on), named in the package and in the custody entries. */
interface Stamp {
  createdAt: Date;
  packageId: string;
  caseName: string;
  signer: { publicKey: Uint8Array; secretKey: Uint8Array };
  fingerprint: string;
  /** Temporary name beside the destination, renamed at the end (step 6). */
  tmp: string;
  /** The bag's folder inside an archive. */
  bagName: string;
}

/**
 * One export, in the steps of the file-head comment: the constructor plans (1) and sets up protection;
 * prepare() decides each payload file (2) and runs the review; write() streams the payload (3), has
 * finishBag() log custody (4) and write metadata, manifests and the signature (5), and commits by a rename (6).
 * The fields below `prepared` change as the payload is written; everything above is fixed once prepared.
 */
class PackageExport {
  readonly #ws: ExportServices;
  readonly #req: ExportRequest;
  readonly #vault: CaseServices['ctx']['vault'];
  readonly #format: BagFormat;
  readonly #recipients: Uint8Array[];
  readonly #plan: PackagePlan;
  readonly #pool: BlobDecryptPool | null;
  readonly #protection: OutputProtection;
  /** Witnesses named in their own statements (the named-witness profile): not protected there. */
  readonly #exempt: Set<string>;
  readonly #literal: (t: string) => string;
  readonly #patterns: ReturnType<typeof namePatterns>;
  readonly #views: Views;
  readonly withheld: Withheld[];
  readonly prepared: Prepared[] = [];
  #stamp: Stamp | null = null;
  /** Bytes of the payload files (set once prepared). */
  #payloadTotal = 0;

  /** Payload files' digests by bag path (payload as it passes, then the metadata files). */
  readonly #digestOf = new Map<string, Digests>();
  /** Generated files' bytes by bag path (each checked for protected names as it is added). */
  readonly #generated = new Map<string, Uint8Array>();
  #written = 0;
  #custodyLogged = false;
  #finished = false;
  #manifestSha256 = '';
  #ftmReport: PackageMetadata['report'] = { lines: 0, skipped: [], invalid: [], invalidCount: 0 };

  constructor(ws: ExportServices, req: ExportRequest, startPool: (bytes: number) => BlobDecryptPool | null) {
    this.#ws = ws;
    this.#req = req;
    this.#vault = ws.ctx.vault;
    this.#format = outputFormat(req);
    this.#recipients = (req.recipients ?? []).map((r) => (typeof r === 'string' ? parseRecipientKey(r) : r));
    const plan = (this.#plan = planPackage(ws, req));
    this.#pool = startPool(plan.bytes);
    const names = protectedNames(ws, plan);
    // Text Sanctum writes goes through the protection module (every identity field, any spelling); the literal
    // names above are for the byte search of files, which the matcher cannot read.
    this.#exempt = new Set(plan.items.flatMap((i) => (i.kind === 'statement' && i.named ? [i.witness.id] : [])));
    this.#protection = OutputProtection.forCase(ws, plan.caseId, { exemptWitnessIds: this.#exempt, decisions: req.review ?? [] });
    this.#literal = makeScrubber(names);
    this.#patterns = namePatterns(names);
    this.withheld = [...plan.withheld];
    this.#views = new Views(ws);
  }

  #check(): void {
    if (this.#req.signal?.aborted) throw cancelled();
  }

  readonly #scrub = (t: string): string => this.#protection.text('package metadata', this.#literal(t));

  #reduce(r: StoredRecord<EntityData>): StoredRecord<EntityData> {
    const p = this.#protection.entities.get(r.id);
    if (!p || (p.witnessId && this.#exempt.has(p.witnessId))) return r;
    // A protected person leaves as label, kind and roles only.
    return { ...r, data: { caseId: r.data.caseId, kind: r.data.kind, name: p.label, aliases: [], identifiers: [], roles: r.data.roles, nationality: [], countries: [], description: '' } };
  }

  #sourceOf(ev: StoredRecord<EvidenceData>): StoredRecord<SourceData> | undefined {
    return ev.data.sourceId ? this.#ws.ctx.repo.get<SourceData>(ev.data.sourceId) : undefined;
  }

  /** A blob's plaintext: from the worker pool when there is one (decrypted ahead of its reader), else read here. */
  #readBlob(blobId: string, size: number): AsyncIterable<Uint8Array> {
    return this.#pool ? this.#pool.open(blobId, [], size) : this.#vault.blobs.read(blobId);
  }

  async #scanBlob(ev: StoredRecord<EvidenceData>, onBytes: (n: number) => void): Promise<boolean> {
    const s = new NameScanner(this.#patterns);
    for await (const chunk of this.#readBlob(ev.data.file!.blob.blobId, ev.data.file!.blob.size)) {
      this.#check();
      s.push(chunk);
      onBytes(chunk.length);
      if (s.found) return true;
    }
    return false;
  }

  get #stamped(): Stamp {
    if (!this.#stamp) throw new SanctumError('INTERNAL', 'the export was not prepared');
    return this.#stamp;
  }

  // ------------------------------------------------------------------------------------------- 1-2. prepare

  /** Steps 1-2: what each payload file is and where its bytes come from; then the review before release. */
  async prepare(): Promise<void> {
    let checked = 0;
    const checkTotal = this.#patterns.length ? this.#plan.bytes : 0;
    const onBytes = (n: number) => this.#req.onProgress?.({ phase: 'checking', done: (checked += n), total: checkTotal });
    for (const item of this.#plan.items) {
      this.#check();
      const p = item.kind === 'file' ? await this.#prepareFile(item.evidence, onBytes) : await this.#prepareStatement(item);
      if (p) this.prepared.push(p);
    }
    this.#review();
    this.#payloadTotal = this.prepared.reduce((s, p) => s + p.size, 0);
    const createdAt = (this.#req.now ?? (() => new Date()))();
    const packageId = `sanctum-pkg-${createdAt.toISOString().slice(0, 10).replace(/-/g, '')}-${toHex(randomBytes(8))}`;
    const caseName = this.#ws.cases.get(this.#plan.caseId).data.name;
    const signer = this.#vault.signer();
    const out = this.#req.outPath;
    this.#stamp = {
      createdAt,
      packageId,
      caseName,
      signer,
      fingerprint: this.#vault.fingerprint,
      tmp: join(dirname(out), `.${basename(out)}.${toHex(randomBytes(6))}.partial`),
      bagName: sanitiseFileName(basename(out).replace(/\.(tar\.gz|tgz|tar|sanctum|enc)$/i, '')) || packageId,
    };
  }

  /** An original file, or its clean redacted working copy when it contains a protected name; null: withheld. */
  async #prepareFile(ev: StoredRecord<EvidenceData>, onBytes: (n: number) => void): Promise<Prepared | null> {
    let rec = ev;
    let text = await this.#textOf(ev);
    // A name in the extracted text is a name in the file, even when its bytes do not spell it (a scan, a photo,
    // a compressed PDF stream): the file is then treated like one whose bytes contain it.
    if (this.#patterns.length && ((await this.#scanBlob(ev, onBytes)) || this.#textNames(text))) {
      const copies = this.#ws.evidence.workingCopies(ev.id).filter((w) => w.data.derivedFrom?.type === 'redacted' && w.data.file);
      let clean: StoredRecord<EvidenceData> | undefined;
      for (const w of copies) if (!(await this.#scanBlob(w, () => undefined)) && !this.#textNames(await this.#textOf(w))) clean = w;
      if (!clean) {
        this.withheld.push({ id: ev.id, type: 'file', title: this.#plan.profile === 'public' ? null : ev.data.title, code: 'witness_name', reason: WITHHELD_REASONS.witness_name });
        return null;
      }
      rec = clean;
      // The redacted copy goes with its own text (if read), never the original's: redaction may hide more than names.
      text = await this.#textOf(clean);
    }
    const f = rec.data.file!;
    const path = `data/evidence/${rec.id}/${sanitiseFileName(f.originalName)}`;
    return {
      record: rec,
      original: ev,
      path,
      ...(text ? { text: this.#prepareText(rec.id, path, text) } : {}),
      size: f.blob.size,
      sha256: f.blob.sha256,
      blobId: f.blob.blobId,
      type: 'file',
      derivedFrom: rec.data.derivedFrom ? { id: rec.data.derivedFrom.evidenceId, type: rec.data.derivedFrom.type } : null,
      author: this.#sourceOf(ev)?.data.name ?? ev.data.file?.capturedBy ?? null,
    };
  }

  /** The text read from exactly this file (the same SHA-256), when there is some; through the text service only. */
  async #textOf(rec: StoredRecord<EvidenceData>): Promise<EvidenceTextData | null> {
    const t = await this.#ws.text?.read(rec.id);
    if (!t || !rec.data.file || t.sha256 !== rec.data.file.blob.sha256) return null;
    if ((t.status !== 'extracted' && t.status !== 'partial') || !t.pages.some((p) => p.text.length > 0)) return null;
    return t;
  }

  /** Whether a protected name (as written, in any case) is in the text. */
  #textNames(t: EvidenceTextData | null): boolean {
    if (!t) return false;
    const s = new NameScanner(this.#patterns);
    for (const p of t.pages) {
      s.push(utf8(p.text));
      if (s.found) return true;
    }
    return false;
  }

  /**
   * text.txt and its row: each page through witness protection like every text Sanctum writes (literal names,
   * then the matcher; a possible mention waits for review), pages joined by a form feed, with a byte map.
   */
  #prepareText(itemId: string, of: string, t: EvidenceTextData): NonNullable<Prepared['text']> {
    const where = `extracted text of item ${itemId}`;
    const sep = utf8(PAGE_SEPARATOR);
    const parts: Uint8Array[] = [];
    const pages: TextPageRow[] = [];
    let offset = 0;
    for (const p of t.pages) {
      if (parts.length) {
        parts.push(sep);
        offset += sep.length;
      }
      const b = utf8(this.#protection.text(where, this.#literal(p.text)));
      parts.push(b);
      pages.push({ page: p.page, method: p.method, ...(p.confidence !== undefined ? { confidence: p.confidence } : {}), offset, length: b.length });
      offset += b.length;
    }
    const bytes = Buffer.concat(parts);
    const ocr = t.pages.flatMap((p) => (p.method === 'ocr' && p.confidence !== undefined ? [p.confidence] : []));
    const path = textPathFor(itemId);
    const row: TextRow = {
      id: itemId,
      path,
      of,
      methods: [...new Set(t.pages.map((p) => p.method))],
      extractor: t.extractor,
      extractedAt: t.extractedAt,
      status: t.status,
      languages: t.languages,
      charset: t.charset ?? null,
      ocrConfidence: ocr.length ? Math.min(...ocr) : null,
      pages,
      size: bytes.length,
      sha256: sha256Hex(bytes),
    };
    return { path, bytes, row };
  }

  /** A statement rendered for the profile, kept as a working copy (an identical earlier rendering is reused). */
  async #prepareStatement(item: Extract<PackagePlan['items'][number], { kind: 'statement' }>): Promise<Prepared> {
    const ws = this.#ws;
    const plan = this.#plan;
    const ev = item.evidence;
    const realName = item.named && ws.witnesses.hasIdentity(item.witness.id) ? (ws.witnesses.revealIdentity(item.witness.id)?.fullName ?? null) : null;
    const bytes = utf8(this.#protection.text(`statement of ${item.witness.data.pseudonym}`, this.#literal(renderStatement(ev, item.witness, { profile: plan.profile, realName, source: this.#sourceOf(ev) }))));
    const sha256 = sha256Hex(bytes);
    const type = realName ? 'converted' : 'redacted';
    const wc =
      ws.evidence.workingCopies(ev.id).find((w) => w.data.file?.blob.sha256 === sha256 && w.data.derivedFrom?.type === type) ??
      (await ws.evidence.addWorkingCopy(ev.id, [bytes], {
        type,
        originalName: statementFileName(item.witness),
        title: `${ev.data.title} (text for the ${plan.profile} profile)`,
        mediaType: 'text/plain',
        confidentiality: ev.data.confidentiality,
        ...(ev.data.language ? { language: ev.data.language } : {}),
        ...(ev.data.date ? { date: ev.data.date } : {}),
      }));
    return {
      record: wc,
      original: ev,
      path: `data/statements/${wc.id}/statement.txt`,
      size: bytes.length,
      sha256,
      bytes,
      type: 'statement',
      derivedFrom: { id: ev.id, type },
      author: realName ?? item.witness.data.pseudonym,
    };
  }

  /**
   * Review before release: every text Sanctum will write is matched now, before the export is logged or any
   * byte is written; a possible mention without a decision stops here, listing each with its context.
   */
  #review(): void {
    const plan = this.#plan;
    const scrub = this.#scrub;
    for (const r of plan.entities) scrubDeep(this.#reduce(r), scrub);
    for (const r of [...plan.links, ...plan.events, ...plan.claims]) scrubDeep(r, scrub);
    for (const c of plan.claims) scrub(this.#views.claimSummary(c.data));
    for (const p of this.prepared) scrub(p.record.data.title);
    scrubDeep(this.withheld, scrub);
    this.#protection.assertReviewed('evidence package');
  }

  // ------------------------------------------------------------------------------------------- 3. payload

  /**
   * Start reading a payload file. With the pool, its blob is queued for decryption now, and the worker that
   * decrypts it also hashes it (the plaintext it hands over is exactly what it hashed); else it is hashed here.
   */
  #openPayload(p: Prepared, parts?: Promise<Uint8Array[]>): PayloadSource {
    const pool = this.#pool;
    if (pool && p.blobId && !parts) {
      const r = pool.open(p.blobId, NODE_ALGORITHMS, p.size);
      return {
        chunks: r,
        cancel: () => r.cancel(),
        result: async () => {
          const { size, digests } = await r.result();
          return { size, digests: Object.fromEntries(PACKAGE_ALGORITHMS.map((a, i) => [a, digests[i]!])) };
        },
      };
    }
    const h = packageHasher();
    const src: AsyncIterable<Uint8Array> | Iterable<Uint8Array> = parts ? awaited(parts) : p.blobId ? this.#vault.blobs.read(p.blobId) : [p.bytes!];
    return {
      chunks: (async function* () {
        for await (const chunk of src as AsyncIterable<Uint8Array>) {
          h.update(chunk);
          yield chunk;
        }
      })(),
      cancel: () => undefined,
      result: async () => h.digest(),
    };
  }

  /** A payload file's bytes, hashed and searched for protected names as they pass; checked against intake. */
  async *#body(p: Prepared, opened?: PayloadSource): AsyncGenerator<Uint8Array> {
    const src = opened ?? this.#openPayload(p);
    const scanner = new NameScanner(this.#patterns);
    const total = this.#payloadTotal;
    for await (const chunk of coalesce(src.chunks, WRITE_BYTES)) {
      this.#check();
      scanner.push(chunk);
      this.#written += chunk.length;
      this.#req.onProgress?.({ phase: 'writing', done: this.#written, total });
      yield chunk;
    }
    if (scanner.found) throw new SanctumError('FORBIDDEN', `a protected witness name was found in ${p.path}; nothing was exported`, p.path);
    const { digests, size } = await src.result();
    if (digests.sha256 !== p.sha256 || size !== p.size) {
      throw new SanctumError('BLOB_TAMPERED', `the bytes of ${p.path} do not match the hash taken at intake; nothing was exported`, p.record.id);
    }
    this.#digestOf.set(p.path, digests);
  }

  #payloadEntry(p: Prepared, opened?: PayloadSource): TarSourceEntry {
    return { path: p.path, type: 'file', size: p.size, body: () => this.#body(p, opened) };
  }

  /**
   * Payload entries for an archive, in order, then the tag files. Small items are read from the vault a few ahead
   * of the one being written: each costs several file operations whatever its size, and those can overlap.
   */
  async *#entries(): AsyncGenerator<TarSourceEntry> {
    const pool = this.#pool;
    const ahead = new Map<number, PayloadSource>();
    const fetch = (i: number) => {
      const p = this.prepared[i];
      if (!p?.blobId || ahead.has(i)) return;
      if (pool) {
        // Queued in the pool in archive order; the workers decrypt the next blobs while this one is written.
        ahead.set(i, this.#openPayload(p));
        return;
      }
      if (p.size > PREFETCH_MAX_BYTES) return;
      const blobs = this.#vault.blobs;
      const read = (async () => {
        const parts: Uint8Array[] = [];
        for await (const c of blobs.read(p.blobId!)) parts.push(c);
        return parts;
      })();
      read.catch(() => undefined); // awaited when its turn comes
      ahead.set(i, this.#openPayload(p, read));
    };
    try {
      for (const [i, p] of this.prepared.entries()) {
        for (let k = i; k < i + (pool ? POOL_AHEAD_ITEMS : PREFETCH_ITEMS); k++) fetch(k);
        const pre = ahead.get(i);
        ahead.delete(i);
        yield this.#payloadEntry(p, pre);
      }
    } finally {
      // Blobs opened ahead and never reached (a failure or a cancel): stop their decryption.
      for (const src of ahead.values()) src.cancel();
    }
    yield* await this.#finishBag();
  }

  /** A folder package: payload files several at once, then the tag files; all fsynced before the rename. */
  async #writeDirectory(tmp: string, payloadSync: ReturnType<typeof syncQueue>): Promise<void> {
    await mkdir(tmp, { mode: 0o700 });
    const paths: string[] = [];
    // Several payload files at once: their file operations overlap (order does not matter in a folder).
    // All of them settle before anything is cleaned up, so none can recreate the folder afterwards.
    // Largest first: the long blobs start at once on their own workers, and the small ones fill in around them.
    const order = [...this.prepared].sort((a, b) => b.size - a.size);
    let next = 0;
    let failure: { error: unknown } | null = null;
    await Promise.all(
      Array.from({ length: PARALLEL_FILES }, async () => {
        while (!failure && next < order.length) {
          const p = order[next++]!;
          try {
            const written = await writeFile(tmp, this.#payloadEntry(p));
            paths.push(written);
            payloadSync.add(written);
          } catch (error) {
            failure ??= { error };
          }
        }
      }),
    );
    if (failure) throw (failure as { error: unknown }).error;
    const tagPaths: string[] = [];
    for (const e of await this.#finishBag()) tagPaths.push(await writeFile(tmp, e));
    // Durable before the rename makes it visible: every file, then every folder. Payload files were synced in
    // the background as they were finished (one at a time, in line, costs ~2 ms each here); the tag files
    // together now, in parallel.
    await Promise.all([payloadSync.drain(), syncAll(tagPaths)]);
    paths.push(...tagPaths);
    await syncAll([...new Set(paths.map((w) => dirname(w)))].sort((a, b) => b.length - a.length));
  }

  /** An archive (.tar, .tar.gz, encrypted): one stream into one file. Returns the file's SHA-256. */
  async #writeArchive(tmp: string, bagName: string, createdAt: Date): Promise<string> {
    const entries = this.#entries();
    const prefixed = (async function* () {
      for await (const e of entries) yield { ...e, path: `${bagName}/${e.path}` };
    })();
    let stream: AsyncIterable<Uint8Array> = writeTar(prefixed, createdAt.getTime() / 1000);
    if (this.#format === 'tar.gz' || (this.#format === 'encrypted' && /\.(tar\.gz|tgz)(\.[a-z]+)?$/i.test(this.#req.outPath))) stream = gzip(stream);
    if (this.#format === 'encrypted') stream = encryptStream(stream, this.#recipients);
    const h = createHash('sha256');
    const fh = await open(tmp, 'wx', 0o600);
    try {
      for await (const chunk of coalesce(stream, WRITE_BYTES)) {
        h.update(chunk);
        let off = 0;
        while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    return h.digest('hex');
  }

  // ------------------------------------------------------------------------------------------- 4. custody

  /** The export in every chain, and the signed head; then the chains of the items in the package. */
  #logCustody(): { head: NonNullable<ReturnType<CaseServices['ctx']['vault']['audit']['signHead']>>; chains: Map<string, AuditEntry[]> } {
    const vault = this.#vault;
    const plan = this.#plan;
    const prepared = this.prepared;
    const { packageId } = this.#stamped;
    // The originals of the working copies in the package: their chains go in the excerpt too (provenance).
    const recordIds = new Set(prepared.map((p) => p.record.id));
    const originals = [...new Set(prepared.flatMap((p) => (p.derivedFrom ? [p.derivedFrom.id] : [])))].filter((id) => !recordIds.has(id));
    const head = vault.action(
      {
        action: 'package.exported',
        target: { kind: 'case', id: plan.caseId },
        details: { packageId, profile: plan.profile, format: this.#format, items: prepared.length, withheld: this.withheld.length, recipients: this.#recipients.length },
      },
      () => {
        for (const p of prepared) {
          vault.audit.append({
            action: EXPORT_ACTION,
            target: { kind: 'evidence', id: p.record.id },
            custodyItem: p.record.id,
            details: { packageId, profile: plan.profile, path: p.path, sha256: p.sha256, size: p.size, ...(p.text ? { text: { path: p.text.path, sha256: p.text.row.sha256 } } : {}) },
          });
        }
        for (const id of originals) {
          const as = prepared.filter((p) => p.derivedFrom?.id === id).map((p) => p.path);
          vault.audit.append({ action: EXPORT_ACTION, target: { kind: 'evidence', id }, custodyItem: id, details: { packageId, profile: plan.profile, as } });
        }
        return vault.audit.signHead('export');
      },
    );
    this.#custodyLogged = true;
    if (!head) throw new SanctumError('INTERNAL', 'the audit log is empty');
    const chains = new Map<string, AuditEntry[]>();
    const want = new Set([...prepared.map((p) => p.record.id), ...originals]);
    for (const e of vault.audit.entries()) {
      if (!e.custody || !want.has(e.custody.item)) continue;
      chains.set(e.custody.item, [...(chains.get(e.custody.item) ?? []), e]);
    }
    return { head, chains };
  }

  /** After a failure once custody was logged: an entry saying the export was abandoned. */
  #logAbandoned(e: unknown): void {
    const vault = this.#vault;
    const { packageId } = this.#stamped;
    try {
      vault.action({ action: 'package.export_abandoned', details: { packageId, reason: e instanceof SanctumError ? e.code : 'INTERNAL' } }, () => {
        for (const p of this.prepared) vault.audit.append({ action: 'custody.export_abandoned', target: { kind: 'evidence', id: p.record.id }, custodyItem: p.record.id, details: { packageId } });
      });
    } catch {
      // The vault may be closing; the export entries then stand without their epilogue.
    }
  }

  // ------------------------------------------------------------------------------------------- 5. bag

  #addGenerated(path: string, content: string | Uint8Array): Uint8Array {
    const bytes = typeof content === 'string' ? utf8(content) : content;
    const s = new NameScanner(this.#patterns);
    s.push(bytes);
    if (s.found) throw new SanctumError('FORBIDDEN', `a protected witness name would leave the vault in ${path}; nothing was exported`, path);
    // Last check with the matcher (any spelling): what Sanctum wrote was scrubbed already, so a mention here
    // is in text that cannot be changed (the custody excerpt is hash-chained): refuse rather than alter it.
    const text = Buffer.from(bytes).toString('utf8');
    if (this.#protection.text(path, text) !== text) throw new SanctumError('FORBIDDEN', `a protected person's identity would leave the vault in ${path}; nothing was exported`, path);
    this.#generated.set(path, bytes);
    return bytes;
  }

  /** items.json / items.csv rows: each payload file, its provenance and its custody summary. */
  #itemRows(chains: Map<string, AuditEntry[]>): ItemRow[] {
    const summary = (chain: AuditEntry[]) => {
      const pt = (e: AuditEntry) => ({ seq: e.seq, ts: e.ts, action: e.action, actor: e.actor });
      return { entries: chain.length, first: pt(chain[0]!), last: pt(chain.at(-1)!), lastHash: chain.at(-1)!.hash };
    };
    const claimIds = new Set(this.#plan.claims.map((c) => c.id));
    return this.prepared.map((p) => {
      const o = p.original.data;
      const src = this.#sourceOf(p.original);
      return scrubDeep(
        {
          id: p.record.id,
          path: p.path,
          type: p.type,
          title: p.record.data.title,
          date: o.date ? formatPartialDate(o.date) : null,
          mediaType: p.record.data.file?.mediaType ?? 'text/plain',
          size: p.size,
          sha256: p.sha256,
          author: p.author,
          source: src ? { name: src.data.name, type: src.data.type, reliability: src.data.reliability } : null,
          language: o.language ?? null,
          confidentiality: o.confidentiality,
          credibility: o.credibility,
          verifiedDocument: o.verifiedDocument,
          derivedFrom: p.derivedFrom,
          claims: this.#ws.claims.citing(p.original.id).map((c) => c.id).filter((id) => claimIds.has(id)),
          custody: summary(chains.get(p.record.id)!),
        },
        this.#scrub,
      );
    });
  }

  /** The FtM file, Sanctum's records and the claims (exchange/ftm/writer.ts, one writer for packages and FtM). */
  #metadata(): ReturnType<typeof packageMetadata> {
    const plan = this.#plan;
    const scrub = this.#scrub;
    // Items whose content is in the package: a statement's rendering carries its content; a redacted copy does not
    // carry its original's (which is why the original was replaced).
    const included = new Set(this.prepared.flatMap((p) => (p.type === 'statement' ? [p.record.id, p.original.id] : [p.record.id])));
    const exportedClaims = plan.claims.map((c) => ({
      ...c,
      // A citation of an item not in the package keeps its id but loses its locator and quoted excerpt.
      data: { ...c.data, evidence: c.data.evidence.map((e) => (included.has(e.evidenceId) ? e : { evidenceId: e.evidenceId })) } as ClaimData,
    }));
    // Sanctum's records and the claims go beside the FtM file, so it stays plain FtM.
    return packageMetadata({
      entities: plan.entities.map((r) => scrubDeep(this.#reduce(r), scrub)),
      links: plan.links.map((r) => scrubDeep(r, scrub)),
      events: plan.events.map((r) => scrubDeep(r, scrub)),
      documents: this.prepared.map((p) => ({
        id: p.record.id,
        spec: scrubDeep(
          {
            title: p.record.data.title,
            fileName: basename(p.path),
            mimeType: p.record.data.file?.mediaType ?? 'text/plain',
            sha256: p.sha256,
            size: p.size,
            ...(p.original.data.date ? { date: p.original.data.date } : {}),
            ...(p.original.data.language ? { language: p.original.data.language } : {}),
          },
          scrub,
        ),
      })),
      claims: exportedClaims.map((r) => ({ record: scrubDeep(r, scrub), summary: scrub(this.#views.claimSummary(r.data)) })),
    });
  }

  /** The generated payload files (items, FtM, records, claims, withheld, package.json, assessments), added. */
  async #metadataFiles(chains: Map<string, AuditEntry[]>): Promise<string[]> {
    const plan = this.#plan;
    const req = this.#req;
    const { createdAt, packageId, caseName, signer, fingerprint } = this.#stamped;
    const rows = this.#itemRows(chains);
    const metadata = this.#metadata();
    this.#ftmReport = metadata.report;
    this.#protection.assertReviewed('evidence package');
    const packageJson = {
      format: 'sanctum.package.v1',
      packageId,
      createdAt: createdAt.toISOString(),
      disclosureProfile: plan.profile,
      case: { id: plan.caseId, name: caseName },
      selection: req.selection,
      organization: req.organization,
      signer: { algorithm: 'Ed25519', publicKey: toHex(signer.publicKey), fingerprint },
      counts: { items: rows.length, texts: this.prepared.filter((p) => p.text).length, withheld: this.withheld.length, entities: plan.entities.length, links: plan.links.length, events: plan.events.length, claims: plan.claims.length },
      // What entities.ftm.jsonl could not carry (records.jsonl and claims.jsonl carry everything).
      ftm: { lines: metadata.report.lines, invalidValues: metadata.report.invalidCount, notInFtm: metadata.report.skipped },
      software: `Sanctum ${APP.version}`,
    };
    const meta: [string, string | Uint8Array][] = [
      [ITEMS_JSON, itemsJson(rows)],
      [ITEMS_CSV, itemsCsv(rows)],
      [ENTITIES_FILE, metadata.ftm],
      [RECORDS_FILE, metadata.records],
      [CLAIMS_FILE, metadata.claims],
      [WITHHELD_FILE, withheldJson(plan.profile, scrubDeep(this.withheld, this.#scrub))],
      [PACKAGE_JSON, `${JSON.stringify(scrubDeep(packageJson, this.#scrub), null, 2)}\n`],
    ];
    const texts = this.prepared.flatMap((p) => (p.text ? [p.text] : []));
    if (texts.length) {
      meta.push([TEXTS_FILE, textsJson(texts.map((t) => scrubDeep(t.row, this.#scrub)))]);
      for (const t of texts) meta.push([t.path, t.bytes]);
    }
    for (const a of (await req.assessments?.(plan)) ?? []) meta.push([`data/assessments/${sanitiseFileName(a.name)}`, a.bytes]);
    for (const [path, content] of meta) {
      const bytes = this.#addGenerated(path, content);
      this.#digestOf.set(path, digestBytes(bytes, PACKAGE_ALGORITHMS));
    }
    return meta.map(([path]) => path);
  }

  /** bag-info.txt's fields (RFC 8493 and the Sanctum profile), scrubbed and on one line each. */
  #bagInfo(payloadBytes: number, items: number): { label: string; value: string }[] {
    const { organization: org, description } = this.#req;
    const plan = this.#plan;
    const { createdAt, packageId, caseName, fingerprint } = this.#stamped;
    return [
      { label: 'Source-Organization', value: org.name },
      ...(org.address ? [{ label: 'Organization-Address', value: org.address }] : []),
      ...(org.contactName ? [{ label: 'Contact-Name', value: org.contactName }] : []),
      ...(org.contactEmail ? [{ label: 'Contact-Email', value: org.contactEmail }] : []),
      ...(org.contactPhone ? [{ label: 'Contact-Phone', value: org.contactPhone }] : []),
      { label: 'External-Identifier', value: packageId },
      { label: 'External-Description', value: description?.trim() || `Evidence package from the case "${caseName}" (${plan.profile} disclosure): ${items} item(s), ${this.withheld.length} withheld.` },
      { label: 'Bagging-Date', value: createdAt.toISOString().slice(0, 10) },
      { label: 'Bag-Software-Agent', value: `Sanctum ${APP.version} (evidence packages, format ${PACKAGE_FORMAT_VERSION})` },
      { label: 'Payload-Oxum', value: `${payloadBytes}.${this.#digestOf.size}` },
      { label: 'Bag-Size', value: bagSize(payloadBytes) },
      { label: 'Bag-Group-Identifier', value: `sanctum-case-${plan.caseId}` },
      { label: 'Bag-Count', value: '1 of 1' },
      { label: 'BagIt-Profile-Identifier', value: SANCTUM_PROFILE_ID },
      { label: 'Sanctum-Package-Format', value: String(PACKAGE_FORMAT_VERSION) },
      { label: 'Sanctum-Disclosure-Profile', value: plan.profile },
      { label: 'Sanctum-Signer-Fingerprint', value: fingerprint },
    ].map((e) => ({ label: e.label, value: this.#scrub(e.value).replace(/\r?\n/g, ' ') }));
  }

  /** Steps 4-5, run once the payload has been written: custody, metadata, manifests, bag-info, signature. */
  async #finishBag(): Promise<TarSourceEntry[]> {
    this.#check();
    this.#req.onProgress?.({ phase: 'signing', done: 0, total: 1 });
    const { head, chains } = this.#logCustody();
    const metaPaths = await this.#metadataFiles(chains);
    const { signer, fingerprint } = this.#stamped;
    const generated = this.#generated;
    const digestOf = this.#digestOf;
    // Manifests, bag-info, the tag directory, tag manifests, signature.
    const sizeOf = new Map(this.prepared.map((p) => [p.path, p.size]));
    const payloadBytes = [...digestOf.keys()].reduce((s, p) => s + (generated.get(p)?.length ?? sizeOf.get(p)!), 0);
    const manifests = PACKAGE_ALGORITHMS.map((a) => [manifestFileName('payload', a), serializeManifest([...digestOf].map(([path, d]) => ({ path, checksum: d[a]! })))] as const);
    const bagInfo = this.#bagInfo(payloadBytes, this.prepared.length);
    const add = (path: string, content: string): [string, Uint8Array] => [path, this.#addGenerated(path, content)];
    const tagFiles: [string, Uint8Array][] = [
      add('bagit.txt', serializeBagitTxt()),
      add('bag-info.txt', serializeBagInfo(bagInfo)),
      ...manifests.map(([n, t]) => add(n, t)),
      add(CUSTODY_FILE, serializeCustody(chains)),
      add(LOG_HEAD_FILE, `${JSON.stringify(head, null, 2)}\n`),
      add(SIGNER_FILE, `${JSON.stringify(signerDescription(signer.publicKey, fingerprint), null, 2)}\n`),
    ];
    this.#protection.assertReviewed('evidence package');
    const tagDigests = tagFiles.map(([path, bytes]) => ({ path, d: digestBytes(bytes, PACKAGE_ALGORITHMS) }));
    const tagManifests = PACKAGE_ALGORITHMS.map((a) => [manifestFileName('tag', a), utf8(serializeManifest(tagDigests.map((t) => ({ path: t.path, checksum: t.d[a]! }))))] as const);
    const signedBytes = tagManifests.find(([n]) => n === SIGNED_FILE)![1];
    this.#manifestSha256 = sha256Hex(signedBytes);
    const signature = signDetached(signedBytes, signer.secretKey);
    return [
      ...metaPaths.map((path) => fileEntry(path, generated.get(path)!)),
      ...tagFiles.map(([path, bytes]) => fileEntry(path, bytes)),
      ...tagManifests.map(([path, bytes]) => fileEntry(path, bytes)),
      fileEntry(SIGNATURE_FILE, signature),
    ];
  }

  // ------------------------------------------------------------------------------------------- 6. commit

  /** Steps 3-6: write under the temporary name, rename into place; on any failure remove it all. */
  async write(): Promise<ExportResult> {
    const { tmp, bagName, createdAt, packageId, signer, fingerprint } = this.#stamped;
    const out = this.#req.outPath;
    let fileSha256: string | null = null;
    const payloadSync = syncQueue(2);
    try {
      if (this.#format === 'directory') await this.#writeDirectory(tmp, payloadSync);
      else fileSha256 = await this.#writeArchive(tmp, bagName, createdAt);
      this.#check();
      await rename(tmp, out);
      fsyncDir(dirname(out));
      this.#finished = true;
    } catch (e) {
      payloadSync.stop();
      await payloadSync.drain().catch(() => undefined); // no file handle may stay open while the folder is removed
      await rm(tmp, { recursive: true, force: true });
      if (this.#custodyLogged && !this.#finished) this.#logAbandoned(e);
      throw e;
    }
    return {
      path: out,
      format: this.#format,
      packageId,
      profile: this.#plan.profile,
      signer: { publicKey: toHex(signer.publicKey), fingerprint },
      items: this.prepared.map((p) => ({ id: p.record.id, path: p.path, sha256: p.sha256, size: p.size })),
      texts: this.prepared.flatMap((p) => (p.text ? [{ id: p.record.id, path: p.text.path, of: p.path, sha256: p.text.row.sha256, size: p.text.row.size, methods: p.text.row.methods }] : [])),
      withheld: this.withheld,
      payloadBytes: this.#payloadTotal,
      manifestSha256: this.#manifestSha256,
      fileSha256,
      recipients: this.#recipients.length,
      ftm: this.#ftmReport,
    };
  }
}

/** Write one file of a folder package. */
async function writeFile(dir: string, e: TarSourceEntry): Promise<string> {
  const target = join(dir, ...e.path.split('/'));
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const fh = await open(target, 'wx', 0o600);
  try {
    for await (const chunk of e.body!()) {
      let off = 0;
      while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
    }
  } finally {
    await fh.close();
  }
  return target;
}
