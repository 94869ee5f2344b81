/** `sanctum vault …`: create, change passphrases, recover, check and describe a vault. */
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { blobRefs } from '../../core/blobs/blob-refs';
import type { BlobInfo } from '../../core/blobs/blob-store';
import { assertKdfCost, describeCost, KDF_DEFAULT, MiB, type KdfCost } from '../../core/crypto/kdf';
import { parseRecoveryKey } from '../../core/crypto/recovery-key';
import { initCrypto, sodium } from '../../core/crypto/sodium';
import { SanctumError } from '../../core/errors';
import { Repository } from '../../core/store/repository';
import type { SealedTable, StoredRecord } from '../../core/store/sealed-store';
import { HEADER_VERSION } from '../../core/vault/header';
import { DEFAULT_SETTINGS, saveSettings } from '../../core/vault/settings';
import { checkPassphraseStrength, createVault, readHeader, recoverVault, vaultExists, type Vault } from '../../core/vault/vault';
import { defineCommand, type Command, type OptionSpec } from '../registry';
import {
  ENV_NEW_PASSPHRASE,
  ENV_PASSPHRASE,
  ENV_WITNESS_PASSPHRASE,
  NEW_PASSPHRASE,
  NEW_VAULT_PASSPHRASE,
  RECOVERY_KEY,
  VAULT_PASSPHRASE,
  WITNESS_PASSPHRASE,
  optionalWitnessPassphrase,
  withVault,
} from '../vault-access';

const DIR = { name: 'dir', description: 'the vault folder', path: true } as const;
const WITNESS_FLAG: OptionSpec = {
  type: 'boolean',
  description: 'also open the witness compartment (asks for its passphrase unless SANCTUM_WITNESS_PASSPHRASE is set)',
};

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------- vault init

