/** The statement editor's draft and how it maps to statement.create / statement.update. */
import type { EvidenceView } from '../../shared/ipc/schemas/case';
import { formatPartialDate } from '../../shared/model/partial-date';
import { describeDate } from '../entities/entity-form-model';
import { coreFieldError, dateError, textError, type FieldErrors } from '../ui/field-errors';

export type Risk = 'low' | 'medium' | 'high' | 'extreme';

export interface StatementDraft {
  title: string;
  date: string;
  place: string;
  interviewer: string;
  language: string;
  interpreter: string;
  useForListing: boolean;
  shareWithProsecutors: boolean;
  mayBeNamed: boolean;
  consentNote: string;
  riskLevel: Risk;
  credibility: number;
  text: string;
  attachments: string[];
}

export function newDraft(risk: Risk): StatementDraft {
  return {
    title: '',
    date: '',
    place: '',
    interviewer: '',
    language: '',
    interpreter: '',
    useForListing: false,
    shareWithProsecutors: false,
    mayBeNamed: false,
    consentNote: '',
    riskLevel: risk,
    credibility: 6,
    text: '',
    attachments: [],
  };
}

export function draftFromStatement(v: EvidenceView): StatementDraft {
  const s = v.data.statement!;
  const i = s.interview;
  return {
    title: v.data.title,
    date: i.date ? formatPartialDate(i.date) : '',
    place: i.place ?? '',
    interviewer: i.interviewer ?? '',
    language: i.language ?? '',
    interpreter: i.interpreter ?? '',
    useForListing: s.consent.useForListing,
    shareWithProsecutors: s.consent.shareWithProsecutors,
    mayBeNamed: s.consent.mayBeNamed,
    consentNote: s.consent.note ?? '',
    riskLevel: s.riskLevel,
    credibility: v.data.credibility,
    text: s.text,
    attachments: [...s.attachments],
  };
}

export function sameDraft(a: StatementDraft, b: StatementDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function opt(s: string): string | undefined {
  return s.trim() || undefined;
}

/** The fields statement.create takes, and statement.update accepts as its patch. */
export function statementPayload(d: StatementDraft) {
  const date = describeDate(d.date).date;
  return {
    ...(d.title.trim() ? { title: d.title.trim() } : {}),
    interview: {
      ...(date ? { date } : {}),
      ...(opt(d.place) ? { place: opt(d.place) } : {}),
      ...(opt(d.interviewer) ? { interviewer: opt(d.interviewer) } : {}),
      ...(opt(d.language) ? { language: opt(d.language) } : {}),
      ...(opt(d.interpreter) ? { interpreter: opt(d.interpreter) } : {}),
    },
    consent: { useForListing: d.useForListing, shareWithProsecutors: d.shareWithProsecutors, mayBeNamed: d.mayBeNamed, ...(opt(d.consentNote) ? { note: opt(d.consentNote) } : {}) },
    riskLevel: d.riskLevel,
    credibility: d.credibility,
    text: d.text,
    attachments: d.attachments,
  };
}

export function wordCount(text: string): number {
  const m = text.trim().match(/\S+/g);
  return m ? m.length : 0;
}

/** The statement's checked fields in the order they are shown, with the id of each field's input. */
export const STATEMENT_FIELD_IDS: Readonly<Record<string, string>> = {
  title: 'st-title',
  text: 'st-text',
  date: 'st-date',
  place: 'st-place',
  interviewer: 'st-interviewer',
  language: 'st-language',
  interpreter: 'st-interpreter',
  consentNote: 'st-consent-note',
};

/** The checks of a statement (`StatementFields` / `Interview` / `Consent` in shared/) on the draft, by field. */
export function statementErrors(d: StatementDraft): FieldErrors {
  const e: FieldErrors = {};
  const set = (k: string, m: string | undefined) => {
    if (m) e[k] = m;
  };
  set('title', textError(d.title, 500));
  set('text', textError(d.text, 500_000));
  set('date', dateError(d.date));
  set('place', textError(d.place, 500));
  set('interviewer', textError(d.interviewer, 200));
  set('language', textError(d.language, 100));
  set('interpreter', textError(d.interpreter, 200));
  set('consentNote', textError(d.consentNote, 2000));
  return e;
}

const STATEMENT_PATHS: Record<string, string> = {
  title: 'title',
  text: 'text',
  'interview.date': 'date',
  'interview.place': 'place',
  'interview.interviewer': 'interviewer',
  'interview.language': 'language',
  'interview.interpreter': 'interpreter',
  'consent.note': 'consentNote',
};

/** The core's refusal of a statement as `{ field, message }` on the draft's keys, or null (a whole-form error). */
export function statementCoreError(error: unknown): { field: string; message: string } | null {
  return coreFieldError(error, [], STATEMENT_PATHS);
}
