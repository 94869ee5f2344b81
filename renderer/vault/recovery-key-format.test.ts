import { describe, expect, it } from 'vitest';
import { normalizeRecoveryKeyInput, recoveryKeyGroups, recoveryKeyInputHint, recoveryKeyInputStatus, RECOVERY_KEY_CHARS } from './recovery-key-format';

const KEY = 'K7QX-M2PA-0RZT-9WVB-HJ3N-5CDE-8FGS-TY46-1KMP';

describe('recovery key formatting', () => {
  it('splits a key into its nine groups for display', () => {
    expect(recoveryKeyGroups(KEY)).toEqual(['K7QX', 'M2PA', '0RZT', '9WVB', 'HJ3N', '5CDE', '8FGS', 'TY46', '1KMP']);
    expect(recoveryKeyGroups(KEY.replace(/-/g, '').toLowerCase())).toHaveLength(9);
    expect(recoveryKeyGroups('')).toEqual([]);
  });

  it('normalises typed input the way the core parses it', () => {
    expect(normalizeRecoveryKeyInput('k7qx m2pa 0rzt')).toBe('K7QX-M2PA-0RZT');
    // O→0, I/L→1 (Crockford), as main/core/crypto/recovery-key.ts accepts them
    expect(normalizeRecoveryKeyInput('ORZT-iLKM')).toBe('0RZT-11KM');
    expect(normalizeRecoveryKeyInput(KEY.replace(/-/g, ' '))).toBe(KEY);
  });

  it('reports progress, invalid characters and overlong input', () => {
    expect(recoveryKeyInputStatus(KEY)).toEqual({ chars: RECOVERY_KEY_CHARS, complete: true, tooLong: false, invalid: [] });
    expect(recoveryKeyInputHint(KEY)).toBeNull();
    expect(recoveryKeyInputHint('K7QX-M2PA')).toBe('8 of 36 characters (9 groups of 4).');
    expect(recoveryKeyInputStatus('K7QU-M2PA').invalid).toEqual(['U']);
    expect(recoveryKeyInputHint('K7QU-M2PA')).toMatch(/“U” never appears in a recovery key/);
    expect(recoveryKeyInputHint(`${KEY}-AAAA`)).toMatch(/40 characters; a recovery key has 36/);
  });
});