const init = defineCommand({
  path: ['vault', 'init'],
  group: 'Vault',
  summary: 'Create a vault and show its recovery key (once)',
  usage: '<dir> [--analyst NAME] [--device NAME] [--kdf-mem-mib N] [--kdf-ops N]',
  description: `
Creates a new vault in <dir> (which must be empty or not exist yet) and prints the recovery key once, as
dash-separated groups (K7QX-M2PA-…). Write it down at once and keep it apart from the computer: it opens the
vault if the passphrase is lost, and it is never shown again.

The witness-identity compartment gets SANCTUM_WITNESS_PASSPHRASE when set (at a terminal you are asked for
it); otherwise it uses the vault passphrase, and you are told how to set a separate one.

--analyst and --device name who works in the vault and on which computer: every activity-log entry records
them (kept sealed in the vault's settings; the app asks for both when it creates a vault). Without --analyst
entries say "analyst".`,
  positionals: [DIR],
  options: {
    analyst: { type: 'string', valueName: 'NAME', description: 'your name, recorded in the activity log' },
    device: { type: 'string', valueName: 'NAME', description: 'this computer\'s name ("field laptop 2"), recorded with it' },
    'kdf-mem-mib': { type: 'string', valueName: 'N', description: `Argon2id memory in MiB (default ${KDF_DEFAULT.memLimitBytes / MiB}; at least 64)` },
    'kdf-ops': { type: 'string', valueName: 'N', description: `Argon2id passes (default ${KDF_DEFAULT.opsLimit}; at least 3)` },
  },
  env: [
    { name: 'SANCTUM_PASSPHRASE', description: 'passphrase for the new vault (else asked for twice at a terminal)' },
    { name: 'SANCTUM_WITNESS_PASSPHRASE', description: 'separate passphrase for the witness-identity compartment (optional)' },
  ],
  async run(ctx) {
    const dir = ctx.arg(0);
    const kdf: KdfCost = {
      memLimitBytes: (ctx.int('kdf-mem-mib', { min: 0, max: 1 << 20 }) ?? KDF_DEFAULT.memLimitBytes / MiB) * MiB,
      opsLimit: ctx.int('kdf-ops', { min: 0, max: 1000 }) ?? KDF_DEFAULT.opsLimit,
    };
    assertKdfCost(kdf); // the core's floor check, before anyone types a passphrase
    const analystName = (ctx.string('analyst') ?? '').trim();
    const deviceName = (ctx.string('device') ?? '').trim();
    if (analystName.length > 200 || deviceName.length > 200) throw new SanctumError('INVALID_INPUT', 'a name is at most 200 characters', analystName.length > 200 ? 'analyst' : 'device');
    if (vaultExists(dir)) throw new SanctumError('VAULT_EXISTS', `a vault already exists in ${dir}`, dir);
    await initCrypto();
    const passphrase = await ctx.secret(NEW_VAULT_PASSPHRASE);
    checkPassphraseStrength(passphrase);
    let witnessPassphrase = ctx.io.env[WITNESS_PASSPHRASE.env] || undefined;
    if (witnessPassphrase === undefined && ctx.io.interactive) {
      witnessPassphrase = await ctx.secret({ ...WITNESS_PASSPHRASE, prompt: 'Separate witness compartment passphrase', confirm: true, optional: true });
    }
    const separate = witnessPassphrase !== undefined && witnessPassphrase !== passphrase;
    const { vault, recoveryKey } = await createVault(dir, {
      passphrase,
      ...(witnessPassphrase !== undefined ? { witnessPassphrase } : {}),
      kdf,
      via: ctx.via,
      ...(analystName ? { actor: analystName } : {}),
      ...(deviceName ? { device: deviceName } : {}),
    });
    if (analystName || deviceName) {
      try {
        saveSettings(new Repository(vault), { ...DEFAULT_SETTINGS, analystName, deviceName });
      } catch (e) {
        vault.close('aborted');
        throw e;
      }
    }
    const fingerprint = vault.fingerprint;
    vault.close('cli');
    if (!separate) {
      ctx.warn(
        `the witness-identity compartment uses the vault passphrase. To give it its own, run\n` +
          `  sanctum vault witness-passwd ${dir}\n` +
          `with SANCTUM_WITNESS_PASSPHRASE set to the vault passphrase and SANCTUM_NEW_PASSPHRASE to the new one.`,
      );
    }
    const text = [
      `Created a vault in ${dir} (Argon2id ${describeCost(kdf)}).`,
      '',
      'Recovery key. Write it down now, on paper, and keep it apart from this computer.',
      'It is shown only this once. With it the vault can be opened and a new passphrase set.',
      '',
      `    ${recoveryKey}`,
      '',
      `Signing-key fingerprint: ${fingerprint}`,
      '(recipients of evidence packages compare it to check that a package came from this vault)',
    ].join('\n');
    return {
      json: {
        dir,
        recoveryKey,
        fingerprint,
        ...(analystName ? { analyst: analystName } : {}),
        ...(deviceName ? { device: deviceName } : {}),
        kdf: { memLimitMiB: kdf.memLimitBytes / MiB, opsLimit: kdf.opsLimit },
        separateWitnessPassphrase: separate,
      },
      text,
    };
  },
});

// -------------------------------------------------------------------------------------------- vault passwd

const passwd = defineCommand({
  path: ['vault', 'passwd'],
  group: 'Vault',
  summary: 'Change the vault passphrase',
  usage: '<dir>',
  description:
    'Re-keys the vault: a new master key, wrapped under the new passphrase, and every record, file and log entry re-encrypted under it (crash-safe: an interrupted re-key is finished or undone at the next unlock). The recovery key keeps working.',
  positionals: [DIR],
  options: {},
  env: [ENV_PASSPHRASE, ENV_NEW_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    await initCrypto();
    readHeader(dir);
    const current = await ctx.secret(VAULT_PASSPHRASE);
    const next = await ctx.secret(NEW_PASSPHRASE);
    checkPassphraseStrength(next, 'new passphrase');
    if (next === current) throw new SanctumError('INVALID_INPUT', 'the new passphrase is the same as the current one; nothing was changed');
    await withVault(ctx, dir, async (vault) => (await vault.changePassphrase(current, next)).close('cli'), current);
    return {
      json: { dir, changed: 'passphrase', rekeyed: true },
      text: 'Passphrase changed and the vault re-encrypted under a new key: the old passphrase no longer opens it, not even with an old copy of the header. The recovery key still does.',
    };
  },
});

// ------------------------------------------------------------------------------------ vault witness-passwd

