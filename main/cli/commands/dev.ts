/** `sanctum dev …`: development and test commands (crash test, benchmarks). Not for case work. */
import { Repository } from '../../core/store/repository';
import { defineCommand, UsageError, type Command } from '../registry';
import { SYNTHETIC_KIND, syntheticRecord, type SyntheticData } from '../synthetic';
import { ENV_PASSPHRASE, withVault } from '../vault-access';

const fill = defineCommand({
  path: ['dev', 'fill'],
  group: 'Development',
  summary: 'Bulk-write N synthetic records (crash test, benchmarks)',
  usage: '<dir> --count N [--batch B] [--canary TEXT]',
  description: `
Writes N deterministic synthetic records of kind "${SYNTHETIC_KIND}", continuing after the highest index already
in the vault, one transaction (with its audit entry) per batch of B. After each commit it prints
"committed <lastIndex>" on stdout (on stderr with --json), so a record reported committed is on disk.
--canary adds TEXT to every record (to prove that it never appears in the vault folder).`,
  positionals: [{ name: 'dir', description: 'the vault folder', path: true }],
  options: {
    count: { type: 'string', valueName: 'N', description: 'how many records to write' },
    batch: { type: 'string', valueName: 'B', description: 'records per transaction (default 500)' },
    canary: { type: 'string', valueName: 'TEXT', description: 'text to put in every record' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    const count = ctx.int('count', { min: 0, max: 100_000_000 });
    if (count === undefined) throw new UsageError('--count N is required', ctx.command);
    const batch = ctx.int('batch', { min: 1, max: 1_000_000, default: 500 })!;
    const canary = ctx.string('canary');
    const started = Date.now();
    const result = await withVault(ctx, dir, (vault) => {
      const repo = new Repository(vault);
      let next = 0;
      for (const r of repo.ofKind<SyntheticData>(SYNTHETIC_KIND)) next = Math.max(next, r.data.i + 1);
      const first = next;
      const end = first + count;
      while (next < end) {
        const from = next;
        const to = Math.min(end, from + batch) - 1;
        repo.transact({ action: 'dev.fill', details: { from, to } }, (tx) => {
          for (let i = from; i <= to; i++) tx.insert(SYNTHETIC_KIND, syntheticRecord(i, canary));
        });
        next = to + 1;
        ctx.progress(`committed ${to}`);
      }
      return { first, last: next - 1, count, total: repo.countOfKind(SYNTHETIC_KIND) };
    });
    const seconds = (Date.now() - started) / 1000;
    return {
      json: { dir, ...result, batch, seconds },
      text: count ? `done: ${count} records (indices ${result.first}..${result.last}), ${result.total} synthetic records in the vault` : 'done: nothing to write',
    };
  },
});

export const devCommands: Command[] = [fill];
