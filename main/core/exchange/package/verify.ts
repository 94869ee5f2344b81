/**
 * The verifier: a bag directory or archive in, a report out listing every problem with the file and the reason.
 * Needs no vault (only an encrypted package needs its recipient's key). BagIt rules follow RFC 8493 and, for
 * older bags, the drafts the Library of Congress conformance suite exercises; where the suite expects a
 * tolerated quirk, it is a warning (README.md in this folder lists each).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SanctumError, isSanctumError } from '../../errors';
import { NOT_REPEATABLE, SHOULD_NOT_REPEAT, parseBagInfo, bagInfoValue, type BagInfoEntry } from './bag-info';
import { caseKey, isSystemFile, nfcKey } from './bag-paths';
import { archiveSource, directorySource, type BagSource, type HashRequest } from './bag-source';
import { parseBagitTxt } from './bagit-txt';
import { type ArchiveOptions, sniffInput } from './archive';
import { ALGORITHMS, ProblemList, SANCTUM_DIR, SANCTUM_PROFILE_ID, SIGNATURE_FILE, SIGNER_FILE, WEAK_ALGORITHMS, algorithmLabel, type BagReport } from './format';
import { parseFetch, parseManifest, parseManifestFileName, type ManifestEntry } from './manifest';
import { verifySanctum } from './sanctum-verify';
import { decodeTagFile, splitLines } from './tag-text';

export interface VerifyOptions extends ArchiveOptions {
  workers?: number;
  onProgress?: (p: { phase: 'reading' | 'hashing'; done: number; total: number | null }) => void;
  /** Require a Sanctum signature by this key (fingerprint or public key hex). */
  expectSigner?: string;
  /** Fingerprints of the signers the verifying vault knows: a valid signature by another key is 'unknown'. */
  knownSigners?: readonly string[];
  /** Check the Sanctum layer even if the bag does not say it is a Sanctum package (import does). */
  requireSanctum?: boolean;
}

interface ParsedManifest {
  name: string;
  algorithm: string;
  entries: ManifestEntry[];
}

export async function verifyBag(path: string, opts: VerifyOptions = {}): Promise<BagReport> {
  const started = performance.now();
  const format = await sniffInput(path);
  if (format === 'unknown') {
    return emptyReport(path, 'tar', 'is neither a bag directory, a tar or tar.gz archive, nor an encrypted Sanctum package', started);
  }
  let src: BagSource;
  try {
    src =
      format === 'directory'
        ? await directorySource(path, opts.workers !== undefined ? { workers: opts.workers } : {})
        : await archiveSource(path, format, { ...opts, onProgress: (n) => opts.onProgress?.({ phase: 'reading', done: n, total: null }) });
  } catch (e) {
    if (isSanctumError(e) && e.code === 'FORBIDDEN') return emptyReport(path, format, e.message, started);
    throw e;
  }
  return verifySource(src, path, opts, started);
}