const witnessPasswd = defineCommand({
  path: ['vault', 'witness-passwd'],
  group: 'Vault',
  summary: 'Change the witness-identity compartment passphrase',
  usage: '<dir>',
  description: 'Opens the vault (SANCTUM_PASSPHRASE), checks the current compartment passphrase and sets the new one.',
  positionals: [DIR],
  options: {},
  env: [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'the current compartment passphrase' }, ENV_NEW_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    await initCrypto();
    readHeader(dir);
    const vaultPass = await ctx.secret(VAULT_PASSPHRASE);
    const current = await ctx.secret({ ...WITNESS_PASSPHRASE, prompt: 'Current witness compartment passphrase' });
    const next = await ctx.secret({ ...NEW_PASSPHRASE, prompt: 'New witness compartment passphrase' });
    checkPassphraseStrength(next, 'new witness compartment passphrase');
    if (next === current) throw new SanctumError('INVALID_INPUT', 'the new passphrase is the same as the current one; nothing was changed');
    const sameAsVault = next === vaultPass;
    await withVault(ctx, dir, async (vault) => (await vault.changeWitnessPassphrase(current, next)).close('cli'), vaultPass);
    if (sameAsVault) ctx.warn('the new compartment passphrase is the vault passphrase; the compartment is only separate with a different one');
    return {
      json: { dir, changed: 'witness-passphrase', rekeyed: true, sameAsVaultPassphrase: sameAsVault },
      text: 'Witness compartment passphrase changed and the compartment re-encrypted under a new key: the old compartment passphrase no longer opens it, not even with an old copy of the header.',
    };
  },
});

// ------------------------------------------------------------------------------------------- vault recover

const recover = defineCommand({
  path: ['vault', 'recover'],
  group: 'Vault',
  summary: 'Open a vault with its recovery key and set a new passphrase',
  usage: '<dir> --recovery-key <key>',
  description: `
The key may be typed in any case, with spaces or without dashes. A key given on the command line is visible to
other users of this computer (process list, shell history): prefer SANCTUM_RECOVERY_KEY, or leave both out at a
terminal to be asked for it without echo.`,
  positionals: [DIR],
  options: {
    'recovery-key': { type: 'string', valueName: 'KEY', description: 'the recovery key shown when the vault was created' },
  },
  env: [{ name: 'SANCTUM_RECOVERY_KEY', description: 'the recovery key, instead of --recovery-key' }, ENV_NEW_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    await initCrypto();
    readHeader(dir);
    const key = ctx.string('recovery-key') ?? (await ctx.secret(RECOVERY_KEY));
    sodium().memzero(parseRecoveryKey(key)); // a typo is reported before a new passphrase is asked for
    const next = await ctx.secret(NEW_PASSPHRASE);
    checkPassphraseStrength(next, 'new passphrase');
    const vault = await recoverVault(dir, key, next, { via: ctx.via });
    vault.close('cli');
    return {
      json: { dir, recovered: true, rekeyed: true },
      text: 'Vault recovered and re-encrypted under a new key: the new passphrase is set, and the old one no longer opens it, not even with an old copy of the header. The recovery key is unchanged.',
    };
  },
});

// -------------------------------------------------------------------------------- vault new-recovery-key

const newRecoveryKey = defineCommand({
  path: ['vault', 'new-recovery-key'],
  group: 'Vault',
  summary: 'Issue a new recovery key and re-key the vault (the old key stops working)',
  usage: '<dir>',
  description:
    'Needs the vault passphrase and the witness compartment passphrase (the new key must open both). The vault is re-encrypted under a new master key, so the old recovery key opens nothing, not even with an old copy of the header.',
  positionals: [DIR],
  options: {},
  env: [ENV_PASSPHRASE, ENV_WITNESS_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    await initCrypto();
    readHeader(dir);
    const pass = await ctx.secret(VAULT_PASSPHRASE);
    const witnessPass = await ctx.secret(WITNESS_PASSPHRASE);
    const { recoveryKey, fingerprint } = await withVault(
      ctx,
      dir,
      async (vault) => {
        await vault.unlockWitness(witnessPass);
        const r = await vault.rotateRecoveryKey(pass);
        const fp = r.vault.fingerprint;
        r.vault.close('cli');
        return { recoveryKey: r.recoveryKey, fingerprint: fp };
      },
      pass,
    );
    return {
      json: { dir, recoveryKey, fingerprint, rekeyed: true },
      text: [
        'New recovery key. Write it down now, on paper, and keep it apart from this computer. It is shown only this once.',
        '',
        `    ${recoveryKey}`,
        '',
        'The vault was re-encrypted under a new key: the previous recovery key no longer opens it, not even with an old copy of the header.',
        `New signing-key fingerprint: ${fingerprint} (the old key's last signatures stay verifiable in the log)`,
      ].join('\n'),
    };
  },
});

