/**
 * The checks a Sanctum package gets on top of BagIt: the Ed25519 signature over tagmanifest-sha512.txt and
 * the key that made it, full coverage of the bag by that signed manifest, the custody chains and their anchor
 * in the signed log head, the load file against the payload, and our BagIt profile.
 */
import { z } from 'zod';
import { headMessage, type SignedHead } from '../../audit/audit-log';
import { fromHex } from '../../crypto/bytes';
import { sha256Hex } from '../../crypto/hash';
import { fingerprint, verifyDetached } from '../../crypto/sign';
import { bagInfoValue } from './bag-info';
import type { BagSource } from './bag-source';
import { SANCTUM_BAGIT_PROFILE, checkProfile, type BagFacts } from './bagit-profile';
import { EXPORT_ACTION, checkExportAnchor, parseCustody } from './custody';
import { validateFtmEntity } from '../ftm/model';
import {
  CLAIMS_FILE,
  CUSTODY_FILE,
  ENTITIES_FILE,
  ITEMS_JSON,
  LOG_HEAD_FILE,
  RECORDS_FILE,
  SIGNATURE_FILE,
  SIGNED_FILE,
  SIGNER_FILE,
  TEXTS_FILE,
  TEXT_DIR,
  WITHHELD_FILE,
  textPathFor,
  type ProblemList,
  type SanctumReport,
} from './format';
import { ItemsFile, TextsFile, WithheldFile, type ItemRow } from './load-file';

export const SignerFile = z.object({
  format: z.literal('sanctum.package-signer.v1'),
  algorithm: z.literal('Ed25519'),
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  fingerprint: z.string(),
  signs: z.literal(SIGNED_FILE),
});

const HeadFile = z.object({
  seq: z.number().int(),
  hash: z.string(),
  signedAt: z.string(),
  reason: z.string(),
  publicKey: z.string(),
  signature: z.string(),
  // Covered by the signature when present (audit-head v2); zod would otherwise strip it and the check fail.
  vault: z.object({ counter: z.number().int(), commitment: z.string() }).strict().optional(),
});

export interface SanctumContext {
  src: BagSource;
  facts: BagFacts;
  /** sha256 checksum per payload path, from manifest-sha256.txt. */
  sha256Of: Map<string, string>;
  /** What each tag manifest lists, by algorithm. */
  tagListed: Map<string, Set<string>>;
  P: ProblemList;
  /** A fingerprint or public key (hex) the signer must match. */
  expectSigner?: string;
  /** Fingerprints of the signers the verifying vault knows (its own key included). */
  knownSigners?: readonly string[];
}

async function readJson(ctx: SanctumContext, file: string): Promise<unknown> {
  if (!ctx.src.files.has(file)) {
    ctx.P.error(file, 'is missing (every Sanctum package has it)');
    return undefined;
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await ctx.src.read(file)));
  } catch {
    ctx.P.error(file, 'is not valid UTF-8 JSON');
    return undefined;
  }
}

const MAX_LISTED_LINES = 20;

/** JSON lines of a payload file (undefined when absent), each parsed or null. */
async function jsonLines(ctx: SanctumContext, file: string): Promise<(unknown | null)[] | undefined> {
  if (!ctx.src.files.has(file)) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await ctx.src.read(file));
  } catch {
    ctx.P.error(file, 'is not valid UTF-8');
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        return null;
      }
    });
}

const RecordLineShape = z.object({ kind: z.enum(['entity', 'link', 'event', 'claim']), id: z.string(), data: z.record(z.string(), z.unknown()) });

/**
 * entities.ftm.jsonl is FollowTheMoney (a line the FtM model rejects is a warning: other tools will drop it);
 * records.jsonl and claims.jsonl (packages since they replaced the "sanctum" member) hold one record a line.
 */
