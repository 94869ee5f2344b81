/**
 * From one identity to the terms the matcher looks for. What is redacted outright and what is only flagged
 * for a person's review:
 *
 *   redact  full name, other names and nicknames (as whole names); every ordered pair of name parts
 *           (given+father, given+family, father+grandfather … and each reversed); phone numbers (last 9
 *           digits, any separators), ID and passport numbers; the address and each of its comma-separated
 *           parts of two words or more.
 *   review  each single name part (a given name alone is often a common word or another person's name: a
 *           person decides), the place and date of birth, single distinctive words of the address.
 *
 * Name parts are the given/father/grandfather/family fields when recorded, and the words of the full name and
 * of each other name otherwise, so "Yonas Tesfamariam Berhe" also protects "Yonas Tesfamariam" and "Berhe,
 * Yonas".
 */
import type { WitnessIdentity } from '../../../shared/model/records';
import { datePattern, numberPattern, termTokens, type Term, type TermToken } from './matcher';

/** Name parts shorter than this (in letters) are not flagged alone: too many false hits to review. */
const MIN_PART = 3;

export interface IdentityInput extends Partial<WitnessIdentity> {
  fullName?: string;
}

function nameTerm(field: string, text: string | TermToken[], action: 'redact' | 'review', replacement: string): Term | null {
  const tokens = typeof text === 'string' ? termTokens(text) : text;
  if (tokens.length === 0) return null;
  return { kind: 'name', field, action, tokens, replacement };
}

/** The terms that find one identity in text; `replacement` is what a redacted name becomes (the pseudonym). */
export function identityTerms(id: IdentityInput, replacement: string): Term[] {
  const terms: Term[] = [];
  const push = (t: Term | null) => {
    if (t) terms.push(t);
  };
  const names = [id.fullName, ...(id.otherNames ?? []), ...(id.nicknames ?? [])].filter((n): n is string => !!n?.trim());
  for (const n of names) push(nameTerm(n === id.fullName ? 'full name' : 'other name', n, 'redact', replacement));

  // Parts: recorded fields first, then every word of every name (a part may itself be several tokens).
  const parts: { field: string; tokens: TermToken[] }[] = [];
  const seen = new Set<string>();
  const addPart = (field: string, toks: TermToken[]) => {
    const k = toks.map((t) => t.norm).join(' ');
    if (!k || seen.has(k)) return;
    seen.add(k);
    parts.push({ field, tokens: toks });
  };
  for (const [field, v] of [
    ['given name', id.givenName],
    ["father's name", id.fatherName],
    ["grandfather's name", id.grandfatherName],
    ['family name', id.familyName],
  ] as const) {
    if (v?.trim()) addPart(field, termTokens(v));
  }
  for (const n of names) for (const t of termTokens(n)) addPart('name part', [t]);
  if (id.fullName === undefined && parts.length) {
    // No full name recorded: the parts in their usual order are one.
    push(nameTerm('full name', parts.flatMap((p) => p.tokens), 'redact', replacement));
  }
  for (let i = 0; i < parts.length; i++) {
    for (let j = 0; j < parts.length; j++) {
      if (i !== j) push(nameTerm('two name parts', [...parts[i]!.tokens, ...parts[j]!.tokens], 'redact', replacement));
    }
  }
  for (const p of parts) {
    if (p.tokens.map((t) => t.norm).join('').length >= MIN_PART) push(nameTerm(p.field, p.tokens, 'review', replacement));
  }

  const phones = [id.phone, ...(id.contact ? id.contact.split(/[,;\n]/) : [])].filter((x): x is string => !!x?.trim());
  for (const ph of phones) {
    const re = numberPattern(ph, 'phone');
    if (re) terms.push({ kind: 'pattern', field: 'phone', action: 'redact', re, replacement: '[redacted]' });
  }
  for (const n of id.idNumbers ?? []) {
    const re = numberPattern(n, 'id');
    if (re) terms.push({ kind: 'pattern', field: 'ID number', action: 'redact', re, replacement: '[redacted]' });
  }
  if (id.address?.trim()) {
    push(nameTerm('address', id.address, 'redact', '[redacted address]'));
    for (const seg of id.address.split(/[,;\n]/)) {
      const toks = termTokens(seg);
      if (toks.length >= 2) push(nameTerm('address', toks, 'redact', '[redacted address]'));
      for (const t of toks) if (t.norm.length >= 5 && !/^\d+$/.test(t.norm)) push(nameTerm('address word', [t], 'review', '[redacted address]'));
    }
  }
  if (id.placeOfBirth?.trim()) push(nameTerm('place of birth', id.placeOfBirth, 'review', '[redacted place]'));
  if (id.dateOfBirth?.trim()) {
    const re = datePattern(id.dateOfBirth);
    if (re) terms.push({ kind: 'pattern', field: 'date of birth', action: 'review', re, replacement: '[redacted date]' });
  }
  return terms;
}

/** Plain name terms for an entity that stands for a protected person (its recorded names). */
export function entityNameTerms(names: readonly string[], replacement: string): Term[] {
  const out: Term[] = [];
  for (const n of names) {
    const t = nameTerm('name of a protected person', n, 'redact', replacement);
    if (t) out.push(t);
  }
  return out;
}
