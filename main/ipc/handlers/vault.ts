import { basename } from 'node:path';
import { exportAudit, queryAudit, ScreenNames } from '../../core/audit/audit-view';
import { SanctumError } from '../../core/errors';
import { weakensLocking } from '../../core/vault/settings';
import type { Handlers } from '../router';

type VaultHandlers = Pick<
  Handlers,
  | 'vault.status'
  | 'vault.create'
  | 'vault.unlock'
  | 'vault.lock'
  | 'vault.changePassphrase'
  | 'vault.recover'
  | 'vault.rotateRecoveryKey'
  | 'compartment.recover'
  | 'compartment.unlock'
  | 'compartment.lock'
  | 'compartment.changePassphrase'
  | 'settings.get'
  | 'settings.update'
  | 'session.activity'
  | 'audit.verify'
  | 'audit.list'
  | 'audit.export'
>;

export const vaultHandlers: VaultHandlers = {
  'vault.status': (_req, { session }) => session.status(),
  'vault.create': async (req, { session }) => {
    const { recoveryKey } = await session.create(req.passphrase, req.witnessPassphrase, {
      ...(req.analystName !== undefined ? { analystName: req.analystName } : {}),
      ...(req.deviceName !== undefined ? { deviceName: req.deviceName } : {}),
    });
    return { recoveryKey, status: session.status() };
  },
  'vault.unlock': async (req, { session }) => {
    await session.unlock(req.passphrase);
    return session.status();
  },
  'vault.lock': (_req, { session }) => {
    session.lock('user');
    return session.status();
  },
  'vault.changePassphrase': async (req, { session }) => {
    await session.changePassphrase(req.current, req.next);
    return session.status();
  },
  'vault.recover': async (req, { session }) => {
    await session.recover(req.recoveryKey, req.newPassphrase);
    return session.status();
  },
  'vault.rotateRecoveryKey': async (req, { session }) => ({ recoveryKey: await session.rotateRecoveryKey(req.passphrase) }),
  'compartment.recover': async (req, { session }) => {
    await session.recoverWitness(req.recoveryKey, req.newPassphrase);
    return session.status();
  },
  'compartment.unlock': async (req, { session }) => {
    await session.unlockWitness(req.passphrase);
    return session.status();
  },
  'compartment.lock': (_req, { session }) => {
    session.lockWitness();
    return session.status();
  },
  'compartment.changePassphrase': async (req, { session }) => {
    await session.changeWitnessPassphrase(req.current, req.next);
    return session.status();
  },
  'settings.get': (_req, { session }) => session.settings,
  'settings.update': async ({ passphrase, ...patch }, { session }) => {
    // A renderer must not be able to switch the lock off on its own: weakening needs the passphrase.
    if (weakensLocking(session.settings, patch)) {
      if (passphrase === undefined) throw new SanctumError('FORBIDDEN', 'enter the vault passphrase to make the vault lock later or less often', 'passphrase');
      await session.verifyPassphrase(passphrase);
    }
    return session.updateSettings(patch);
  },
  'session.activity': (_req, { session }) => {
    session.activity();
    return {};
  },
  'audit.verify': (_req, { session }) => session.vault().audit.verify(),
  'audit.list': (req, { session }) => {
    const ws = session.workspace();
    const q = queryAudit(session.vault().audit.entries(), ws.repo, req.filter ?? {}, new ScreenNames(ws));
    const upto = req.beforeSeq === undefined ? q.matches : q.matches.filter((e) => e.seq < req.beforeSeq!);
    return { entries: upto.slice(0, req.limit), total: q.total, matched: q.matches.length, facets: q.facets };
  },
  'audit.export': (req, { session, grants }) => {
    const path = grants.redeem(req.grant, 'write', 'audit.export');
    const r = exportAudit(session.workspace(), path, req.filter, req.format, req.offsetMinutes !== undefined ? { offsetMinutes: req.offsetMinutes } : {});
    return { ...r, name: basename(path) };
  },
};