// --------------------------------------------------------------------------------------------- vault check

type CheckName = 'integrity' | 'records' | 'witness_records' | 'audit' | 'blobs';

interface Finding {
  check: CheckName;
  code?: string;
  message: string;
  where?: string;
}

const MAX_LISTED = 50;

interface TableCheck {
  total: number;
  decrypted: number | null;
  failed: number;
  blobRefs: BlobInfo[];
}

function checkTable(vault: Vault, table: SealedTable, problems: Finding[]): TableCheck {
  const res: TableCheck = { total: 0, decrypted: 0, failed: 0, blobRefs: [] };
  for (const r of vault.store.scanChecked(table)) {
    res.total++;
    if (r.ok) {
      res.decrypted!++;
      res.blobRefs.push(...blobRefs(r.record));
    } else {
      res.failed++;
      problems.push({ check: table, code: r.error.code, message: r.error.message, ...(r.error.where ? { where: r.error.where } : {}) });
    }
  }
  return res;
}

function rowCount(vault: Vault, table: SealedTable | 'audit_heads'): number {
  return (vault.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function listDir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

const check = defineCommand({
  path: ['vault', 'check'],
  group: 'Vault',
  summary: 'Decrypt every record, verify the audit log and every referenced blob',
  usage: '<dir> [--witness]',
  description: `
Exit 0 when the vault is intact; 1 with the first problem named (what, and where: record id, audit entry,
blob and chunk). Rows put back, deleted or added outside Sanctum, a truncated audit log, or a vault older than
the last one this computer saw are reported under "commitment" (the vault is then opened read-only).
Witness records are decrypted only with the compartment passphrase; otherwise they are counted
and reported as not decrypted. Blob files no decrypted record refers to are reported as warnings.`,
  positionals: [DIR],
  options: { witness: WITNESS_FLAG },
  env: [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'also decrypt the witness records (optional)' }],
  async run(ctx) {
    const dir = ctx.arg(0);
    await initCrypto();
    const header = readHeader(dir);
    const problems: Finding[] = [];
    const warnings: Finding[] = [];
    const report = await withVault(ctx, dir, async (vault) => {
      const witnessPass = await optionalWitnessPassphrase(ctx);
      if (witnessPass !== undefined) await vault.unlockWitness(witnessPass);

      const records = checkTable(vault, 'records', problems);
      const witness: TableCheck = vault.witnessUnlocked
        ? checkTable(vault, 'witness_records', problems)
        : { total: rowCount(vault, 'witness_records'), decrypted: null, failed: 0, blobRefs: [] };

      const audit = vault.audit.verify();
      if (!audit.ok && audit.firstProblem) {
        problems.push({ check: 'audit', code: 'AUDIT_BROKEN', message: audit.firstProblem.problem, where: `audit log #${audit.firstProblem.seq}` });
      }

      const refs = new Map<string, BlobInfo>();
      for (const r of [...records.blobRefs, ...witness.blobRefs]) refs.set(r.blobId, r);
      let verified = 0;
      for (const info of refs.values()) {
        const v = await vault.blobs.verify(info);
        if (v.ok) verified++;
        else problems.push({ check: 'blobs', message: v.problem, where: v.where });
      }
      const onDisk = vault.blobs.listOnDisk();
      const unreferenced = onDisk.filter((id) => !refs.has(id));
      for (const id of unreferenced) {
        warnings.push({
          check: 'blobs',
          message: `blob file not referenced by any ${witness.decrypted === null ? 'decrypted ' : ''}record`,
          where: `blobs/${id}`,
        });
      }
      // Opened in report mode: a vault that fails the commitment check opens read-only so the rest can be shown.
      // Listed last: a record that fails to open also breaks the commitment, and its own problem names the row.
      for (const p of vault.integrityProblems) problems.push({ check: 'integrity', code: p.code, message: p.message, where: p.where });
      const leftovers = listDir(vault.blobs.tmpDir);
      if (leftovers.length) {
        warnings.push({ check: 'blobs', message: `${plural(leftovers.length, 'leftover')} of interrupted file intake (removed by garbage collection)`, where: 'tmp/' });
      }
      return {
        records: { total: records.total, decrypted: records.decrypted, failed: records.failed },
        witnessRecords: { total: witness.total, decrypted: witness.decrypted, failed: witness.failed, checked: witness.decrypted !== null },
        audit: { ok: audit.ok, entries: audit.entries, signedHeads: audit.signedHeads, lastSignedSeq: audit.lastSignedSeq, ...(audit.firstProblem ? { firstProblem: audit.firstProblem } : {}) },
        blobs: { referenced: refs.size, verified, failed: refs.size - verified, filesOnDisk: onDisk.length, unreferenced: unreferenced.length, tmpLeftovers: leftovers.length },
        integrity: { ok: vault.integrityProblems.length === 0, problems: vault.integrityProblems.length },
      };
    }, undefined, { integrity: 'report' });

    const ok = problems.length === 0;
    const first = problems[0] ?? null;
    const mark = (good: boolean) => (good ? '[ok]  ' : '[FAIL]');
    const sub = (check: CheckName) =>
      problems
        .filter((p) => p.check === check)
        .slice(0, 5)
        .map((p) => `         ${p.where ? `${p.where}: ` : ''}${p.message}`);
    const r = report;
    const lines = [
      `Checking the vault in ${dir}`,
      `  [ok]   header: format ${HEADER_VERSION}, Argon2id ${describeCost(header.kdf)}; passphrase accepted`,
      `  ${mark(r.integrity.ok)} commitment: ${r.integrity.ok ? 'every row, the audit head and the last state seen here agree' : 'MISMATCH (opened read-only)'}`,
      ...sub('integrity'),
      `  ${mark(r.records.failed === 0)} records: ${r.records.failed ? `${r.records.failed} of ${r.records.total} failed` : `${r.records.decrypted} decrypted`}`,
      ...sub('records'),
      r.witnessRecords.checked
        ? `  ${mark(r.witnessRecords.failed === 0)} witness records: ${r.witnessRecords.failed ? `${r.witnessRecords.failed} of ${r.witnessRecords.total} failed` : `${r.witnessRecords.decrypted} decrypted`}`
        : `  [skip] witness records: ${r.witnessRecords.total} present, not decrypted (set SANCTUM_WITNESS_PASSPHRASE or pass --witness)`,
      ...sub('witness_records'),
      `  ${mark(r.audit.ok)} audit log: ${plural(r.audit.entries, 'entry', 'entries')}, ${r.audit.ok ? 'chain intact' : 'BROKEN'}, ${plural(r.audit.signedHeads, 'signed head')}${r.audit.lastSignedSeq !== null ? ` (last at #${r.audit.lastSignedSeq})` : ''}`,
      ...sub('audit'),
      `  ${mark(r.blobs.failed === 0)} blobs: ${r.blobs.referenced} referenced, ${r.blobs.verified} verified${r.blobs.failed ? `, ${r.blobs.failed} failed` : ''}`,
      ...sub('blobs'),
      ...warnings.slice(0, 10).map((w) => `  [warn] ${w.where ? `${w.where}: ` : ''}${w.message}`),
      ...(warnings.length > 10 ? [`  [warn] … and ${warnings.length - 10} more`] : []),
      ok ? 'Vault intact.' : `Vault DAMAGED. First problem: ${first!.message}${first!.where ? ` (at ${first!.where})` : ''}`,
    ];
    return {
      json: {
        ok,
        dir,
        header: { ok: true, version: HEADER_VERSION, kdf: { memLimitMiB: header.kdf.memLimitBytes / MiB, opsLimit: header.kdf.opsLimit } },
        ...report,
        firstProblem: first,
        problems: problems.slice(0, MAX_LISTED),
        problemsNotListed: Math.max(0, problems.length - MAX_LISTED),
        warnings: warnings.slice(0, MAX_LISTED),
        warningsNotListed: Math.max(0, warnings.length - MAX_LISTED),
      },
      text: lines.join('\n'),
      exitCode: ok ? 0 : 1,
    };
  },
});

// ------------------------------------------------------------------------------------ vault accept-rollback

const acceptRollback = defineCommand({
  path: ['vault', 'accept-rollback'],
  group: 'Vault',
  summary: 'Accept a vault restored from an older backup (logged)',
  usage: '<dir>',
  description: `
Unlock refuses a vault that is older than the last state this computer saw (someone may have put back an
older copy, e.g. from before a witness withdrew consent to be named). If you restored a backup on purpose, this
accepts it: the acceptance is recorded in the audit log and the older state becomes the last one seen.
Rows changed, deleted or added outside Sanctum, and a truncated audit log, are never accepted this way.`,
  positionals: [DIR],
  options: {},
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    await withVault(ctx, dir, () => undefined, undefined, { acceptRollback: true });
    return { json: { dir, accepted: true }, text: 'Accepted: the vault opens as it is now, and the acceptance is in the audit log.' };
  },
});

// --------------------------------------------------------------------------------------------- vault stats

function folderBytes(root: string): { total: number; database: number; blobs: number; other: number } {
  const out = { total: 0, database: 0, blobs: 0, other: 0 };
  const walk = (d: string, top: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      const area = top || name;
      if (st.isDirectory()) walk(p, area);
      else if (st.isFile()) {
        out.total += st.size;
        if (area === 'blobs') out.blobs += st.size;
        else if (area.startsWith('vault.db')) out.database += st.size;
        else out.other += st.size;
      }
    }
  };
  walk(root, '');
  return out;
}

