/**
 * The checks of the event forms (a new event from an entity's page, and the whole event's edit) on the rules of
 * `EventData` in shared/model/records.ts, and the core's refusal mapped onto the form's own fields.
 */
import { coreFieldError, dateError, labelError, oneCountryError, recordPath, textError, type FieldErrors } from '../ui/field-errors';
import { fieldMessage } from '../ui/field-errors';

export interface EventFields {
  title: string;
  date: string;
  place: string;
  country: string;
  description: string;
}

export interface VictimFields {
  count: number;
  nationality: string;
  note?: string | undefined;
}

/** Errors by the form's keys: title, date, place, country, description, victim-N-count, victim-N-nationality. */
export function eventErrors(v: EventFields, victims: readonly VictimFields[] = []): FieldErrors {
  const e: FieldErrors = {};
  const set = (k: string, m: string | undefined) => {
    if (m) e[k] = m;
  };
  set('title', labelError(v.title, 'Give the event a short title, e.g. “Departure from Zuwara, 12 boats”.'));
  set('date', dateError(v.date));
  set('place', textError(v.place, 500));
  set('country', oneCountryError(v.country));
  set('description', textError(v.description, 50_000));
  victims.forEach((g, i) => {
    if (!Number.isInteger(g.count) || g.count < 1) e[`victim-${i}-count`] = 'At least 1.';
    set(`victim-${i}-nationality`, oneCountryError(g.nationality));
  });
  return e;
}

/** The record paths of an event and the form keys they are shown under. */
const EVENT_PATHS: Record<string, string> = { title: 'title', date: 'date', 'place.name': 'place', 'place.country': 'country', description: 'description' };

/** The core's refusal of an event as `{ field, message }` on the form's keys, or null (a whole-form error). */
export function eventCoreError(error: unknown): { field: string; message: string } | null {
  const where = (error as { code?: unknown; where?: unknown } | null)?.where;
  if ((error as { code?: unknown } | null)?.code === 'INVALID_INPUT' && typeof where === 'string') {
    const v = /^victims\.(\d+)\.(count|nationality)/.exec(recordPath(where));
    if (v) return { field: `victim-${v[1]}-${v[2]}`, message: fieldMessage(error) };
  }
  return coreFieldError(error, [], EVENT_PATHS);
}
