/** Vault, compartment, settings, session and audit-log channels. */
import { z } from 'zod';
import { AuditEntryView, AuditReport, Passphrase, Settings, VaultStatus } from '../schemas/vault';
import { Empty, type ChannelMap } from './common';

export const vaultChannels = {
  'vault.status': { request: Empty, response: VaultStatus },
  'vault.create': {
    request: z.object({ passphrase: Passphrase, witnessPassphrase: Passphrase.optional() }).strict(),
    response: z.object({ recoveryKey: z.string(), status: VaultStatus }),
  },
  'vault.unlock': { request: z.object({ passphrase: Passphrase }).strict(), response: VaultStatus },
  'vault.lock': { request: Empty, response: VaultStatus },
  'vault.changePassphrase': { request: z.object({ current: Passphrase, next: Passphrase }).strict(), response: VaultStatus },
  'vault.recover': { request: z.object({ recoveryKey: z.string().min(1).max(200), newPassphrase: Passphrase }).strict(), response: VaultStatus },

  'vault.rotateRecoveryKey': { request: z.object({ passphrase: Passphrase }).strict(), response: z.object({ recoveryKey: z.string() }) },

  'compartment.unlock': { request: z.object({ passphrase: Passphrase }).strict(), response: VaultStatus },
  'compartment.lock': { request: Empty, response: VaultStatus },
  'compartment.changePassphrase': { request: z.object({ current: Passphrase, next: Passphrase }).strict(), response: VaultStatus },

  'compartment.recover': { request: z.object({ recoveryKey: z.string().min(1).max(200), newPassphrase: Passphrase }).strict(), response: VaultStatus },

  'settings.get': { request: Empty, response: Settings },
  /**
   * A change that weakens locking (longer idle timeout, auto-lock or lock on lid close turned off) carries the
   * vault passphrase, checked in main; without it the answer is FORBIDDEN. Tightening needs none.
   */
  'settings.update': { request: Settings.partial().extend({ passphrase: Passphrase.optional() }).strict(), response: Settings },

  /** The renderer reports user input so the idle timer restarts. */
  'session.activity': { request: Empty, response: z.object({}) },

  'audit.verify': { request: Empty, response: AuditReport },
  'audit.list': {
    request: z.object({ limit: z.number().int().min(1).max(1000).default(200), beforeSeq: z.number().int().optional() }).strict(),
    response: z.object({ entries: z.array(AuditEntryView), total: z.number().int() }),
  },
} as const satisfies ChannelMap;