function countKinds(records: Iterable<StoredRecord>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) out[r.kind] = (out[r.kind] ?? 0) + 1;
  return out;
}

const stats = defineCommand({
  path: ['vault', 'stats'],
  group: 'Vault',
  summary: 'Record counts by kind, audit entries, blob files, bytes on disk',
  usage: '<dir> [--witness] [--json]',
  positionals: [DIR],
  options: { witness: WITNESS_FLAG },
  env: [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'also count witness records by kind (optional)' }],
  async run(ctx) {
    const dir = ctx.arg(0);
    const s = await withVault(ctx, dir, async (vault) => {
      const witnessPass = await optionalWitnessPassphrase(ctx);
      if (witnessPass !== undefined) await vault.unlockWitness(witnessPass);
      const repo = new Repository(vault);
      const byKind = repo.countsByKind();
      return {
        records: { total: repo.size, byKind: Object.fromEntries(Object.entries(byKind).sort(([a], [b]) => a.localeCompare(b))) },
        witnessRecords: {
          total: rowCount(vault, 'witness_records'),
          byKind: vault.witnessUnlocked ? countKinds(vault.store.scan('witness_records')) : null,
        },
        audit: { entries: vault.audit.count(), signedHeads: rowCount(vault, 'audit_heads') },
        blobs: { files: vault.blobs.listOnDisk().length },
      };
    });
    // Measured after the lock, when the WAL has been checkpointed into the database file.
    const disk = folderBytes(dir);
    const json = { dir, ...s, blobs: { ...s.blobs, bytes: disk.blobs }, disk: { bytes: disk.total, database: disk.database, blobs: disk.blobs, other: disk.other } };
    const kindRows = Object.entries(s.records.byKind);
    const w = Math.max(12, ...kindRows.map(([k]) => k.length));
    const text = [
      `Vault ${dir}`,
      `  records          ${s.records.total}`,
      ...kindRows.map(([k, n]) => `    ${k.padEnd(w)} ${n}`),
      `  witness records  ${s.witnessRecords.total}${s.witnessRecords.byKind ? '' : ' (compartment locked: not broken down)'}`,
      ...(s.witnessRecords.byKind ? Object.entries(s.witnessRecords.byKind).map(([k, n]) => `    ${k.padEnd(w)} ${n}`) : []),
      `  audit entries    ${s.audit.entries} (${plural(s.audit.signedHeads, 'signed head')})`,
      `  blob files       ${s.blobs.files} (${formatBytes(disk.blobs)})`,
      `  on disk          ${formatBytes(disk.total)} (database ${formatBytes(disk.database)}, blobs ${formatBytes(disk.blobs)}, other ${formatBytes(disk.other)})`,
    ].join('\n');
    return { json, text };
  },
});

export const vaultCommands: Command[] = [init, passwd, witnessPasswd, recover, newRecoveryKey, check, acceptRollback, stats];
