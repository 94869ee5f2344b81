/**
 * A rough, honest strength hint for passphrases. It is not a password cracker's estimate: it rewards what
 * actually helps against an offline guesser with a seized laptop (length, unrelated words) and marks what
 * does not (repeats, keyboard runs, well-known passwords). The only hard rule is the core's: at least
 * MIN_PASSPHRASE_LENGTH characters, counted the same way (Unicode code points after NFC).
 */

import { MIN_PASSPHRASE_LENGTH } from '../../shared/vault-policy';

export { MIN_PASSPHRASE_LENGTH };

export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

export interface StrengthHint {
  level: StrengthLevel;
  label: 'Too short' | 'Weak' | 'Fair' | 'Good' | 'Strong';
  /** One short sentence: what to do next, or why this is fine. */
  hint: string;
  meetsMinimum: boolean;
  /** Rough bits of guessing work, for tests and the meter. */
  bits: number;
}

const COMMON = new Set([
  'password', 'passphrase', 'passwort', 'motdepasse', 'contraseña', 'qwerty', 'qwertyuiop', 'azerty', 'letmein',
  'welcome', 'iloveyou', 'admin', 'administrator', 'sanctum', 'monkey', 'dragon', 'football', 'sunshine',
  'princess', 'trustno', 'secret', 'changeme', 'abc', 'abcdef', 'abcdefgh', 'default', 'master', 'login',
]);

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'azertyuiop', 'qsdfghjklm', 'wxcvbn', '1234567890'];

/** Length as the core counts it. */
export function passphraseLength(passphrase: string): number {
  return [...passphrase.normalize('NFC')].length;
}

function isLetter(ch: string): boolean {
  return /\p{L}/u.test(ch);
}

function isDigit(ch: string): boolean {
  return /\p{Nd}/u.test(ch);
}

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function isKeyboardStep(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return KEYBOARD_ROWS.some((row) => {
    const i = row.indexOf(x);
    return i >= 0 && (row[i + 1] === y || row[i - 1] === y);
  });
}

function isSequenceStep(a: string, b: string): boolean {
  const d = (b.toLowerCase().codePointAt(0) ?? 0) - (a.toLowerCase().codePointAt(0) ?? 0);
  return (d === 1 || d === -1) && (isLetter(a) || isDigit(a)) && (isLetter(b) || isDigit(b));
}

type Step = 'repeat' | 'sequence' | 'keyboard' | null;

function stepKind(a: string, b: string): Step {
  if (!a) return null;
  if (a === b) return 'repeat';
  if (isSequenceStep(a, b)) return 'sequence';
  if (isKeyboardStep(a, b)) return 'keyboard';
  return null;
}

/**
 * Bits per character, by what the character adds to a guesser's work. A character that extends a run
 * (a third identical character, the third step of abc / 123 / qwe) adds almost nothing; two-character
 * coincidences ("ll", "st", "er") are ordinary in words and not penalised.
 */
function estimateBits(chars: string[]): { bits: number; predictable: number } {
  let bits = 0;
  const inRuns = new Set<number>();
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const prev = i > 0 ? chars[i - 1]! : '';
    const step = stepKind(prev, ch);
    if (step && i > 1 && stepKind(chars[i - 2]!, prev) === step) {
      [i - 2, i - 1, i].forEach((k) => inRuns.add(k));
      bits += 0.5;
      continue;
    }
    if (/\s/u.test(ch)) bits += 1; // a word separator
    else if (isDigit(ch)) bits += 3.3;
    else if (isLetter(ch)) {
      const continuesWord = prev !== '' && isLetter(prev) && isUpper(prev) === isUpper(ch);
      bits += continuesWord ? 2 : 4;
      if (isUpper(ch) && !continuesWord && i > 0) bits += 1;
      if (ch.codePointAt(0)! > 0x7f) bits += 1; // beyond ASCII: a larger alphabet
    } else bits += 5; // punctuation and symbols
  }
  return { bits, predictable: inRuns.size };
}

function isCommon(passphrase: string): boolean {
  const core = passphrase.toLowerCase().normalize('NFC').replace(/[\s\d\p{P}\p{S}]+/gu, '');
  // also catches "password1234", "Qwerty!!!" …: a common word padded with digits or symbols
  return COMMON.has(core);
}

export function assessPassphrase(passphrase: string): StrengthHint {
  const chars = [...passphrase.normalize('NFC')];
  const length = chars.length;
  const { bits, predictable } = estimateBits(chars);
  const rounded = Math.round(bits);
  if (length < MIN_PASSPHRASE_LENGTH) {
    const missing = MIN_PASSPHRASE_LENGTH - length;
    return {
      level: 0,
      label: 'Too short',
      hint:
        length === 0
          ? `Use at least ${MIN_PASSPHRASE_LENGTH} characters. A few unrelated words work well.`
          : `${missing} more character${missing === 1 ? '' : 's'} needed. A few unrelated words work well.`,
      meetsMinimum: false,
      bits: rounded,
    };
  }
  if (isCommon(passphrase)) {
    return { level: 1, label: 'Weak', hint: 'This is a well-known password that guessers try first. Choose something else.', meetsMinimum: true, bits: Math.min(rounded, 10) };
  }
  if (predictable * 2 >= length) {
    return { level: 1, label: 'Weak', hint: 'Mostly repeats or runs like 1234, abcd or qwerty. Use unrelated words instead.', meetsMinimum: true, bits: rounded };
  }
  if (bits < 40) return { level: 1, label: 'Weak', hint: 'Add two or three more unrelated words.', meetsMinimum: true, bits: rounded };
  if (bits < 55) return { level: 2, label: 'Fair', hint: 'Add another unrelated word.', meetsMinimum: true, bits: rounded };
  if (bits < 75) return { level: 3, label: 'Good', hint: 'One more word makes it stronger still.', meetsMinimum: true, bits: rounded };
  return { level: 4, label: 'Strong', hint: 'Long and unpredictable enough to resist guessing.', meetsMinimum: true, bits: rounded };
}
