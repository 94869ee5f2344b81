/** Vault, compartment, settings, session and audit-log channels. */
import { z } from 'zod';
import { Grant } from '../grants';
import { AuditEntryView, AuditFacets, AuditFilter, AuditReport, Passphrase, Settings, VaultStatus } from '../schemas/vault';
import { Empty, type ChannelMap } from './common';

export const vaultChannels = {
  'vault.status': { request: Empty, response: VaultStatus },
  'vault.create': {
    request: z
      .object({
        passphrase: Passphrase,
        witnessPassphrase: Passphrase.optional(),
        /** Who will work in this vault, and on which computer: the actor of every audit entry. */
        analystName: z.string().max(200).optional(),
        deviceName: z.string().max(200).optional(),
      })
      .strict(),
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
    request: z
      .object({ limit: z.number().int().min(1).max(1000).default(200), beforeSeq: z.number().int().optional(), filter: AuditFilter.optional() })
      .strict(),
    /** `entries`: the newest matches (before `beforeSeq`); `matched`: all matches; `total`: the whole log. */
    response: z.object({ entries: z.array(AuditEntryView), total: z.number().int(), matched: z.number().int(), facets: AuditFacets }),
  },
  /** Write the filtered log (JSON or CSV, with the verification of the whole chain) to a file the person chose. */
  'audit.export': {
    request: z
      .object({
        grant: Grant,
        format: z.enum(['json', 'csv']),
        filter: AuditFilter.default({}),
        /** The renderer's UTC offset in minutes east, so times read as on screen. */
        offsetMinutes: z.number().int().min(-14 * 60).max(14 * 60).optional(),
      })
      .strict(),
    response: z.object({
      name: z.string(),
      entries: z.number().int(),
      total: z.number().int(),
      format: z.enum(['json', 'csv']),
      verification: AuditReport,
      identitiesChecked: z.boolean(),
      redactions: z.number().int(),
    }),
  },
} as const satisfies ChannelMap;
