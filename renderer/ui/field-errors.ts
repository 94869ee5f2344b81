/**
 * Errors by field, pure (no React): the checks the forms share before sending, and the core's refusal mapped
 * onto the field it names. The router names a field by its path in the request ("data.title",
 * "patch.place.country", "identity.fullName"); a core service by its path in the record ("title").
 */
import { parsePartialDate } from '../../shared/model/partial-date';
import { parseCountryCodes } from './format';

export type FieldErrors = Partial<Record<string, string>>;

/** The envelopes a request wraps a record in; the field is what follows. */
const ENVELOPES = ['data.', 'patch.', 'identity.'];

/** The core's `where` as a path in the record: "data.place.country" -> "place.country". */
export function recordPath(where: string): string {
  for (const e of ENVELOPES) if (where.startsWith(e)) return where.slice(e.length);
  return where;
}

/** Which of `fields` an INVALID_INPUT error is about ("aliases.0.value" -> "aliases"), or null. */
export function fieldOf(error: unknown, fields: readonly string[]): string | null {
  const e = error as { code?: unknown; where?: unknown } | null | undefined;
  if (!e || e.code !== 'INVALID_INPUT' || typeof e.where !== 'string' || !e.where) return null;
  const paths = [e.where, recordPath(e.where)];
  // Longest field first, so "victims.0.count" wins over "victims".
  const byLength = [...fields].sort((a, b) => b.length - a.length);
  for (const f of byLength) if (paths.some((p) => p === f || p.startsWith(`${f}.`))) return f;
  return null;
}

/** The core's words as a sentence under a field: its "what: field: " prefix dropped, capitalised, a full stop. */
export function fieldMessage(error: unknown): string {
  const raw = String((error as { message?: unknown } | null)?.message ?? '').trim();
  const words = raw.replace(/^[a-z ]+: [\w.]+: /, '') || 'This value was refused';
  const s = words.charAt(0).toUpperCase() + words.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * The refusal as `{ field, message }` when it names one of `fields`; `alias` renames a record path to the form's
 * own key ("place.country" -> "country").
 */
export function coreFieldError(error: unknown, fields: readonly string[], alias: Readonly<Record<string, string>> = {}): { field: string; message: string } | null {
  const f = fieldOf(error, [...fields, ...Object.keys(alias)]);
  if (!f) return null;
  return { field: alias[f] ?? f, message: fieldMessage(error) };
}

/** The first field in `order` that has an error (the one to focus), else the first key. */
export function firstError(errors: FieldErrors, order: readonly string[] = []): string | null {
  for (const k of order) if (errors[k]) return k;
  return Object.keys(errors).find((k) => errors[k]) ?? null;
}

// ---- checks the forms share, on the rules in shared/model/records.ts ----

/** A required label (records' `Label`: trimmed, 1–500 characters). */
export function labelError(value: string, missing: string, max = 500): string | undefined {
  const t = value.trim();
  if (!t) return missing;
  if (t.length > max) return `Keep it under ${max} characters (now ${t.length}).`;
  return undefined;
}

/** Free text with a limit (records' `Text(max)`). */
export function textError(value: string, max: number): string | undefined {
  const n = value.trim().length;
  return n > max ? `At most ${max.toLocaleString('en-GB')} characters (now ${n.toLocaleString('en-GB')}).` : undefined;
}

/**
 * A partial date as typed: a date Sanctum places on a timeline, or text kept as written (at most 200 characters,
 * `PartialDate.text`). A range typed backwards ("1985-1980") is refused: it would be kept as text by mistake.
 */
export function dateError(value: string): string | undefined {
  const t = value.trim();
  if (!t) return undefined;
  const d = parsePartialDate(t);
  if (d.value || d.from || d.to) return undefined;
  const range = /^(?:between\s+)?(\d{4})\S*\s*(?:-|–|—|to|and|until)\s*(\d{4})\S*$/i.exec(t.replace(/^(?:c\.|ca\.|circa|about|around|approx(?:imately|\.)?)\s*/i, ''));
  if (range && range[1]! > range[2]!) return `The range runs backwards: write the earlier date first (${range[2]}–${range[1]}).`;
  if (/^\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?$/.test(t)) return 'Not a date on the calendar: check the month and day (e.g. 1980-06-15, 15.06.1980).';
  if (t.length > 200) return `A date kept as written is at most 200 characters (now ${t.length}).`;
  return undefined;
}

/** One country (name in any language or ISO code), optional. */
export function oneCountryError(value: string): string | undefined {
  const c = parseCountryCodes(value);
  if (c.invalid.length) return `${c.invalid.map((x) => `“${x}”`).join(', ')} is not a country name or two-letter ISO code.`;
  if (c.codes.length > 1) return 'Enter one country.';
  return undefined;
}

/** Countries, optional. */
export function countriesError(value: string): string | undefined {
  const c = parseCountryCodes(value);
  if (c.invalid.length) return `${c.invalid.map((x) => `“${x}”`).join(', ')} ${c.invalid.length === 1 ? 'is not' : 'are not'} a country name or two-letter ISO code.`;
  return undefined;
}

/** A reason kept in the ledger or the activity log: at least `min` characters, at most 5,000. */
export function reasonError(value: string, min: number, missing: string): string | undefined {
  const t = value.trim();
  if (t.length < min) return missing;
  return textError(t, 5000);
}
