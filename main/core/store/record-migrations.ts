/**
 * Record migrations, keyed by kind and version (issue 16). Every sealed record carries `v`, the version of its
 * kind's data when it was written. When a kind's data changes shape, its version goes up here with an upgrade
 * from the version before; the repository upgrades old records as it reads the vault (in memory — the sealed
 * row is rewritten, with the new version, the next time the record itself is written) and stamps new records
 * with the current version. Readers then ask `rec.v`, never the shape of the data.
 *
 * Kinds not listed are at version 1.
 */
import type { CaseRecordKind } from '../../../shared/model/records';
import type { StoredRecord } from './sealed-store';

/**
 * One step, from version n to n + 1: the data at n + 1, or `null` when the record cannot be upgraded while it
 * is read (the work needs more than the record, such as writing a blob); it then stays at n until a service
 * upgrades it and writes it back.
 */
type Upgrade = (data: Record<string, unknown>) => Record<string, unknown> | null;

interface KindHistory {
  current: number;
  /** `upgrades[n]` takes version n to n + 1. */
  upgrades: Record<number, Upgrade>;
}

export const RECORD_HISTORY: { readonly [K in CaseRecordKind]?: KindHistory } = {
  list_snapshot: {
    current: 2,
    // v2 keeps the parsed entries in an encrypted blob, not in the record. Snapshots written with a blob
    // before versions were stamped say v1 and are v2 already; those with their entries inline stay v1 until
    // ScreeningService.migrateLegacySnapshots writes the blob.
    upgrades: { 1: (d) => (d.blob !== undefined && d.entries === undefined ? d : null) },
  },
  evidence_text: {
    current: 2,
    // v2 keeps the pages (text, OCR words) in a sealed blob (`body`) and only their number, method and confidence
    // in the record, so unlock does not decrypt every document's text. A v1 record (pages inline) needs a blob
    // written: it stays v1, readable as it is (documents/text-store.ts), until
    // DocumentTextService.migrateInlineTexts moves them all in one transaction.
    upgrades: { 1: () => null },
  },
};

function historyOf(kind: string): KindHistory | undefined {
  return Object.prototype.hasOwnProperty.call(RECORD_HISTORY, kind) ? RECORD_HISTORY[kind as CaseRecordKind] : undefined;
}

/** The version a record of this kind is written at now. */
export function currentVersion(kind: string): number {
  return historyOf(kind)?.current ?? 1;
}

/** The record at the newest version its data can reach on read; the same object when nothing changes. */
export function upgradeRecord<T>(rec: StoredRecord<T>): StoredRecord<T> {
  const history = historyOf(rec.kind);
  if (!history) return rec;
  let out: StoredRecord<T> = rec;
  while (out.v < history.current) {
    const step = history.upgrades[out.v];
    if (!step) throw new Error(`no upgrade for ${rec.kind} records from version ${out.v}`);
    const data = step(out.data as Record<string, unknown>);
    if (data === null) break;
    out = { ...out, v: out.v + 1, data: data as T };
  }
  return out;
}
