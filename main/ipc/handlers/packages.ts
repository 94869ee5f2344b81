/** Evidence packages over IPC: preview, export and import as jobs with progress, verify, decrypt, recipient key. */
import { basename, dirname } from 'node:path';
import { SanctumError } from '../../core/errors';
import {
  decryptPackage,
  exportPackage,
  importPackage,
  knownFingerprints,
  planPackage,
  previewPackage,
  recipientKey,
  sniffInput,
  verifyBag,
} from '../../core/exchange/package';
import type { CallContext, Handlers } from '../router';

type PackageHandlers = Pick<Handlers, 'package.preview' | 'package.export' | 'package.verify' | 'package.import' | 'package.decrypt' | 'package.recipientKey'>;

/** The unlocked vault's known signers, or none when the vault is locked (every signer is then unknown). */
function optionalKnownSigners(ctx: CallContext): string[] {
  try {
    const ws = ctx.session.workspace();
    return knownFingerprints(ws.repo, ws.ctx.vault);
  } catch (e) {
    if (e instanceof SanctumError && e.code === 'VAULT_LOCKED') return [];
    throw e;
  }
}

/** The unlocked vault's recipient key, or null when the vault is locked (verify then works without it). */
function optionalRecipient(ctx: CallContext) {
  try {
    return recipientKey(ctx.session.workspace().repo);
  } catch (e) {
    if (e instanceof SanctumError && e.code === 'VAULT_LOCKED') return null;
    throw e;
  }
}

/** The save dialog may hand back a name without the extension the packaging needs: add it, so we write what was chosen. */
function withExtension(path: string, packaging: 'directory' | 'tar' | 'tar.gz', encrypted: boolean): string {
  if (encrypted || packaging === 'directory') return path;
  const want = packaging === 'tar' ? /\.tar$/i : /\.(tar\.gz|tgz)$/i;
  return want.test(path) ? path : `${path}.${packaging}`;
}

/** A package folder is chosen by its bagit.txt (dialogs pick files); the package is the folder. */
function packagePath(path: string): string {
  return basename(path).toLowerCase() === 'bagit.txt' ? dirname(path) : path;
}

export const packageHandlers: PackageHandlers = {
  'package.preview': (r, ctx) => previewPackage(ctx.session.workspace(), r),

  'package.export': async (r, ctx) => {
    const outPath = withExtension(ctx.grants.redeem(r.out, 'write', 'package.export', 'out'), r.packaging, r.recipients.length > 0);
    const ws = ctx.session.workspace();
    const total = planPackage(ws, r).bytes;
    const { path: written, ...rest } = await ctx.jobs.run(r.jobId, `Exporting ${basename(outPath)}`, total, (signal, progress) =>
      exportPackage(ws, {
        caseId: r.caseId,
        selection: r.selection,
        profile: r.profile,
        recipients: r.recipients,
        outPath,
        organization: r.organization,
        ...(r.description ? { description: r.description } : {}),
        ...(r.review ? { review: r.review } : {}),
        signal,
        onProgress: (p) => {
          if (p.phase === 'writing') progress(p.done);
        },
      }),
    );
    // The summary offers to check what was just written: a read grant for that, and only that.
    const items = rest.items.map(({ path: inBag, ...i }) => ({ ...i, inBag }));
    const texts = rest.texts.map(({ path: inBag, of: fileInBag, ...t }) => ({ ...t, inBag, fileInBag }));
    return { ...rest, items, texts, name: basename(written), verifyGrant: ctx.grants.issue(written, 'read', 'package.verify').grant };
  },

  'package.verify': async (r, ctx) => {
    const path = packagePath(ctx.grants.redeem(r.grant, 'read', 'package.verify'));
    const name = basename(path);
    const encrypted = (await sniffInput(path)) === 'encrypted';
    const recipient = encrypted ? optionalRecipient(ctx) : null;
    if (encrypted && !recipient) throw new SanctumError('VAULT_LOCKED', 'this package is encrypted: unlock the vault it was sent to, then verify again', name);
    const run = async (signal?: AbortSignal, progress?: (n: number) => void) => {
      const { path: _checked, ...report } = await verifyBag(path, {
        ...(recipient ? { recipient } : {}),
        ...(r.expectSigner ? { expectSigner: r.expectSigner } : {}),
        knownSigners: optionalKnownSigners(ctx),
        ...(signal ? { signal } : {}),
        onProgress: (p) => progress?.(p.done),
      });
      // The person chose this package once; importing what they just checked needs no second dialog.
      return {
        ...report,
        name,
        importGrant: ctx.grants.issue(path, 'read', 'package.import').grant,
        verifyGrant: ctx.grants.issue(path, 'read', 'package.verify').grant,
      };
    };
    return r.jobId ? ctx.jobs.run(r.jobId, `Checking ${name}`, null, run) : run();
  },

  'package.import': async (r, ctx) => {
    const path = packagePath(ctx.grants.redeem(r.grant, 'read', 'package.import'));
    const ws = ctx.session.workspace();
    return ctx.jobs.run(r.jobId, `Importing ${basename(path)}`, null, (signal, progress) =>
      importPackage(ws, path, {
        ...(r.caseId ? { caseId: r.caseId } : {}),
        ...(r.expectSigner ? { expectSigner: r.expectSigner } : {}),
        ...(r.trustSigner ? { trustSigner: r.trustSigner } : {}),
        signal,
        onProgress: (p) => progress(p.done),
      }).then(({ report: { path: _p, ...report }, items, texts, ...rest }) => ({
        ...rest,
        // Item paths are inside the bag; named inBag so the contract carries no field that reads as a file path.
        items: items.map(({ path: inBag, ...i }) => ({ ...i, inBag })),
        texts: texts.map(({ path: inBag, ...t }) => ({ ...t, inBag })),
        report: { ...report, name: basename(path), importGrant: null, verifyGrant: null },
      })),
    );
  },

  'package.decrypt': async (r, ctx) => {
    // Both grants are used up whatever happens next, so neither can be replayed.
    let path: string | null = null;
    let outPath: string | null = null;
    try {
      path = ctx.grants.redeem(r.grant, 'read', 'package.decrypt');
    } finally {
      outPath = ctx.grants.redeem(r.out, 'write', 'package.decrypt', 'out');
    }
    const inPath = path;
    const key = recipientKey(ctx.session.workspace().repo);
    if ((await sniffInput(inPath)) !== 'encrypted') throw new SanctumError('UNSUPPORTED_FORMAT', 'not an encrypted package', basename(inPath));
    return ctx.jobs.run(r.jobId, `Decrypting ${basename(inPath)}`, null, async (signal) => {
      const written = await decryptPackage(inPath, outPath, key, { signal });
      return { name: basename(written), verifyGrant: ctx.grants.issue(written, 'read', 'package.verify').grant };
    });
  },

  'package.recipientKey': (_r, ctx) => {
    const k = recipientKey(ctx.session.workspace().repo);
    return { publicKey: k.text, fingerprint: k.fingerprint };
  },
};
