/**
 * Import a received package into a vault, keeping its provenance and extending its custody.
 *
 *  1. Verify the whole package (BagIt, signature, custody chains, profile); an invalid package is refused with
 *     the report (InvalidPackageError). A valid signature by a key that is neither expected (expectSigner) nor
 *     a known signer of this vault is refused (UnknownSignerError) unless the person confirmed that
 *     fingerprint (trustSigner): anyone can alter a package and re-sign it with a fresh key. A confirmed
 *     signer is remembered, in the import's own transaction and audit trail.
 *  2. Read it again: every payload item streams straight into the vault's encrypted blob store (no plaintext
 *     copy on disk), re-hashed on the way; the signed tag manifest, the manifests and the metadata are checked
 *     again against what the first pass verified, so a file swapped between the two passes is caught.
 *  3. One transaction records everything: each item's chain of custody starts with an intake entry that cites
 *     the sender's chain (the hash of its last entry, the package's export), the signer's key and the signed
 *     manifest; entities, links, events and claims get new ids (the originals are kept); a provenance record
 *     lists package, signer and every original id. If anything fails, nothing is recorded and the blobs written
 *     so far are deleted.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { CaseData, ClaimData, EntityData, EventData, EvidenceData, EvidenceTextData, LinkData, SourceData, TextPage, type EvidenceTextRecordData } from '../../../../shared/model/records';
import { SOURCE_TYPES } from '../../../../shared/model/vocabulary';
import { parsePartialDate } from '../../../../shared/model/partial-date';
import { SanctumError } from '../../errors';
import { parseData } from '../../case/context';
import type { CaseServices } from '../../case/services';
import { sha256Hex, sha512Hex } from '../../crypto/hash';
import type { BlobInfo } from '../../blobs/blob-store';
import { newRecordId } from '../../store/sealed-store';
import { currentVersion } from '../../store/record-migrations';
import { splitText, writeTextBody } from '../../documents/text-store';
import { archiveEntries, sniffInput, type ArchiveLimits } from './archive';
import { bagInfoValue } from './bag-info';
import { unsafePathReason } from './bag-paths';
import { parseCustody } from './custody';
import { CLAIMS_FILE, CUSTODY_FILE, ENTITIES_FILE, ITEMS_JSON, LOG_HEAD_FILE, PACKAGE_JSON, RECORDS_FILE, SIGNATURE_FILE, SIGNED_FILE, TEXTS_FILE, type BagReport } from './format';
import { ItemsFile, TextsFile, type ItemRow, type TextRow } from './load-file';
import { parseManifest } from './manifest';
import { recipientKey } from './recipient-keys';
import { knownFingerprints, signerMatches, trustSignerInTx } from './signers';
import { splitLines } from './tag-text';
import { InvalidPackageError, verifyBag } from './verify';

export interface ImportOptions {
  /** Import into this case; otherwise a new case is created. */
  caseId?: string;
  /** Refuse unless signed by this key (fingerprint or public key hex). */
  expectSigner?: string;
  /**
   * The fingerprint the person compared with the sender and confirmed: a package by that key imports even
   * though the key is not yet known, and the key becomes a known signer.
   */
  trustSigner?: string;
  limits?: Partial<ArchiveLimits>;
  signal?: AbortSignal;
  onProgress?: (p: { phase: 'verifying' | 'importing'; done: number; total: number | null }) => void;
}

export interface ImportResult {
  caseId: string;
  packageId: string;
  signer: { publicKey: string; fingerprint: string };
  /** Why the signer was accepted: asked for, already known, or confirmed now (and remembered). */
  signerTrust: 'expected' | 'known' | 'trusted';
  disclosureProfile: string | null;
  items: { originalId: string; id: string; path: string; sha256: string }[];
  /** Extracted texts restored as the items' text (sealed, marked imported, no OCR run again). */
  texts: { originalId: string; id: string; path: string; methods: string[] }[];
  entities: number;
  links: number;
  events: number;
  claims: number;
  /** Claim citations of items the sender withheld (the claims are kept without them). */
  droppedCitations: number;
  provenanceId: string;
  report: BagReport;
}

