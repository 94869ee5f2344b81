/**
 * The claim form's checks on the rules of `ClaimData` in shared/model/records.ts, and the core's refusal mapped
 * onto the form's own fields (the assertion's parts, the statement, each evidence reference's locator/excerpt).
 */
import { coreFieldError, dateError, fieldMessage, oneCountryError, recordPath, textError, type FieldErrors } from '../ui/field-errors';

export interface ClaimFields {
  type: 'conduct' | 'link' | 'participation';
  conduct: string;
  country: string;
  date: string;
  linkId: string;
  /** The event of a participation claim (already defaulted to the entity's first event). */
  eventId: string;
  statement: string;
  refs: readonly { locator: string; excerpt: string }[];
}

/** Errors by the form's keys: conduct, country, date, link, event, statement, ev-N-locator, ev-N-excerpt. */
export function claimErrors(v: ClaimFields): FieldErrors {
  const e: FieldErrors = {};
  const set = (k: string, m: string | undefined) => {
    if (m) e[k] = m;
  };
  if (v.type === 'conduct') {
    if (!v.conduct) e.conduct = 'Choose what the entity did.';
    set('country', oneCountryError(v.country));
    set('date', dateError(v.date));
  } else if (v.type === 'link') {
    if (!v.linkId) e.link = 'Choose the link this claim is about.';
  } else if (!v.eventId) e.event = 'Choose the event.';
  set('statement', textError(v.statement, 5000));
  v.refs.forEach((r, i) => {
    set(`ev-${i}-locator`, textError(r.locator, 500));
    set(`ev-${i}-excerpt`, textError(r.excerpt, 5000));
  });
  return e;
}

const CLAIM_PATHS: Record<string, string> = {
  'assertion.conduct': 'conduct',
  'assertion.country': 'country',
  'assertion.date': 'date',
  'assertion.linkId': 'link',
  'assertion.eventId': 'event',
  'assertion.role': 'role',
  statement: 'statement',
};

/** The core's refusal of a claim as `{ field, message }` on the form's keys, or null (a whole-form error). */
export function claimCoreError(error: unknown): { field: string; message: string } | null {
  const e = error as { code?: unknown; where?: unknown } | null;
  if (e?.code === 'INVALID_INPUT' && typeof e.where === 'string') {
    const m = /^evidence\.(\d+)\.(locator|excerpt)/.exec(recordPath(e.where));
    if (m) return { field: `ev-${m[1]}-${m[2]}`, message: fieldMessage(error) };
  }
  return coreFieldError(error, [], CLAIM_PATHS);
}
