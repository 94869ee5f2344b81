/** The statement editor's draft and how it maps to statement.create / statement.update. */
import type { EvidenceView } from '../../shared/ipc/schemas/case';
import { formatPartialDate } from '../../shared/model/partial-date';
import { describeDate } from '../entities/entity-form-model';

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