const PROVENANCE_KIND = 'package_import';

/** A line of records.jsonl or claims.jsonl: a record as the sender's vault held it. */
const RecordLine = z.object({ kind: z.enum(['entity', 'link', 'event', 'claim']), id: z.string(), data: z.record(z.string(), z.unknown()) });
/** Packages written before records.jsonl carried each record in a "sanctum" member of its FtM line. */
const LegacyFtmLine = z.object({ sanctum: RecordLine });
/** The verified head (checked in full by verifyBag); only what the provenance record keeps. */
const LogHead = z.object({ seq: z.number().int(), hash: z.string() });

const PackageJson = z.object({ case: z.object({ name: z.string() }).optional() }).passthrough();

interface PackageFile {
  path: string;
  size: number;
  body: AsyncIterable<Uint8Array>;
}

async function* directoryFiles(dir: string, rel = ''): AsyncGenerator<PackageFile> {
  for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    // The verifier refused these already; a file added between verification and this pass is refused too.
    const unsafe = unsafePathReason(p);
    if (unsafe) throw new SanctumError('HOSTILE_INPUT', `unsafe path in the package: ${unsafe}; nothing was imported`, p);
    if (e.isDirectory()) yield* directoryFiles(dir, p);
    else if (e.isFile()) {
      const abs = join(dir, ...p.split('/'));
      yield { path: p, size: (await stat(abs)).size, body: createReadStream(abs, { highWaterMark: 1024 * 1024 }) };
    }
  }
}

/** A valid package by a key nobody vouched for: the person must compare and confirm its fingerprint first. */
export class UnknownSignerError extends SanctumError {
  constructor(
    readonly report: BagReport,
    readonly fingerprint: string,
    confirmed?: string,
  ) {
    super(
      'FORBIDDEN',
      confirmed
        ? `the package is signed by ${fingerprint}, not by ${confirmed}, the fingerprint confirmed; nothing was imported`
        : `the signature is valid, but the signer ${fingerprint} is not known to this vault: anyone can re-sign an altered package with a new key. Compare this fingerprint with the sender over another channel, then confirm it to import (it is then remembered); nothing was imported`,
      fingerprint,
    );
  }
}

/** A text file's pages, cut out by the page map (offsets and lengths in bytes), with the sender's method and confidence. */
function textPages(t: TextRow, bytes: Uint8Array): TextPage[] {
  const decoder = new TextDecoder();
  const pages = t.pages.map((p) => ({ page: p.page, method: p.method, text: decoder.decode(bytes.subarray(p.offset, p.offset + p.length)), ...(p.confidence !== undefined ? { confidence: p.confidence } : {}) }));
  return parseData(z.array(TextPage), pages, `${t.path}: pages`);
}

/**
 * The texts of data/text/ as the imported items' `evidence_text` records: the pages cut out of text.txt by the
 * page map, each with the sender's method and OCR confidence, linked to the imported file (its SHA-256) and
 * marked imported. The package was verified (hashes, every text's file present) before this runs.
 */
function importTexts(
  rows: readonly TextRow[],
  pagesOf: ReadonlyMap<string, TextPage[]>,
  items: readonly { originalId: string; id: string; path: string; sha256: string }[],
  to: { caseId: string; packageId: string },
  log: (itemId: string, row: TextRow) => void,
): { data: EvidenceTextData; result: ImportResult['texts'][number] }[] {
  const byPath = new Map(items.map((i) => [i.path, i]));
  return rows.map((t) => {
    const item = byPath.get(t.of);
    const pages = pagesOf.get(t.path);
    if (!item || !pages) throw new SanctumError('INVALID_INPUT', `${t.path} is the text of ${t.of}, which is not in the package`, t.path);
    const data = parseData(
      EvidenceTextData,
      {
        caseId: to.caseId,
        evidenceId: item.id,
        sha256: item.sha256,
        status: t.status,
        pages,
        ...(t.charset ? { charset: t.charset } : {}),
        languages: t.languages,
        extractor: `${t.extractor} (imported from package ${to.packageId})`.slice(0, 200),
        extractedAt: t.extractedAt,
        warnings: [],
        imported: { packageId: to.packageId, originalId: t.id, sha256: t.sha256 },
      },
      'imported text',
    );
    log(item.id, t);
    return { data, result: { originalId: t.id, id: item.id, path: t.path, methods: t.methods } };
  });
}