async function checkRecordFiles(ctx: SanctumContext): Promise<void> {
  const ftm = await jsonLines(ctx, ENTITIES_FILE);
  let listed = 0;
  for (const [i, l] of (ftm ?? []).entries()) {
    const problems = l && typeof l === 'object' ? validateFtmEntity(l as Record<string, unknown>) : [{ reason: 'not a JSON object' }];
    if (problems.length && listed++ < MAX_LISTED_LINES) ctx.P.warn(ENTITIES_FILE, `line ${i + 1} is not valid FollowTheMoney: ${problems.map((p) => (p.property ? `${p.property}: ${p.reason}` : p.reason)).join('; ')}`);
  }
  for (const [file, kinds] of [[RECORDS_FILE, ['entity', 'link', 'event']], [CLAIMS_FILE, ['claim']]] as const) {
    const lines = await jsonLines(ctx, file);
    for (const [i, l] of (lines ?? []).entries()) {
      const r = RecordLineShape.safeParse(l);
      if (!r.success || !(kinds as readonly string[]).includes(r.data.kind)) ctx.P.error(file, `line ${i + 1} is not a Sanctum ${kinds.join('/')} record`);
    }
  }
}

/**
 * data/text/: every extracted-text file has its row in texts.json, is in the payload manifests with the SHA-256
 * the row states, belongs to an item whose file is in this bag (a text whose original is absent is an error), and
 * its page map stays inside it; the item's export entry names it when the export recorded one.
 */
async function checkTexts(ctx: SanctumContext, rows: readonly ItemRow[], chains: ReturnType<typeof parseCustody>['chains'], packageId: string | null): Promise<number> {
  const { P } = ctx;
  const inBag = [...ctx.src.files.keys(), ...ctx.sha256Of.keys()].filter((p) => p.startsWith(TEXT_DIR));
  if (!ctx.src.files.has(TEXTS_FILE)) {
    for (const p of new Set(inBag)) P.error(p, `is extracted text with no row in ${TEXTS_FILE} (no original, no method)`);
    return 0;
  }
  const raw = await readJson(ctx, TEXTS_FILE);
  const parsed = TextsFile.safeParse(raw);
  if (!parsed.success) {
    P.error(TEXTS_FILE, 'is not a Sanctum list of extracted texts');
    return 0;
  }
  const byPath = new Map(rows.map((r) => [r.path, r]));
  const described = new Set<string>();
  for (const t of parsed.data.texts) {
    if (described.has(t.path)) P.error(TEXTS_FILE, `describes ${t.path} twice`);
    described.add(t.path);
    if (t.path !== textPathFor(t.id)) P.error(TEXTS_FILE, `the text of item ${t.id} is at ${t.path}, not at ${textPathFor(t.id)}`);
    const listed = ctx.sha256Of.get(t.path);
    if (listed === undefined) P.error(TEXTS_FILE, `names ${t.path}, which is not in the payload manifest`);
    else if (listed !== t.sha256) P.error(t.path, `its SHA-256 in the manifest differs from the one in ${TEXTS_FILE}`);
    const item = byPath.get(t.of);
    if (!item || !ctx.sha256Of.has(t.of) || !ctx.src.files.has(t.of)) P.error(t.path, `is the text of ${t.of}, which is not in this package (a text whose original is absent)`);
    else if (item.id !== t.id) P.error(TEXTS_FILE, `${t.path} says it is the text of item ${t.id}, but ${t.of} is item ${item.id}`);
    let end = 0;
    for (const pg of t.pages) {
      if (pg.offset < end || pg.offset + pg.length > t.size) P.error(TEXTS_FILE, `the page map of ${t.path} (page ${pg.page}) does not fit the file`);
      end = pg.offset + pg.length;
    }
    const last = chains.get(t.id)?.entries.at(-1);
    const d = (last?.details ?? {}) as { packageId?: string; text?: { path?: string; sha256?: string } };
    if (d.packageId === packageId && d.text && (d.text.path !== t.path || d.text.sha256 !== t.sha256)) P.error(CUSTODY_FILE, `the export entry of item ${t.id} records its text as ${d.text.path} with another SHA-256`);
  }
  for (const p of new Set(inBag)) if (!described.has(p)) P.error(p, `is extracted text with no row in ${TEXTS_FILE} (no original, no method)`);
  return parsed.data.texts.length;
}

function normFp(s: string): string {
  return s.replace(/[\s:-]/g, '').toLowerCase();
}

