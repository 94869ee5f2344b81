import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors';
import { describeError, ERROR_MESSAGES } from './messages';

describe('error messages', () => {
  it('has a plain-language sentence for every core error code', () => {
    for (const code of ERROR_CODES) {
      const m = ERROR_MESSAGES[code];
      expect(m, code).toMatch(/^[A-Z].*[.]$/);
      expect(m, code).not.toMatch(/[A-Z]{4,}_/); // no codes leaking into the text
    }
  });

  it('maps a wrong passphrase to something a person can act on, without the core wording', () => {
    expect(describeError({ code: 'WRONG_PASSPHRASE', message: 'wrong passphrase' })).toEqual({
      message: 'That passphrase is not right. Check Caps Lock and keyboard layout.',
    });
  });

  it('keeps the core detail where it helps, as a sentence, with where', () => {
    expect(describeError({ code: 'RECOVERY_KEY_MALFORMED', message: 'a recovery key has 36 characters in 9 groups of four; this one has 30' })).toEqual({
      message: ERROR_MESSAGES.RECOVERY_KEY_MALFORMED,
      detail: 'A recovery key has 36 characters in 9 groups of four; this one has 30.',
    });
    expect(describeError({ code: 'INVALID_INPUT', message: 'enter a passphrase', where: 'witnessPassphrase' }).detail).toBe('Enter a passphrase (witnessPassphrase).');
    expect(describeError({ code: 'HEADER_MISSING', message: 'there is no Sanctum vault in /v', where: '/v' }).detail).toBe('There is no Sanctum vault in /v.');
  });

  it('treats unknown codes and non-errors as INTERNAL', () => {
    expect(describeError({ code: 'NOPE', message: 'x' }).message).toBe(ERROR_MESSAGES.INTERNAL);
    expect(describeError(undefined).message).toBe(ERROR_MESSAGES.INTERNAL);
  });
});
