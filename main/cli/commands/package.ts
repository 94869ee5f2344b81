/**
 * Evidence packages on the command line: `sanctum package export|import|key|decrypt` and `sanctum verify`, which
 * needs no vault (only an encrypted package needs its recipient's vault).
 */
import { neutraliseControls } from '../../../shared/text/controls';
import { Workspace } from '../../core/workspace';
import { initCrypto } from '../../core/crypto/sodium';
import { SanctumError } from '../../core/errors';
import {
  DISCLOSURE_PROFILES,
  InvalidPackageError,
  decryptPackage,
  exportPackage,
  addSigner,
  importPackage,
  knownFingerprints,
  listSigners,
  removeSigner,
  recipientKey,
  UnknownSignerError,
  sniffInput,
  verifyBag,
  type BagReport,
  type DisclosureProfile,
  type Selection,
} from '../../core/exchange/package';
import type { Vault } from '../../core/vault/vault';
import { defineCommand, UsageError, type Command, type CommandContext } from '../registry';
import { REVIEW_OPTION, reviewDecisions } from '../review';
import { ENV_PASSPHRASE, ENV_WITNESS_PASSPHRASE, WITNESS_PASSPHRASE, withVault } from '../vault-access';

const VAULT = { name: 'vault', description: 'the vault folder', path: true } as const;

