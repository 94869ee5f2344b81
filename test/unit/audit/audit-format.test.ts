import { describe, expect, it } from 'vitest';
import { actionLabel, detailSummary, formatTimestamp, shortHash, targetLabel } from '../../../shared/audit-format';

describe('audit entry formatting', () => {
  it('labels known actions and names unknown ones as unknown', () => {
    expect(actionLabel('vault.locked')).toBe('Vault locked');
    expect(actionLabel('export.listing_proposal')).toBe('Listing proposal exported');
    expect(actionLabel('evidence.intake')).toBe('Unknown action (evidence.intake)');
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

  it('names the target and referenced records when main resolved them', () => {
    expect(targetLabel({ kind: 'witness', id: 'w1', name: 'W-3' })).toBe('witness “W-3”');
    expect(detailSummary({ action: 'x', target: { kind: 'entity', id: 'e1', name: 'Ivan Petrov' }, details: { caseId: 'c1' }, refs: { c1: 'Operation Lark' } })).toBe(
      'entity “Ivan Petrov” · case: Operation Lark',
    );
  });

  it('writes full timestamps with the offset of the time zone', () => {
    expect(formatTimestamp('not a date')).toBe('not a date');
    expect(formatTimestamp('2025-03-04T14:05:09.120Z', 60)).toBe('2025-03-04T15:05:09.120+01:00');
    expect(formatTimestamp('2025-03-04T00:30:00.000Z', -330)).toBe('2025-03-03T19:00:00.000-05:30');
    expect(formatTimestamp('2025-03-04T14:05:09.000Z', 0)).toBe('2025-03-04T14:05:09.000+00:00');
    // Default: this computer's zone, and the text parses back to the same instant.
    const local = formatTimestamp('2025-07-01T10:00:00.000Z');
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
    expect(new Date(local).toISOString()).toBe('2025-07-01T10:00:00.000Z');
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(12)}…`);
  });
});
