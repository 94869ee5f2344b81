import { describe, expect, it } from 'vitest';
import { assessPassphrase, MIN_PASSPHRASE_LENGTH, passphraseLength } from './passphrase-strength';

describe('assessPassphrase', () => {
  it('enforces the core minimum, counted in code points after NFC', () => {
    expect(assessPassphrase('').meetsMinimum).toBe(false);
    expect(assessPassphrase('').hint).toMatch(/at least 10 characters/);
    expect(assessPassphrase('abcdefghi')).toMatchObject({ level: 0, label: 'Too short', hint: expect.stringMatching(/^1 more character needed/) });
    expect(assessPassphrase('xk q')).toMatchObject({ level: 0, hint: expect.stringMatching(/^6 more characters needed/) });
    // "é" typed as e + combining accent is one character after NFC, as the core counts it
    const decomposed = 'cafe\u0301 cafe\u0301'; // 11 UTF-16 units, 9 code points after NFC
    expect(passphraseLength(decomposed)).toBe(9);
    expect(assessPassphrase(decomposed).meetsMinimum).toBe(false);
    expect(MIN_PASSPHRASE_LENGTH).toBe(10);
  });

  it('flags well-known passwords, also padded with digits or symbols', () => {
    for (const p of ['password123', 'Password!!!!', 'qwertyuiop', 'letmein2024!']) {
      expect(assessPassphrase(p), p).toMatchObject({ level: 1, meetsMinimum: true, hint: expect.stringMatching(/well-known/) });
    }
  });

  it('flags repeats, sequences and keyboard runs', () => {
    for (const p of ['aaaaaaaaaaaa', '1234567890', 'abcdefghijkl', 'asdfghjkl;;;']) {
      expect(assessPassphrase(p), p).toMatchObject({ level: 1, hint: expect.stringMatching(/repeats or runs/) });
    }
  });

  it('rates a passphrase of unrelated words above a short mangled word', () => {
    const words = assessPassphrase('correct horse battery staple');
    const mangled = assessPassphrase('Tr0ub4dor&3');
    expect(words.level).toBeGreaterThanOrEqual(3);
    expect(mangled.level).toBeLessThanOrEqual(2);
    expect(words.bits).toBeGreaterThan(mangled.bits);
  });

  it('grows with more words and ends at Strong', () => {
    const levels = ['violet anchor', 'violet anchor medal', 'violet anchor medal orbit', 'violet anchor medal orbit canyon whisker'].map(
      (p) => assessPassphrase(p).level,
    );
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    expect(assessPassphrase('violet anchor medal orbit canyon whisker')).toMatchObject({ label: 'Strong' });
  });

  it('gives a non-empty hint at every level', () => {
    for (const p of ['', 'short', 'aaaaaaaaaaaa', 'violet anchor', 'violet anchor medal', 'correct horse battery staple', 'violet anchor medal orbit canyon whisker']) {
      expect(assessPassphrase(p).hint.length, p).toBeGreaterThan(3);
    }
  });
});