export async function verifySanctum(ctx: SanctumContext): Promise<SanctumReport> {
  const { P, src, facts } = ctx;
  const packageId = bagInfoValue(facts.bagInfo, 'External-Identifier') ?? null;
  const report: SanctumReport = {
    packageId,
    disclosureProfile: bagInfoValue(facts.bagInfo, 'Sanctum-Disclosure-Profile') ?? null,
    signer: null,
    signatureValid: false,
    signerTrust: null,
    signedManifestSha256: null,
    logHead: null,
    custody: { items: 0, entries: 0, valid: false },
    items: 0,
    withheld: 0,
    texts: 0,
  };

  for (const v of checkProfile(SANCTUM_BAGIT_PROFILE, facts)) P.error(v.file, v.reason);

  // Coverage: the signature covers tagmanifest-sha512.txt, which must list every file except the tag
  // manifests themselves and the signature; the SHA-256 tag manifest must list the same files.
  const signedList = ctx.tagListed.get('sha512') ?? new Set<string>();
  for (const f of src.files.keys()) {
    if (f.startsWith('data/') || /^tagmanifest-[a-z0-9]+\.txt$/.test(f) || f === SIGNATURE_FILE) continue;
    if (!signedList.has(f)) P.error(f, `is not listed in ${SIGNED_FILE}, so the signature does not cover it`);
  }
  let listsDiffer = false;
  for (const [alg, listed] of ctx.tagListed) {
    if (alg === 'sha512') continue;
    for (const f of listed) if (!signedList.has(f)) P.error(`tagmanifest-${alg}.txt`, `lists ${f}, which the signed ${SIGNED_FILE} does not`);
    for (const f of signedList) if (!listed.has(f)) P.error(`tagmanifest-${alg}.txt`, `does not list ${f}, which the signed ${SIGNED_FILE} does`);
    listsDiffer ||= listed.size !== signedList.size || [...listed].some((f) => !signedList.has(f));
  }

  // Signer and signature.
  const signerRaw = await readJson(ctx, SIGNER_FILE);
  let publicKey: Uint8Array | null = null;
  if (signerRaw !== undefined) {
    const s = SignerFile.safeParse(signerRaw);
    if (!s.success) P.error(SIGNER_FILE, `is not a Sanctum signer description (${s.error.issues[0]?.path.join('.') || 'format'})`);
    else {
      publicKey = fromHex(s.data.publicKey);
      const fp = fingerprint(publicKey);
      report.signer = { algorithm: 'Ed25519', publicKey: s.data.publicKey, fingerprint: fp };
      if (normFp(s.data.fingerprint) !== normFp(fp)) P.error(SIGNER_FILE, `states fingerprint ${s.data.fingerprint}, but its public key's fingerprint is ${fp}`);
      const stated = bagInfoValue(facts.bagInfo, 'Sanctum-Signer-Fingerprint');
      if (stated !== undefined && normFp(stated) !== normFp(fp)) P.error('bag-info.txt', `Sanctum-Signer-Fingerprint is ${stated}, but the package is signed by ${fp}`);
      const expected = ctx.expectSigner !== undefined && (normFp(ctx.expectSigner) === normFp(fp) || normFp(ctx.expectSigner) === s.data.publicKey);
      if (ctx.expectSigner && !expected) {
        P.error(SIGNER_FILE, `the package is signed by ${fp}, not by the expected ${ctx.expectSigner}`);
      }
      report.signerTrust = expected ? 'expected' : (ctx.knownSigners ?? []).some((k) => normFp(k) === normFp(fp)) ? 'known' : 'unknown';
    }
  }
  if (!src.files.has(SIGNATURE_FILE)) P.error(SIGNATURE_FILE, 'is missing: the package is not signed');
  else if (publicKey && src.files.has(SIGNED_FILE)) {
    const sig = await src.read(SIGNATURE_FILE);
    const signed = await src.read(SIGNED_FILE);
    report.signedManifestSha256 = sha256Hex(signed);
    report.signatureValid = sig.length === 64 && verifyDetached(sig, signed, publicKey);
    if (!report.signatureValid) {
      // Which of the two changed: the signed manifest, if it disagrees with the other tag manifest or the files.
      const manifestSuspect = listsDiffer || P.items.some((p) => p.severity === 'error' && p.file === SIGNED_FILE);
      if (sig.length !== 64) P.error(SIGNATURE_FILE, `is ${sig.length} bytes, an Ed25519 signature is 64`);
      else if (manifestSuspect) P.error(SIGNED_FILE, `the signature (${SIGNATURE_FILE}) does not verify over this file: it was changed after signing`);
      else P.error(SIGNATURE_FILE, `does not verify over ${SIGNED_FILE}: the signature was replaced, damaged or made with another key`);
    }
  }

  // The signed log head.
  const headRaw = await readJson(ctx, LOG_HEAD_FILE);
  let head: SignedHead | null = null;
  if (headRaw !== undefined) {
    const h = HeadFile.safeParse(headRaw);
    if (!h.success) P.error(LOG_HEAD_FILE, 'is not a signed log head');
    else {
      head = h.data;
      let valid = false;
      try {
        valid = verifyDetached(fromHex(head.signature), headMessage(head), fromHex(head.publicKey));
      } catch {
        valid = false;
      }
      if (!valid) P.error(LOG_HEAD_FILE, "the head's signature does not verify");
      if (report.signer && head.publicKey !== report.signer.publicKey) P.error(LOG_HEAD_FILE, 'was signed by a different key from the package');
      report.logHead = { seq: head.seq, hash: head.hash, signedAt: head.signedAt, valid: valid && head.publicKey === report.signer?.publicKey };
    }
  }

  // Custody chains.
  const custodyText = src.files.has(CUSTODY_FILE) ? new TextDecoder('utf-8').decode(await src.read(CUSTODY_FILE)) : null;
  const { chains, lineProblems } = custodyText !== null ? parseCustody(custodyText) : { chains: new Map(), lineProblems: ['is missing'] };
  for (const p of lineProblems) P.error(CUSTODY_FILE, p);
  let custodyOk = lineProblems.length === 0;
  for (const c of chains.values()) {
    for (const p of c.problems) P.error(CUSTODY_FILE, `item ${c.item}: ${p}`);
    if (c.problems.length) custodyOk = false;
  }
  if (packageId) {
    const anchor = checkExportAnchor(chains, packageId, head);
    for (const p of anchor) P.error(CUSTODY_FILE, p);
    if (anchor.length) custodyOk = false;
  }
  report.custody = { items: chains.size, entries: [...chains.values()].reduce((s, c) => s + c.entries.length, 0), valid: custodyOk };

  // The load file against the payload and the chains.
  const itemsRaw = await readJson(ctx, ITEMS_JSON);
  const items = itemsRaw === undefined ? null : ItemsFile.safeParse(itemsRaw);
  if (items && !items.success) P.error(ITEMS_JSON, 'is not a Sanctum load file');
  const rows = items?.success ? items.data.items : [];
  report.items = rows.length;
  const described = new Set<string>();
  for (const row of rows) {
    described.add(row.path);
    const listed = ctx.sha256Of.get(row.path);
    if (listed === undefined) P.error(ITEMS_JSON, `item ${row.id} names ${row.path}, which is not in the payload manifest`);
    else if (listed !== row.sha256) P.error(row.path, `its SHA-256 in the manifest differs from the one in ${ITEMS_JSON}`);
    const chain = chains.get(row.id);
    if (!chain) {
      P.error(CUSTODY_FILE, `item ${row.id} (${row.path}) has no chain of custody in the excerpt`);
      continue;
    }
    const last = chain.entries.at(-1)!;
    const d = (last.details ?? {}) as { packageId?: string; path?: string; sha256?: string };
    if (last.action !== EXPORT_ACTION || d.packageId !== packageId) P.error(CUSTODY_FILE, `the chain of item ${row.id} does not end with this package's export`);
    else if (d.path !== row.path || d.sha256 !== row.sha256) P.error(CUSTODY_FILE, `the export entry of item ${row.id} records ${d.path} with another SHA-256`);
    if (row.derivedFrom && !chains.has(row.derivedFrom.id)) P.error(CUSTODY_FILE, `the original ${row.derivedFrom.id} of working copy ${row.id} has no chain of custody in the excerpt`);
  }
  for (const p of ctx.sha256Of.keys()) {
    if ((p.startsWith('data/evidence/') || p.startsWith('data/statements/')) && !described.has(p)) P.error(p, `has no row in ${ITEMS_JSON} (no item, no chain of custody)`);
  }
  report.texts = await checkTexts(ctx, rows, chains, packageId);
  await checkRecordFiles(ctx);
  const withheldRaw = await readJson(ctx, WITHHELD_FILE);
  if (withheldRaw !== undefined) {
    const w = WithheldFile.safeParse(withheldRaw);
    if (!w.success) P.error(WITHHELD_FILE, 'is not a Sanctum withheld list');
    else report.withheld = w.data.items.length;
  }
  return report;
}