function emptyReport(path: string, format: BagReport['format'], reason: string, started: number): BagReport {
  return {
    path,
    format,
    archiveRoot: null,
    valid: false,
    complete: false,
    bagitVersion: null,
    tagFileEncoding: null,
    algorithms: { payload: [], tag: [] },
    payload: { files: 0, bytes: 0 },
    bagInfo: [],
    problems: [{ severity: 'error', file: '(archive)', reason }],
    errors: 1,
    warnings: 0,
    sanctum: null,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Group manifest entries by path and report duplicates (exact, and differing only in normalisation or case). */
function checkDuplicates(m: ParsedManifest, version: string | null, P: ProblemList): void {
  const strict = version === null || Number(version) >= 1;
  const byPath = new Map<string, ManifestEntry[]>();
  for (const e of m.entries) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
  for (const [path, list] of byPath) {
    if (list.length < 2) continue;
    const lines = list.map((e) => e.line).join(', ');
    if (new Set(list.map((e) => e.checksum)).size > 1) P.error(m.name, `lists ${path} ${list.length} times with different checksums (lines ${lines})`);
    else if (strict) P.error(m.name, `lists ${path} ${list.length} times (lines ${lines}); BagIt 1.0 requires each file exactly once`);
    else P.warn(m.name, `lists ${path} ${list.length} times with the same checksum (lines ${lines})`);
  }
  const groups = (key: (p: string) => string) => {
    const g = new Map<string, Set<string>>();
    for (const p of byPath.keys()) g.set(key(p), (g.get(key(p)) ?? new Set()).add(p));
    return [...g.values()].filter((s) => s.size > 1);
  };
  const nfcGroups = groups(nfcKey);
  for (const s of nfcGroups) P.warn(m.name, `lists ${[...s].map((p) => JSON.stringify(p)).join(' and ')}, which differ only in Unicode normalisation`);
  const inNfc = new Set(nfcGroups.flatMap((s) => [...s]));
  for (const s of groups(caseKey)) {
    if ([...s].every((p) => inNfc.has(p))) continue;
    P.warn(m.name, `lists ${[...s].join(' and ')}, which differ only in case (one file on case-insensitive file systems)`);
  }
}

export async function verifySource(source: BagSource, path: string, opts: VerifyOptions = {}, started = performance.now()): Promise<BagReport> {
  const P = new ProblemList();
  P.items.push(...source.problems);
  // A tag file that cannot be read (too large, gone) is a problem in the report, not a failed verification.
  const src: BagSource = {
    ...source,
    read: async (file) => {
      try {
        return await source.read(file);
      } catch (e) {
        if (!isSanctumError(e)) throw e;
        P.error(file, `could not be read: ${e.message}`);
        return new Uint8Array(0);
      }
    },
  };
  const files = src.files;

  // Bag declaration.
  let version: string | null = null;
  let encoding = 'UTF-8';
  let encodingDeclared: string | null = null;
  if (!files.has('bagit.txt')) P.error('bagit.txt', 'is missing: without the bag declaration this is not a bag');
  else {
    const b = parseBagitTxt(await src.read('bagit.txt'));
    for (const p of b.problems) P.error('bagit.txt', p);
    version = b.version;
    if (b.encoding) encoding = encodingDeclared = b.encoding;
  }
  const strict = version === null || Number(version) >= 1;
  const text = async (file: string): Promise<string | null> => {
    const d = decodeTagFile(await src.read(file), encoding);
    if (!d.ok) {
      P.error(file, d.reason);
      return null;
    }
    return d.text;
  };

  const payloadFiles = [...files.keys()].filter((p) => p.startsWith('data/')).sort();
  const tagFiles = [...files.keys()].filter((p) => !p.startsWith('data/')).sort();
  if (payloadFiles.length === 0 && !(src.format === 'directory' ? await hasDir(path) : true)) P.error('data/', 'the payload directory data/ is missing');

  // Manifests.
  const payloadManifests: ParsedManifest[] = [];
  const tagManifests: ParsedManifest[] = [];
  for (const f of tagFiles) {
    if (f.includes('/')) continue;
    const m = parseManifestFileName(f);
    if (!m) continue;
    if (!ALGORITHMS[m.algorithm]) {
      P.error(f, `uses the algorithm "${m.algorithm}", which this verifier cannot compute`);
      continue;
    }
    const t = await text(f);
    if (t === null) continue;
    const parsed = parseManifest(splitLines(t), { algorithm: m.algorithm, kind: m.kind, version });
    for (const i of parsed.issues) (i.severity === 'error' ? P.error : P.warn).call(P, f, i.reason);
    const pm = { name: f, algorithm: m.algorithm, entries: parsed.entries };
    (m.kind === 'payload' ? payloadManifests : tagManifests).push(pm);
    checkDuplicates(pm, version, P);
  }
  if (payloadManifests.length === 0 && files.has('bagit.txt')) P.error('(bag)', 'there is no payload manifest (manifest-<algorithm>.txt)');
  if (strict) for (const m of [...payloadManifests, ...tagManifests]) if (WEAK_ALGORITHMS.has(m.algorithm)) P.warn(m.name, `${algorithmLabel(m.algorithm)} is kept only for old bags; BagIt 1.0 bags should use SHA-256 or SHA-512`);

  // fetch.txt
  const fetchPaths = new Set<string>();
  let fetchEntries: ReturnType<typeof parseFetch>['entries'] = [];
  if (files.has('fetch.txt')) {
    const t = await text('fetch.txt');
    if (t !== null) {
      const f = parseFetch(splitLines(t), version);
      for (const i of f.issues) (i.severity === 'error' ? P.error : P.warn).call(P, 'fetch.txt', i.reason);
      fetchEntries = f.entries;
      for (const e of f.entries) fetchPaths.add(nfcKey(e.path));
    }
  }

  // Resolve listed paths to files: exact, else after Unicode normalisation (RFC 8493 §6.2.3 recommends it).
  const resolver = (pool: string[]) => {
    const byNfc = new Map<string, string[]>();
    for (const p of pool) byNfc.set(nfcKey(p), [...(byNfc.get(nfcKey(p)) ?? []), p]);
    const set = new Set(pool);
    return (listed: string): string | null => {
      if (set.has(listed)) return listed;
      const hits = byNfc.get(nfcKey(listed));
      return hits?.length === 1 ? hits[0]! : null;
    };
  };
  const resolvePayload = resolver(payloadFiles);
  const resolveTag = resolver(tagFiles);

  const expected: { file: string; algorithm: string; checksum: string; manifest: string; line: number }[] = [];
  const listedBy = new Map<string, Set<string>>(); // payload file -> manifests listing it
  const missing = new Map<string, string[]>(); // listed path -> manifests
  let holes = 0;
  for (const m of payloadManifests) {
    const checksumsByCase = new Map<string, ManifestEntry[]>();
    for (const e of m.entries) checksumsByCase.set(caseKey(e.path), [...(checksumsByCase.get(caseKey(e.path)) ?? []), e]);
    for (const e of m.entries) {
      const file = resolvePayload(e.path);
      if (file) {
        if (file !== e.path) P.warn(m.name, `line ${e.line}: ${JSON.stringify(e.path)} matches the file ${JSON.stringify(file)} only after Unicode normalisation`);
        listedBy.set(file, (listedBy.get(file) ?? new Set()).add(m.name));
        expected.push({ file, algorithm: m.algorithm, checksum: e.checksum, manifest: m.name, line: e.line });
        continue;
      }
      if (fetchPaths.has(nfcKey(e.path))) continue;
      // Listed twice in different case with one checksum, one present: the bag came from a case-insensitive file system.
      const twin = (checksumsByCase.get(caseKey(e.path)) ?? []).find((o) => o !== e && o.checksum === e.checksum && resolvePayload(o.path));
      if (twin) {
        P.warn(e.path, `is listed in ${m.name} but not present; ${twin.path}, listed with the same checksum, is (they are one file on a case-insensitive file system)`);
        continue;
      }
      missing.set(e.path, [...(missing.get(e.path) ?? []), m.name]);
    }
  }
  for (const [p, ms] of missing) P.error(p, `is listed in ${ms.join(' and ')} but missing from the bag`);
  for (const e of fetchEntries) {
    for (const m of payloadManifests) if (!m.entries.some((x) => nfcKey(x.path) === nfcKey(e.path))) P.error('fetch.txt', `line ${e.line}: ${e.path} is not listed in ${m.name}`);
    if (!resolvePayload(e.path)) {
      holes++;
      P.warn(e.path, 'is to be fetched (fetch.txt) and is not here: the bag is not complete until it is fetched; this verifier never fetches');
    }
  }
  if (payloadManifests.length) {
    for (const f of payloadFiles) {
      const by = listedBy.get(f) ?? new Set();
      if (by.size === 0) P.error(f, 'is in the payload but not listed in any payload manifest');
      else if (by.size < payloadManifests.length) {
        const absent = payloadManifests.filter((m) => !by.has(m.name)).map((m) => m.name);
        if (strict) P.error(f, `is not listed in ${absent.join(' and ')} (BagIt 1.0: every payload file in every manifest)`);
        else P.warn(f, `is listed in ${[...by].join(', ')} but not in ${absent.join(' and ')}`);
      }
    }
  }

  // Tag manifests.
  const tagListed = new Map<string, Set<string>>();
  for (const m of tagManifests) {
    const listed = new Set<string>();
    for (const e of m.entries) {
      if (parseManifestFileName(e.path)?.kind === 'tag') {
        P.error(m.name, `line ${e.line}: a tag manifest must not list a tag manifest (${e.path})`);
        continue;
      }
      const file = resolveTag(e.path);
      if (!file) {
        P.error(e.path, `is listed in ${m.name} but missing from the bag`);
        continue;
      }
      listed.add(file);
      expected.push({ file, algorithm: m.algorithm, checksum: e.checksum, manifest: m.name, line: e.line });
    }
    for (const pm of payloadManifests) if (!listed.has(pm.name)) P.error(m.name, `does not list the payload manifest ${pm.name}`);
    tagListed.set(m.algorithm, listed);
  }
  const sets = [...tagListed.values()];
  if (sets.length > 1 && sets.some((s) => s.size !== sets[0]!.size || [...s].some((f) => !sets[0]!.has(f)))) {
    P.warn('(bag)', 'the tag manifests do not all list the same tag files');
  }
  const claimsSanctum =
    opts.requireSanctum === true ||
    files.has(SIGNER_FILE) ||
    tagFiles.some((f) => f.startsWith(`${SANCTUM_DIR}/`)) ||
    (await declaresSanctumProfile(src));
  if (tagManifests.length) {
    for (const f of tagFiles) {
      if (parseManifestFileName(f)?.kind === 'tag' || sets.some((s) => s.has(f))) continue;
      if (claimsSanctum && f === SIGNATURE_FILE) continue; // it signs the tag manifest, so it cannot be in one
      P.warn(f, 'is a tag file not listed in any tag manifest (its content is not checked)');
    }
  }

  // Fixity: stream every file once with every algorithm it needs.
  const need = new Map<string, Set<string>>();
  for (const x of expected) need.set(x.file, (need.get(x.file) ?? new Set()).add(x.algorithm));
  const requests: HashRequest[] = [...need].map(([file, algs]) => ({ path: file, algorithms: [...algs] }));
  const hashed = await src.digests(requests, (done, total) => opts.onProgress?.({ phase: 'hashing', done, total }), opts.signal);
  for (const [file, why] of hashed.failures) P.error(file, `could not be read (${why})`);
  const matches = (x: (typeof expected)[number]) => hashed.digests.get(x.file)?.[x.algorithm] === x.checksum;
  for (const x of expected) {
    const got = hashed.digests.get(x.file)?.[x.algorithm];
    if (got === undefined || got === x.checksum) continue;
    // The file agrees with another manifest: then it is this manifest's line that changed, not the file.
    const vouch = expected.find((o) => o.file === x.file && o.manifest !== x.manifest && matches(o));
    if (vouch) P.error(x.manifest, `line ${x.line}: the ${algorithmLabel(x.algorithm)} checksum of ${x.file} is wrong (the file matches ${vouch.manifest}): expected ${x.checksum}, found ${got}`);
    else P.error(x.file, `${algorithmLabel(x.algorithm)} does not match ${x.manifest} (line ${x.line}): expected ${x.checksum}, found ${got}`);
  }

  // bag-info.txt
  let bagInfo: BagInfoEntry[] = [];
  if (files.has('bag-info.txt')) {
    const t = await text('bag-info.txt');
    if (t !== null) {
      const parsed = parseBagInfo(splitLines(t), version);
      bagInfo = parsed.entries;
      for (const i of parsed.issues) (i.severity === 'error' ? P.error : P.warn).call(P, 'bag-info.txt', i.reason);
    }
  }
  const count = (label: string) => bagInfo.filter((e) => e.label.toLowerCase() === label).length;
  for (const l of NOT_REPEATABLE) if (count(l) > 1) P.error('bag-info.txt', `${l} appears ${count(l)} times; it must not be repeated`);
  for (const l of SHOULD_NOT_REPEAT) if (count(l) > 1) P.warn('bag-info.txt', `${l} appears ${count(l)} times; it should not be repeated`);
  const payloadBytes = payloadFiles.reduce((s, f) => s + (files.get(f) ?? 0), 0);
  const oxum = bagInfoValue(bagInfo, 'Payload-Oxum');
  if (oxum !== undefined) {
    const m = /^(\d+)\.(\d+)$/.exec(oxum.trim());
    if (!m) P.error('bag-info.txt', `Payload-Oxum "${oxum}" is not OctetCount.StreamCount`);
    else if (holes === 0 && (Number(m[1]) !== payloadBytes || Number(m[2]) !== payloadFiles.length)) {
      P.error('bag-info.txt', `Payload-Oxum says ${m[1]} bytes in ${m[2]} files; the payload has ${payloadBytes} bytes in ${payloadFiles.length} files`);
    }
  }
  const date = bagInfoValue(bagInfo, 'Bagging-Date');
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date.trim())) P.warn('bag-info.txt', `Bagging-Date "${date}" is not YYYY-MM-DD`);

  // Names: operating-system clutter, and files that collide on other file systems.
  for (const f of payloadFiles) if (isSystemFile(f)) P.warn(f, 'is operating-system metadata (Finder, Explorer), probably included by accident');
  const collide = (key: (p: string) => string, what: string) => {
    const g = new Map<string, string[]>();
    for (const f of files.keys()) g.set(key(f), [...(g.get(key(f)) ?? []), f]);
    for (const list of g.values()) if (list.length > 1) P.warn(list[0]!, `${list.join(' and ')} differ only in ${what}; they collide on other file systems`);
  };
  collide(nfcKey, 'Unicode normalisation');
  collide((p) => (p.normalize('NFC') === p ? caseKey(p) : `\0${p}`), 'case');

  // Sanctum layer.
  let sanctum = null;
  if (claimsSanctum) {
    const sha256Of = new Map<string, string>();
    for (const x of expected) if (x.algorithm === 'sha256' && x.file.startsWith('data/')) sha256Of.set(x.file, x.checksum);
    sanctum = await verifySanctum({
      src,
      P,
      sha256Of,
      tagListed,
      ...(opts.expectSigner ? { expectSigner: opts.expectSigner } : {}),
      ...(opts.knownSigners ? { knownSigners: opts.knownSigners } : {}),
      facts: {
        version,
        format: src.format,
        bagInfo,
        hasBagInfo: files.has('bag-info.txt'),
        payloadAlgorithms: payloadManifests.map((m) => m.algorithm),
        tagAlgorithms: tagManifests.map((m) => m.algorithm),
        hasFetch: files.has('fetch.txt'),
        tagFiles,
        payloadFiles,
      },
    });
  } else if (opts.expectSigner) {
    P.error('(bag)', `is not a signed Sanctum package, so it cannot be signed by ${opts.expectSigner}`);
  }

  const errors = P.errors;
  return {
    path,
    format: src.format,
    archiveRoot: src.root,
    valid: errors === 0,
    complete: missing.size === 0 && holes === 0 && files.has('bagit.txt') && payloadManifests.length > 0,
    bagitVersion: version,
    tagFileEncoding: encodingDeclared,
    algorithms: { payload: payloadManifests.map((m) => m.algorithm), tag: tagManifests.map((m) => m.algorithm) },
    payload: { files: payloadFiles.length, bytes: payloadBytes },
    bagInfo: bagInfo.map(({ label, value }) => ({ label, value })),
    problems: P.items,
    errors,
    warnings: P.items.length - errors,
    sanctum,
    seconds: (performance.now() - started) / 1000,
  };
}

/** bag-info.txt names our profile (read early: it decides whether the signature may stay out of the tag manifests). */
async function declaresSanctumProfile(src: BagSource): Promise<boolean> {
  if (!src.files.has('bag-info.txt')) return false;
  const t = new TextDecoder().decode(await src.read('bag-info.txt').catch(() => new Uint8Array(0)));
  return /^BagIt-Profile-Identifier:[ \t]*(\S+)/im.exec(t)?.[1] === SANCTUM_PROFILE_ID;
}

async function hasDir(bag: string): Promise<boolean> {
  const st = await stat(join(bag, 'data')).catch(() => null);
  return st?.isDirectory() ?? false;
}

/** Throw with the report attached when a bag is not valid (import, decrypt). */
export class InvalidPackageError extends SanctumError {
  constructor(readonly report: BagReport) {
    const first = report.problems.find((p) => p.severity === 'error');
    super('INVALID_INPUT', `the package is not valid: ${report.errors} problem(s)${first ? `; first: ${first.file}: ${first.reason}` : ''}`, first?.file ?? report.path);
  }
}
