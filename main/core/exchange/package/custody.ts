/**
 * The custody excerpt, sanctum/custody.jsonl: for every item in the package, its whole chain of custody from
 * the vault's audit log, one entry per line exactly as the log holds it (ARCHITECTURE.md §3, audit entry
 * format), chains ordered by item id and entries by sequence number.
 *
 * Anyone can recheck it without the vault: each entry's hash is SHA-256 of the canonical JSON of the entry
 * without `hash`; `custody.prev` links an item's entries; the chain starts at intake with `custody.prev` null.
 * The export appends one `custody.exported` entry per item, all in one transaction, so those entries are
 * consecutive in the global log (`prev` links them) and the last one is the log head signed for the export
 * (sanctum/log-head.json): that signature therefore covers every chain in the excerpt.
 */
import { z } from 'zod';
import { hashEntry, type AuditEntry } from '../../audit/audit-log';
import { splitLines } from './tag-text';

/** Actions that open an item's chain (intake of a file, recording of a statement). */
export const CHAIN_START_ACTIONS = ['custody.intake', 'custody.statement_recorded'];
export const EXPORT_ACTION = 'custody.exported';

const Entry = z
  .object({
    seq: z.number().int().min(1),
    ts: z.string(),
    actor: z.string(),
    action: z.string(),
    target: z.object({ kind: z.string(), id: z.string() }).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    custody: z.object({ item: z.string(), prev: z.string().nullable() }),
    prev: z.string(),
    hash: z.string(),
  })
  .strict();

export function serializeCustody(chains: ReadonlyMap<string, readonly AuditEntry[]>): string {
  const ids = [...chains.keys()].sort();
  return ids.map((id) => chains.get(id)!.map((e) => `${JSON.stringify(e)}\n`).join('')).join('');
}

export interface CustodyChain {
  item: string;
  entries: AuditEntry[];
  problems: string[];
}

export function parseCustody(text: string): { chains: Map<string, CustodyChain>; lineProblems: string[] } {
  const chains = new Map<string, CustodyChain>();
  const lineProblems: string[] = [];
  for (const { n, text: line } of splitLines(text)) {
    if (line.trim() === '') continue;
    let parsed: AuditEntry;
    try {
      parsed = Entry.parse(JSON.parse(line)) as AuditEntry;
    } catch {
      lineProblems.push(`line ${n} is not a custody entry`);
      continue;
    }
    const item = parsed.custody!.item;
    let c = chains.get(item);
    if (!c) chains.set(item, (c = { item, entries: [], problems: [] }));
    c.entries.push(parsed);
  }
  for (const c of chains.values()) checkChain(c);
  return { chains, lineProblems };
}

/** Recompute hashes and follow custody.prev from intake to the end; problems go into the chain. */
function checkChain(c: CustodyChain): void {
  c.entries.sort((a, b) => a.seq - b.seq);
  let prev: AuditEntry | null = null;
  for (const e of c.entries) {
    const { hash, ...body } = e;
    if (hashEntry(body) !== hash) c.problems.push(`entry #${e.seq} (${e.action}) does not match its hash: it was altered`);
    if (prev === null) {
      if (e.custody!.prev !== null) c.problems.push(`the chain does not start at intake: entry #${e.seq} (${e.action}) follows an entry that is not in the excerpt`);
      else if (!CHAIN_START_ACTIONS.includes(e.action)) c.problems.push(`the chain starts with ${e.action}, not with an intake`);
    } else {
      if (e.seq === prev.seq) c.problems.push(`entry #${e.seq} appears twice`);
      else if (e.custody!.prev !== prev.hash) c.problems.push(`entry #${e.seq} (${e.action}) does not follow entry #${prev.seq}: the chain is broken (an entry is missing, altered or reordered)`);
    }
    prev = e;
  }
}

/**
 * The export's own entries (one per item, for this package): they must be consecutive in the global log, and
 * the last must be the signed head. Returns problems; empty when anchored.
 */
export function checkExportAnchor(chains: ReadonlyMap<string, CustodyChain>, packageId: string, head: { seq: number; hash: string } | null): string[] {
  const exports = [...chains.values()]
    .flatMap((c) => c.entries)
    .filter((e) => e.action === EXPORT_ACTION && (e.details as { packageId?: unknown } | undefined)?.packageId === packageId)
    .sort((a, b) => a.seq - b.seq);
  const problems: string[] = [];
  if (exports.length === 0) return chains.size ? ['no custody entry records this export'] : [];
  for (let i = 1; i < exports.length; i++) {
    const a = exports[i - 1]!;
    const b = exports[i]!;
    if (b.seq !== a.seq + 1 || b.prev !== a.hash) problems.push(`the export entries #${a.seq} and #${b.seq} are not consecutive in the log`);
  }
  const last = exports.at(-1)!;
  if (!head) problems.push('there is no signed log head to anchor the chains');
  else if (head.seq !== last.seq || head.hash !== last.hash) {
    problems.push(`the signed log head (#${head.seq}) is not the export's last entry (#${last.seq}): the excerpt is not the one that was signed`);
  }
  return problems;
}
