import { describe, expect, it } from 'vitest';
import { actionLabel, detailSummary, formatTimestamp, shortHash } from './audit-format';

describe('audit entry formatting', () => {
  it('labels known actions and keeps unknown ones verbatim', () => {
    expect(actionLabel('vault.locked')).toBe('Vault locked');
    expect(actionLabel('evidence.intake')).toBe('evidence.intake');
  });

  it('summarises details in words', () => {
    expect(detailSummary({ action: 'vault.locked', details: { reason: 'idle' } })).toBe('after inactivity');
    expect(detailSummary({ action: 'vault.created', details: { kdf: { opsLimit: 3, memLimitBytes: 67108864 }, separateWitnessPassphrase: true } })).toBe(
      'Argon2id 64 MiB, 3 passes · separate witness passphrase',
    );
    expect(detailSummary({ action: 'settings.updated', details: { idleLockMinutes: 0, lockOnSuspend: true } })).toBe('idle lock off · lock on suspend');
    expect(detailSummary({ action: 'x', target: { kind: 'entity', id: 'e1' }, details: { n: 2, o: { a: 1 } } })).toBe('entity e1 · n: 2 · o: {"a":1}');
    expect(detailSummary({ action: 'x' })).toBe('');
  });

  it('formats timestamps and hashes for reading', () => {
    expect(formatTimestamp('not a date')).toBe('not a date');
    expect(formatTimestamp('2025-03-04T14:05:09.000Z')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(12)}…`);
  });
});