const isItemPath = (p: string) => p.startsWith('data/evidence/') || p.startsWith('data/statements/');

export async function importPackage(ws: CaseServices, path: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const vault = ws.ctx.vault;
  const format = await sniffInput(path);
  if (format === 'unknown') throw new SanctumError('UNSUPPORTED_FORMAT', 'not a package: neither a bag folder, a tar or tar.gz archive, nor an encrypted package', path);
  const recipient = format === 'encrypted' ? recipientKey(ws.repo) : undefined;
  if (opts.caseId) ws.cases.get(opts.caseId);
  const known = knownFingerprints(ws.repo, vault);

  // 1. Verify.
  const report = await verifyBag(path, {
    requireSanctum: true,
    ...(recipient ? { recipient } : {}),
    ...(opts.expectSigner ? { expectSigner: opts.expectSigner } : {}),
    knownSigners: known,
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (p) => opts.onProgress?.({ phase: 'verifying', done: p.done, total: p.total }),
  });
  if (!report.valid || !report.sanctum?.signer || !report.sanctum.signedManifestSha256) throw new InvalidPackageError(report);
  const sanctum = report.sanctum;
  const signer = sanctum.signer!;
  if (opts.trustSigner !== undefined && !signerMatches(opts.trustSigner, signer)) throw new UnknownSignerError(report, signer.fingerprint, opts.trustSigner);
  let signerTrust: ImportResult['signerTrust'];
  if (sanctum.signerTrust === 'expected' || sanctum.signerTrust === 'known') signerTrust = sanctum.signerTrust;
  else if (opts.trustSigner !== undefined) signerTrust = 'trusted';
  else throw new UnknownSignerError(report, signer.fingerprint);
  const packageId = sanctum.packageId!;

  // 2. Read again: items into the blob store, everything else into memory.
  const blobs = new Map<string, BlobInfo>();
  const textBodies = new Map<string, BlobInfo>();
  const small = new Map<string, Uint8Array>();
  let done = 0;
  const total = report.payload.bytes;
  try {
    const root = report.archiveRoot;
    const files: AsyncIterable<PackageFile> =
      format === 'directory'
        ? directoryFiles(path)
        : (async function* () {
            for await (const e of archiveEntries(path, format, { ...(recipient ? { recipient } : {}), ...(opts.limits ? { limits: opts.limits } : {}), ...(opts.signal ? { signal: opts.signal } : {}) })) {
              if (e.type !== 'file') continue;
              yield { path: root && e.path.startsWith(`${root}/`) ? e.path.slice(root.length + 1) : e.path, size: e.size, body: e.body };
            }
          })();
    for await (const f of files) {
      if (opts.signal?.aborted) throw new SanctumError('CANCELLED', 'import cancelled; nothing was imported');
      if (isItemPath(f.path)) {
        blobs.set(f.path, await vault.blobs.write(f.body, { ...(opts.signal ? { signal: opts.signal } : {}), onProgress: (n) => opts.onProgress?.({ phase: 'importing', done: done + n, total }) }));
        done += f.size;
      } else {
        const parts: Uint8Array[] = [];
        for await (const c of f.body) parts.push(Uint8Array.from(c));
        small.set(f.path, Buffer.concat(parts));
      }
    }
    const changed = (file: string) => new SanctumError('CONFLICT', `${file} changed while the package was being imported; nothing was imported`, file);
    const signed = small.get(SIGNED_FILE);
    if (!signed || sha256Hex(signed) !== sanctum.signedManifestSha256) throw changed(SIGNED_FILE);
    const listed = (bytes: Uint8Array, alg: 'sha512', kind: 'tag' | 'payload') =>
      parseManifest(splitLines(new TextDecoder().decode(bytes)), { algorithm: alg, kind, version: '1.0' }).entries;
    const tagSums = new Map(listed(signed, 'sha512', 'tag').map((e) => [e.path, e.checksum]));
    for (const [file, sum] of tagSums) if (!small.has(file) || sha512Hex(small.get(file)!) !== sum) throw changed(file);
    const manifest256 = small.get('manifest-sha256.txt');
    const manifest512 = small.get('manifest-sha512.txt');
    if (!manifest256 || !manifest512) throw changed('manifest-sha256.txt');
    const payload256 = new Map(parseManifest(splitLines(new TextDecoder().decode(manifest256)), { algorithm: 'sha256', kind: 'payload', version: '1.0' }).entries.map((e) => [e.path, e.checksum]));
    const payload512 = new Map(listed(manifest512, 'sha512', 'payload').map((e) => [e.path, e.checksum]));
    for (const [file, bytes] of small) if (file.startsWith('data/') && payload512.get(file) !== sha512Hex(bytes)) throw changed(file);
    for (const [file, blob] of blobs) if (payload256.get(file) !== blob.sha256) throw changed(file);

    // 3. Record.
    const text = (f: string) => new TextDecoder().decode(small.get(f) ?? new Uint8Array(0));
    const rows: ItemRow[] = ItemsFile.parse(JSON.parse(text(ITEMS_JSON))).items;
    const { chains } = parseCustody(text(CUSTODY_FILE));
    const head = LogHead.parse(JSON.parse(text(LOG_HEAD_FILE)));
    const signatureSha256 = sha256Hex(small.get(SIGNATURE_FILE)!);
    const pkgInfo = PackageJson.safeParse(JSON.parse(text(PACKAGE_JSON)));
    const sourceOrganization = bagInfoValue(report.bagInfo, 'Source-Organization') ?? null;
    // Text bodies are sealed blobs (documents/text-store.ts), written before the transaction like the files: the
    // records below only reference them, and a failed import deletes them with the rest.
    const textRows = small.has(TEXTS_FILE) ? TextsFile.parse(JSON.parse(text(TEXTS_FILE))).texts : [];
    const textPagesOf = new Map<string, TextPage[]>();
    for (const t of textRows) {
      const bytes = small.get(t.path);
      if (!bytes) continue; // importTexts names the missing file
      const pages = textPages(t, bytes);
      textPagesOf.set(t.path, pages);
      const body = await writeTextBody(vault.blobs, pages);
      if (body) textBodies.set(t.path, body);
    }
    const result = ws.repo.transact(
      {
        action: 'package.imported',
        details: { packageId, signer: signer.fingerprint, signerTrust, format, items: rows.length, signedManifestSha256: sanctum.signedManifestSha256 },
      },
      (tx) => {
        if (signerTrust === 'trusted') {
          // Confirmed by the person importing: remembered, and logged as its own entry.
          trustSignerInTx(tx, signer, `package import of ${packageId}`);
          vault.audit.append({ action: 'package.signer_trusted', details: { fingerprint: signer.fingerprint, publicKey: signer.publicKey, packageId } });
        }
        let caseId = opts.caseId;
        if (!caseId) {
          const base = pkgInfo.success && pkgInfo.data.case?.name ? pkgInfo.data.case.name : 'Imported package';
          const taken = new Set(ws.cases.list().map((c) => c.data.name.toLowerCase()));
          let name = `${base} (package ${packageId.slice(-8)})`;
          for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (package ${packageId.slice(-8)}, ${n})`;
          caseId = tx.insert('case', parseData(CaseData, { name, description: `Imported from evidence package ${packageId}, signed by ${signer.fingerprint}${sourceOrganization ? ` (${sourceOrganization})` : ''}.` }, 'case')).id;
        }
        const idMap = new Map<string, string>();
        const sources = new Map<string, string>();
        const items: ImportResult['items'] = [];
        for (const row of rows) {
          const blob = blobs.get(row.path);
          if (!blob) throw new SanctumError('INVALID_INPUT', `item ${row.id} has no file in the package`, row.path);
          let sourceId: string | undefined;
          if (row.source && (SOURCE_TYPES as readonly string[]).includes(row.source.type) && /^[A-F]$/.test(row.source.reliability)) {
            const key = `${row.source.name}\0${row.source.type}\0${row.source.reliability}`;
            sourceId = sources.get(key);
            if (!sourceId) {
              sourceId = tx.insert('source', parseData(SourceData, { caseId, name: row.source.name, type: row.source.type, reliability: row.source.reliability, description: `Source named in package ${packageId}` }, 'source')).id;
              sources.set(key, sourceId);
            }
          }
          const date = row.date ? parsePartialDate(row.date) : undefined;
          const data = parseData(
            EvidenceData,
            {
              caseId,
              type: 'file',
              title: row.title,
              sourceId,
              credibility: row.credibility,
              verifiedDocument: row.verifiedDocument,
              language: row.language ?? undefined,
              confidentiality: row.confidentiality,
              date,
              notes: `Imported from evidence package ${packageId} (signed by ${signer.fingerprint}); item ${row.id} there${row.derivedFrom ? `, a ${row.derivedFrom.type} copy of ${row.derivedFrom.id}` : ''}.`,
              file: { originalName: basename(row.path), mediaType: row.mediaType, blob },
            },
            'imported item',
          );
          const id = newRecordId();
          const senderChain = chains.get(row.id)?.entries ?? [];
          vault.audit.append({
            action: 'custody.intake',
            target: { kind: 'evidence', id },
            custodyItem: id,
            details: {
              sha256: blob.sha256,
              size: blob.size,
              mediaType: row.mediaType,
              provenance: {
                packageId,
                path: row.path,
                originalId: row.id,
                ...(row.derivedFrom ? { derivedFrom: row.derivedFrom } : {}),
                signer: signer.fingerprint,
                signerPublicKey: signer.publicKey,
                senderChainHead: senderChain.at(-1)?.hash ?? null,
                senderChainLength: senderChain.length,
                senderLogHead: { seq: head.seq, hash: head.hash },
                signedManifestSha256: sanctum.signedManifestSha256,
                signatureSha256,
              },
            },
          });
          tx.insert('evidence', data, { id });
          idMap.set(row.id, id);
          if (row.derivedFrom && !idMap.has(row.derivedFrom.id)) idMap.set(row.derivedFrom.id, id);
          items.push({ originalId: row.id, id, path: row.path, sha256: blob.sha256 });
        }

        const texts = importTexts(textRows, textPagesOf, items, { caseId, packageId }, (item, t) =>
          vault.audit.append({
            action: 'custody.text_imported',
            target: { kind: 'evidence', id: item },
            custodyItem: item,
            details: { packageId, path: t.path, sha256: t.sha256, methods: t.methods, extractor: t.extractor, pages: t.pages.length, ocrConfidence: t.ocrConfidence },
          }),
        ).map((x) => {
          const body = textBodies.get(x.result.path);
          tx.insert('evidence_text', { ...splitText(x.data).meta, ...(body ? { body } : {}) } satisfies EvidenceTextRecordData, { v: currentVersion('evidence_text') });
          return x.result;
        });

        // Entities, links, events, claims: new ids, references remapped, anything dangling dropped.
        const jsonLines = (f: string) =>
          text(f)
            .split('\n')
            .filter((l) => l.trim())
            .map((l) => JSON.parse(l) as unknown);
        const lines = small.has(RECORDS_FILE)
          ? [...jsonLines(RECORDS_FILE), ...jsonLines(CLAIMS_FILE)].map((l) => RecordLine.parse(l))
          : jsonLines(ENTITIES_FILE).map((l) => LegacyFtmLine.parse(l).sanctum);
        const order = ['entity', 'link', 'event', 'claim'] as const;
        const counts = { entity: 0, link: 0, event: 0, claim: 0 };
        let droppedCitations = 0;
        for (const l of lines) idMap.set(l.id, idMap.get(l.id) ?? newRecordId());
        const map = (id: string | undefined) => (id ? idMap.get(id) : undefined);
        for (const kind of order) {
          for (const l of lines.filter((x) => x.kind === kind)) {
            // The package is signed, but by its sender: every record is parsed with the model's schema before its
            // references are remapped, and a record that does not parse refuses the whole import, naming it.
            const what = `package ${kind} ${l.id.slice(0, 64)}`;
            let rec: unknown;
            if (kind === 'entity') {
              const { witnessId: _w, ...d } = parseData(EntityData, { ...l.data, caseId }, what);
              rec = parseData(EntityData, { ...d, external: { ...d.external, ftmId: d.external?.ftmId ?? `sanctum-${l.id}` } }, what);
            } else if (kind === 'link') {
              const d = parseData(LinkData, { ...l.data, caseId }, what);
              const source = map(d.source);
              const target = map(d.target);
              if (!source || !target || !tx.get(source) || !tx.get(target)) continue;
              rec = parseData(LinkData, { ...d, source, target }, what);
            } else if (kind === 'event') {
              const d = parseData(EventData, { ...l.data, caseId }, what);
              const participants = d.participants.filter((p) => tx.get(map(p.entityId) ?? '')).map((p) => ({ ...p, entityId: map(p.entityId)! }));
              const locationId = d.place.locationId && tx.get(map(d.place.locationId) ?? '') ? map(d.place.locationId) : undefined;
              rec = parseData(EventData, { ...d, participants, place: { ...d.place, locationId } }, what);
            } else {
              const c = parseData(ClaimData, { ...l.data, caseId }, what);
              const a = c.assertion;
              const ref = (id: string | undefined) => (id && tx.get(map(id) ?? '') ? map(id) : undefined);
              let assertion: ClaimData['assertion'] | undefined;
              if (a.type === 'link') assertion = ref(a.linkId) ? { ...a, linkId: ref(a.linkId)! } : undefined;
              else if (a.type === 'conduct') assertion = ref(a.entityId) ? { ...a, entityId: ref(a.entityId)!, eventId: ref(a.eventId) } : undefined;
              else assertion = ref(a.entityId) && ref(a.eventId) ? { ...a, entityId: ref(a.entityId)!, eventId: ref(a.eventId)! } : undefined;
              if (!assertion) continue;
              const evidence = c.evidence.filter((e) => tx.get(map(e.evidenceId) ?? '')?.kind === 'evidence').map((e) => ({ ...e, evidenceId: map(e.evidenceId)! }));
              droppedCitations += c.evidence.length - evidence.length;
              rec = parseData(ClaimData, { ...c, assertion, evidence }, what);
            }
            tx.insert(kind, rec, { id: idMap.get(l.id)! });
            counts[kind]++;
          }
        }
        const provenance = tx.insert(PROVENANCE_KIND, {
          packageId,
          caseId,
          importedAt: new Date().toISOString(),
          format,
          signer,
          sourceOrganization,
          disclosureProfile: sanctum.disclosureProfile,
          signedManifestSha256: sanctum.signedManifestSha256,
          logHead: { seq: head.seq, hash: head.hash },
          ids: Object.fromEntries([...idMap].filter(([, v]) => tx.get(v))),
        });
        return { caseId, items, texts, counts, droppedCitations, provenanceId: provenance.id };
      },
    );
    return {
      caseId: result.caseId,
      packageId,
      signer: { publicKey: signer.publicKey, fingerprint: signer.fingerprint },
      signerTrust,
      disclosureProfile: sanctum.disclosureProfile,
      items: result.items,
      texts: result.texts,
      entities: result.counts.entity,
      links: result.counts.link,
      events: result.counts.event,
      claims: result.counts.claim,
      droppedCitations: result.droppedCitations,
      provenanceId: result.provenanceId,
      report,
    };
  } catch (e) {
    for (const b of [...blobs.values(), ...textBodies.values()]) await vault.blobs.delete(b.blobId).catch(() => undefined);
    throw e;
  }
}