function withWs<T>(ctx: CommandContext, dir: string, fn: (ws: Workspace, vault: Vault) => Promise<T>): Promise<T> {
  return withVault(ctx, dir, async (vault) => {
    const ws = new Workspace(vault);
    try {
      return await fn(ws, vault);
    } finally {
      ws.dispose();
    }
  });
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A value from the package (file name, reason quoting one, id) on one line: a newline in a file name (a
 * manifest may encode one as %0A) would otherwise print a forged line such as "VALID: …" of its own.
 */
const one = (s: string) => neutraliseControls(s);

const TRUST = {
  expected: ', the expected signer',
  known: ', a known signer of this vault',
  unknown: ', signer UNKNOWN (not given with --signer, not a known signer)',
} as const;

/** The report as a person reads it: verdict, signer, custody, then every problem with its file. */
export function renderReport(r: BagReport): string {
  const unknownSigner = r.valid && r.sanctum?.signerTrust === 'unknown';
  const lines = [
    `${r.valid ? (unknownSigner ? 'VALID, SIGNER UNKNOWN' : 'VALID') : 'INVALID'}: ${one(r.path)} (${r.format}${r.bagitVersion ? `, BagIt ${one(r.bagitVersion)}` : ''})`,
    `Payload: ${plural(r.payload.files, 'file')}, ${r.payload.bytes.toLocaleString('en-US')} bytes; manifests: ${r.algorithms.payload.join(', ') || 'none'}; tag manifests: ${r.algorithms.tag.join(', ') || 'none'}${r.complete ? '' : '; NOT COMPLETE'}`,
  ];
  const s = r.sanctum;
  if (s) {
    lines.push(`Sanctum package ${one(s.packageId ?? '(no id)')}, ${one(s.disclosureProfile ?? '?')} disclosure`);
    lines.push(s.signer ? `  Signed by:   Ed25519 key ${s.signer.fingerprint} — signature ${s.signatureValid ? 'valid' : 'NOT VALID'}${TRUST[s.signerTrust ?? 'unknown']}` : '  Signed by:   (no signer: NOT SIGNED)');
    if (s.signer && s.signerTrust === 'unknown') {
      lines.push('               Anyone can alter a package and re-sign it with a new key: compare this fingerprint with the', '               sender over another channel, then pass it with --signer (or add it: sanctum signers add).');
    }
    if (s.signedManifestSha256) lines.push(`  Package hash (SHA-256 of the signed tag manifest): ${s.signedManifestSha256}`);
    lines.push(s.logHead ? `  Log head:    #${s.logHead.seq} signed ${one(s.logHead.signedAt)} — ${s.logHead.valid ? 'valid' : 'NOT VALID'}` : '  Log head:    missing');
    lines.push(`  Custody:     ${plural(s.custody.items, 'chain')}, ${plural(s.custody.entries, 'entry', 'entries')} — ${s.custody.valid ? 'continuous from intake to this export' : 'BROKEN'}`);
    lines.push(`  Items:       ${s.items} in the package, ${s.withheld} withheld (listed in data/metadata/withheld.json)`);
    if (s.texts) lines.push(`  Text:        ${plural(s.texts, 'extracted text')} (data/text/, described in data/metadata/texts.json)`);
  } else {
    lines.push('Not a Sanctum package: only BagIt completeness and fixity were checked (no signature, no custody).');
  }
  if (r.problems.length) {
    lines.push('', `Problems (${plural(r.errors, 'error')}, ${plural(r.warnings, 'warning')}):`);
    for (const p of r.problems) lines.push(`  ${p.severity === 'error' ? 'error  ' : 'warning'}  ${one(p.file)}: ${one(p.reason)}`);
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------- verify

const verify = defineCommand({
  path: ['verify'],
  group: 'Evidence packages',
  summary: 'Check a package or any BagIt bag: completeness, fixity, signature, custody (no vault needed)',
  usage: '<bag-dir|archive> [--signer FINGERPRINT] [--vault DIR] [--json]',
  exitCodes: '3 valid, signature valid, but the signer is UNKNOWN',
  description: `
Checks a bag folder, a .tar or .tar.gz archive (read as a stream, never extracted), or an encrypted package:
bagit.txt, every manifest and tag manifest (every file, every checksum), bag-info.txt, fetch.txt, path safety;
for a Sanctum package also the Ed25519 signature, the signer's fingerprint, each item's chain of custody and the
signed log head. Every problem is listed with its file and reason.

A valid signature proves only that the package was not changed since someone signed it: anyone can alter a
package and re-sign it with a new key. So the signer must be vouched for: --signer FINGERPRINT (compared with
the sender over another channel; any other key makes the package invalid), or --vault DIR, whose known signers
(sanctum signers list) and own key count as known.

Exit 0 when valid and the signer expected or known (or a plain BagIt bag is valid), 1 when not valid, 3 when
valid with a valid signature by an UNKNOWN signer.

An encrypted package needs the recipient's vault: --vault DIR (its passphrase from SANCTUM_PASSPHRASE).`,
  positionals: [{ name: 'path', description: 'a bag folder, .tar, .tar.gz or encrypted package', path: true }],
  options: {
    signer: { type: 'string', valueName: 'FINGERPRINT', description: 'require this signing key (fingerprint or public key)' },
    vault: { type: 'string', valueName: 'DIR', description: 'a vault whose known signers count as known (and the recipient, for an encrypted package)', path: true },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const path = ctx.arg(0);
    await initCrypto();
    const signer = ctx.string('signer');
    const run = (recipient?: ReturnType<typeof recipientKey>, knownSigners?: string[]) =>
      verifyBag(path, { ...(signer ? { expectSigner: signer } : {}), ...(recipient ? { recipient } : {}), ...(knownSigners ? { knownSigners } : {}) });
    const vaultDir = ctx.string('vault');
    const encrypted = (await sniffInput(path)) === 'encrypted';
    let report: BagReport;
    if (encrypted && !vaultDir) throw new UsageError('this package is encrypted: give the recipient vault with --vault DIR', ctx.command);
    if (vaultDir) report = await withWs(ctx, vaultDir, (ws, vault) => run(encrypted ? recipientKey(ws.repo) : undefined, knownFingerprints(ws.repo, vault)));
    else report = await run();
    return { json: report, text: renderReport(report), exitCode: !report.valid ? 1 : report.sanctum?.signerTrust === 'unknown' ? 3 : 0 };
  },
});

// ------------------------------------------------------------------------------------------------- export

const exportCmd = defineCommand({
  path: ['package', 'export'],
  group: 'Evidence packages',
  summary: 'Export a signed evidence package (BagIt) for prosecutors, a panel or the public',
  usage: '<vault> --case <id-or-name> [--profile prosecutor|panel|public] [--recipient KEY]... --out <path> [--org NAME]',
  description: `
Writes a BagIt 1.0 package: the original evidence files byte for byte, statements rendered for the disclosure
profile, a load file (items.json, items.csv), the entities, links, events and claims involved (FtM JSON lines),
what was withheld and why, each item's chain of custody and the vault's signed log head, all signed with the
vault's Ed25519 key.

--out: a folder (plain bag), or a file ending .tar or .tar.gz. With --recipient (repeatable) the package is
archived and encrypted to those recipients' keys (from \`sanctum package key\` on their vault).
By default the whole case is exported; --entity, --claim and --evidence (repeatable) export a selection instead.

Profiles: prosecutor (witness names only where the statement's consent allows sharing and naming), panel
(pseudonyms only), public (narrative only: no statements, no confidential originals). If the case has witnesses
the witness compartment must be opened (SANCTUM_WITNESS_PASSPHRASE), so that their names can be kept out.`,
  positionals: [VAULT],
  options: {
    case: { type: 'string', valueName: 'NAME|ID', description: 'the case' },
    profile: { type: 'string', valueName: 'P', description: `disclosure profile: ${DISCLOSURE_PROFILES.join(', ')} (default prosecutor)` },
    recipient: { type: 'string', multiple: true, valueName: 'KEY', description: 'encrypt to this recipient key (x25519:…; repeatable)' },
    out: { type: 'string', valueName: 'PATH', description: 'where to write the package (must not exist)', path: true },
    review: REVIEW_OPTION,
    org: { type: 'string', valueName: 'NAME', description: 'exporting organisation (Source-Organization)' },
    contact: { type: 'string', valueName: 'NAME', description: 'contact person (Contact-Name)' },
    'contact-email': { type: 'string', valueName: 'EMAIL', description: 'contact e-mail (Contact-Email)' },
    description: { type: 'string', valueName: 'TEXT', description: 'External-Description (default: a summary)' },
    entity: { type: 'string', multiple: true, valueName: 'ID', description: 'export what concerns this entity (repeatable)' },
    claim: { type: 'string', multiple: true, valueName: 'ID', description: 'export this claim and its evidence (repeatable)' },
    evidence: { type: 'string', multiple: true, valueName: 'ID', description: 'export this evidence item (repeatable)' },
  },
  env: [ENV_PASSPHRASE, ENV_WITNESS_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    const out = ctx.string('out');
    if (!out) throw new UsageError('--out <path> is required', ctx.command);
    const caseArg = ctx.string('case');
    if (!caseArg) throw new UsageError('--case <id-or-name> is required', ctx.command);
    const profile = (ctx.string('profile') ?? 'prosecutor') as DisclosureProfile;
    if (!DISCLOSURE_PROFILES.includes(profile)) throw new UsageError(`--profile must be one of ${DISCLOSURE_PROFILES.join(', ')}`, ctx.command);
    const split = (name: string) => ctx.strings(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    const sel = { entityIds: split('entity'), claimIds: split('claim'), evidenceIds: split('evidence') };
    const selection: Selection = sel.entityIds.length || sel.claimIds.length || sel.evidenceIds.length ? sel : { case: true };
    const org = ctx.string('org');
    if (!org) ctx.warn('no --org given: Source-Organization will say "Not stated"');
    const result = await withWs(ctx, dir, async (ws, vault) => {
      const c = ws.cases.resolve(caseArg);
      if (ws.witnesses.list(c.id).length) await vault.unlockWitness(await ctx.secret(WITNESS_PASSPHRASE));
      return exportPackage(ws, {
        caseId: c.id,
        selection,
        profile,
        recipients: split('recipient'),
        outPath: out,
        organization: {
          name: org ?? 'Not stated',
          ...(ctx.string('contact') ? { contactName: ctx.string('contact')! } : {}),
          ...(ctx.string('contact-email') ? { contactEmail: ctx.string('contact-email')! } : {}),
        },
        ...(ctx.string('description') ? { description: ctx.string('description')! } : {}),
        review: reviewDecisions(ctx),
      });
    });
    const text = [
      `Exported ${result.packageId} to ${result.path} (${result.format}, ${result.profile} profile)`,
      `  ${plural(result.items.length, 'item')}, ${result.payloadBytes.toLocaleString('en-US')} bytes of evidence; ${result.withheld.length} withheld`,
      ...result.withheld.map((w) => `    withheld ${w.id}${w.title ? ` (${w.title})` : ''}: ${w.reason}`),
      ...(result.texts.length ? [`  ${plural(result.texts.length, 'extracted text')} (witness identities replaced):`] : []),
      ...result.texts.map((t) => `    ${t.path}  ${t.methods.join('+')}, read from ${t.of}`),
      `  ${plural(result.ftm.lines, 'FollowTheMoney line')} (entities.ftm.jsonl)${result.ftm.invalidCount ? `; ${plural(result.ftm.invalidCount, 'value')} FtM does not accept left out (records.jsonl keeps them)` : ''}`,
      `  Signed by ${result.signer.fingerprint}`,
      `  Package hash (SHA-256 of the signed tag manifest): ${result.manifestSha256}`,
      ...(result.fileSha256 ? [`  File SHA-256: ${result.fileSha256}`] : []),
      ...(result.recipients ? [`  Encrypted to ${plural(result.recipients, 'recipient')}`] : []),
    ].join('\n');
    return { json: result, text };
  },
});

// ------------------------------------------------------------------------------------------------- import

const importCmd = defineCommand({
  path: ['package', 'import'],
  group: 'Evidence packages',
  summary: 'Verify a received package and bring its items, entities and claims into a vault',
  usage: '<vault> <path> [--case NAME|ID] [--signer FINGERPRINT] [--trust-signer FINGERPRINT]',
  exitCodes: '3 refused: the signature is valid but the signer is unknown (confirm it with --trust-signer)',
  description: `
Verifies the package first (an invalid package is refused with the report, exit 1). A package whose signer is
neither a known signer of this vault (sanctum signers list) nor given with --signer is refused with its
fingerprint (exit 3): compare it with the sender over another channel, then run again with --trust-signer
FINGERPRINT, which imports and remembers the signer (an audited action). Then it imports every item
(re-hashed into the vault), the entities, links, events and claims, keeping where they came from: each item's
chain of custody starts with an intake entry citing the sender's chain, signature and key. An encrypted package
is opened with this vault's recipient key. Without --case a new case is created.`,
  positionals: [VAULT, { name: 'path', description: 'the package (folder, .tar, .tar.gz or encrypted)', path: true }],
  options: {
    case: { type: 'string', valueName: 'NAME|ID', description: 'import into this case (default: a new case)' },
    signer: { type: 'string', valueName: 'FINGERPRINT', description: 'refuse unless signed by this key' },
    'trust-signer': { type: 'string', valueName: 'FINGERPRINT', description: 'the signer fingerprint you confirmed with the sender: import, and remember it as known' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const [dir, path] = [ctx.arg(0), ctx.arg(1)];
    try {
      const r = await withWs(ctx, dir, (ws) => {
        const caseArg = ctx.string('case');
        const signer = ctx.string('signer');
        const trust = ctx.string('trust-signer');
        return importPackage(ws, path, {
          ...(caseArg ? { caseId: ws.cases.resolve(caseArg).id } : {}),
          ...(signer ? { expectSigner: signer } : {}),
          ...(trust ? { trustSigner: trust } : {}),
        });
      });
      const how = { expected: 'the expected signer', known: 'a known signer', trusted: 'confirmed now, and remembered as a known signer' }[r.signerTrust];
      const text = [
        `Imported ${r.packageId} into case ${r.caseId}`,
        `  signed by ${r.signer.fingerprint}, ${how} (${one(r.disclosureProfile ?? '?')} disclosure)`,
        `  ${plural(r.items.length, 'item')}, ${plural(r.entities, 'entity', 'entities')}, ${plural(r.links, 'link')}, ${plural(r.events, 'event')}, ${plural(r.claims, 'claim')}${r.droppedCitations ? `; ${plural(r.droppedCitations, 'citation')} of withheld items dropped` : ''}`,
        ...(r.texts.length ? [`  ${plural(r.texts.length, 'extracted text')} restored as the items' text (marked imported, not read again):`] : []),
        ...r.texts.map((t) => `    ${t.path} -> item ${t.id} (${t.methods.join('+')})`),
        `  provenance record ${r.provenanceId}`,
      ].join('\n');
      return { json: { ...r, report: { valid: r.report.valid, warnings: r.report.warnings } }, text };
    } catch (e) {
      if (e instanceof UnknownSignerError) {
        const text = `Refused: ${e.message}.\n\nSigner fingerprint: ${e.fingerprint}\nAfter comparing it with the sender: sanctum package import ${dir} ${path} --trust-signer '${e.fingerprint}'`;
        return { json: { error: { code: e.code, message: e.message, where: e.where }, signer: e.fingerprint, report: e.report }, text, exitCode: 3 };
      }
      if (e instanceof InvalidPackageError) {
        return { json: { error: { code: e.code, message: e.message, where: e.where }, report: e.report }, text: `Refused: the package is not valid.\n\n${renderReport(e.report)}`, exitCode: 1 };
      }
      throw e;
    }
  },
});

// ---------------------------------------------------------------------------------------------------- key

const key = defineCommand({
  path: ['package', 'key'],
  group: 'Evidence packages',
  summary: "Print this vault's recipient key, for senders of encrypted packages",
  usage: '<vault>',
  description: `
Prints the vault's X25519 public key (created the first time). Give it to whoever sends you packages; they pass
it to \`sanctum package export --recipient\`. Compare the fingerprint with them over another channel.`,
  positionals: [VAULT],
  options: {},
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const k = await withWs(ctx, ctx.arg(0), async (ws) => recipientKey(ws.repo));
    return { json: { publicKey: k.text, fingerprint: k.fingerprint }, text: `${k.text}\nfingerprint: ${k.fingerprint}` };
  },
});

// ------------------------------------------------------------------------------------------------ decrypt

const decrypt = defineCommand({
  path: ['package', 'decrypt'],
  group: 'Evidence packages',
  summary: 'Decrypt a package sent to this vault into a plain bag (folder) or .tar',
  usage: '<vault> <file> --out <path>',
  description: `
--out ending in .tar writes the decrypted archive; any other path is a new folder the bag is extracted into
(regular files only, never outside the folder; links, devices and oversized archives are refused).`,
  positionals: [VAULT, { name: 'file', description: 'the encrypted package', path: true }],
  options: { out: { type: 'string', valueName: 'PATH', description: 'where to write (must not exist)', path: true } },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const [dir, file] = [ctx.arg(0), ctx.arg(1)];
    const out = ctx.string('out');
    if (!out) throw new UsageError('--out <path> is required', ctx.command);
    if ((await sniffInput(file)) !== 'encrypted') throw new SanctumError('UNSUPPORTED_FORMAT', 'not an encrypted package', file);
    const where = await withWs(ctx, dir, async (ws) => decryptPackage(file, out, recipientKey(ws.repo)));
    return { json: { path: where }, text: `Decrypted to ${where}\nCheck it with: sanctum verify ${where}` };
  },
});

// ------------------------------------------------------------------------------------------------ signers

const SIGNERS_WHY = `
A package's signature shows it was not changed since it was signed, not who signed it: anyone can alter a
package and re-sign it with a new key. Known signers are the keys whose fingerprints you compared with their
owners over another channel; their packages verify as known (sanctum verify --vault) and import without
--trust-signer. The vault's own key is always known. Each signer is a sealed record; adding and removing are
logged in the activity log.`;

const signersList = defineCommand({
  path: ['signers', 'list'],
  group: 'Evidence packages',
  summary: 'The package signers this vault knows (fingerprints)',
  usage: '<vault>',
  description: SIGNERS_WHY,
  positionals: [VAULT],
  options: {},
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const list = await withWs(ctx, ctx.arg(0), async (ws, vault) => listSigners(ws.repo, vault));
    const text = list.map((k) => `${k.fingerprint}  ${one(k.label || '(no label)')}${k.own ? '' : `  added ${k.addedAt ?? '?'} (${one(k.via)})`}`).join('\n');
    return { json: { signers: list }, text };
  },
});

const signersAdd = defineCommand({
  path: ['signers', 'add'],
  group: 'Evidence packages',
  summary: 'Remember a package signer by fingerprint or public key (after comparing it with its owner)',
  usage: '<vault> <fingerprint|public-key> [--label TEXT]',
  description: SIGNERS_WHY,
  positionals: [VAULT, { name: 'signer', description: 'the fingerprint (32 hex digits, spaces allowed: quote it) or Ed25519 public key (64 hex)' }],
  options: { label: { type: 'string', valueName: 'TEXT', description: 'who it is (e.g. "Panel of Experts, Libya")' } },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const label = ctx.string('label');
    const k = await withWs(ctx, ctx.arg(0), async (ws, vault) => addSigner(ws.repo, vault, ctx.arg(1), { ...(label !== undefined ? { label } : {}), via: 'signers add' }));
    return { json: k, text: `Known signer: ${k.fingerprint}${k.label ? ` (${one(k.label)})` : ''}` };
  },
});

const signersRemove = defineCommand({
  path: ['signers', 'remove'],
  group: 'Evidence packages',
  summary: 'Forget a package signer',
  usage: '<vault> <fingerprint|public-key>',
  description: SIGNERS_WHY,
  positionals: [VAULT, { name: 'signer', description: 'the fingerprint or public key' }],
  options: {},
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const k = await withWs(ctx, ctx.arg(0), async (ws, vault) => removeSigner(ws.repo, vault, ctx.arg(1)));
    return { json: k, text: `No longer a known signer: ${k.fingerprint}` };
  },
});

export const packageCommands: Command[] = [exportCmd, importCmd, key, decrypt, verify, signersList, signersAdd, signersRemove];
