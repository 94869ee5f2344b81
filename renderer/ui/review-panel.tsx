/**
 * Review before release: the possible identity mentions an export stopped on (the refusal's error details),
 * each with its context, to redact or keep with a reason; then the export runs again with the decisions.
 * One component for every export dialog (package wizard, FtM, listing proposals). The hits carry the field
 * name and the pseudonym, never the identity itself.
 */
import { Button, Callout, Classes, Intent, Radio, RadioGroup, TextArea } from '@blueprintjs/core';
import { useState } from 'react';
import type { ReviewDecisionInput, ReviewHitView } from '../../shared/errors';
import { isApiError } from '../api/client';

/** The hits of an export refused for want of review, or null for any other error. */
export function reviewHitsOf(e: unknown): ReviewHitView[] | null {
  if (!isApiError(e, 'FORBIDDEN')) return null;
  const hits = e.details?.reviewHits;
  return hits && hits.length ? hits : null;
}

type Draft = Record<string, { decision: 'redact' | 'keep' | null; reason: string }>;

/** Decisions for every hit, or null while one is undecided or kept without a reason. */
export function decisionsOf(hits: readonly ReviewHitView[], draft: Draft): ReviewDecisionInput[] | null {
  const out: ReviewDecisionInput[] = [];
  for (const key of new Set(hits.map((h) => h.key))) {
    const d = draft[key];
    if (!d?.decision) return null;
    if (d.decision === 'keep' && !d.reason.trim()) return null;
    out.push(d.decision === 'keep' ? { key, decision: 'keep', reason: d.reason.trim() } : { key, decision: 'redact' });
  }
  return out;
}

/** "…before [[match]] after…" with the match marked. */
function Context({ text }: { text: string }) {
  const m = /^(.*?)\[\[(.*?)\]\](.*)$/s.exec(text);
  if (!m) return <span>{text}</span>;
  return (
    <span>
      …{m[1]}
      <mark>{m[2]}</mark>
      {m[3]}…
    </span>
  );
}

export function ReviewPanel({
  hits,
  busy,
  onSubmit,
  onCancel,
  submitText = 'Export with these decisions…',
}: {
  hits: readonly ReviewHitView[];
  busy?: boolean;
  onSubmit: (decisions: ReviewDecisionInput[]) => void;
  onCancel: () => void;
  submitText?: string;
}) {
  const [draft, setDraft] = useState<Draft>({});
  const set = (key: string, patch: Partial<Draft[string]>) => setDraft((d) => ({ ...d, [key]: { decision: null, reason: '', ...d[key], ...patch } }));
  const decisions = decisionsOf(hits, draft);
  // The same text found in several places is one decision (one key); show it once with every place.
  const byKey = new Map<string, ReviewHitView[]>();
  for (const h of hits) byKey.set(h.key, [...(byKey.get(h.key) ?? []), h]);
  return (
    <section className="review-panel" aria-label="Review possible identity mentions" data-testid="review-panel">
      <Callout intent={Intent.WARNING} icon="eye-open" title="Review before release">
        Nothing was written. These may mention a protected person. Decide for each: redact it, or keep it and say why (the decision is logged with
        the export).
      </Callout>
      <ol className="review-hits">
        {[...byKey].map(([key, group]) => {
          const first = group[0]!;
          const d = draft[key];
          return (
            <li key={key} className="review-hit" data-testid="review-hit" data-key={key}>
              <div>
                <strong>{first.field}</strong> of <strong>{first.subject}</strong>{' '}
                <span className={Classes.TEXT_MUTED}>in {[...new Set(group.map((h) => h.where))].join(', ')}</span>
              </div>
              {group.map((h, i) => (
                <div key={i} className="review-context">
                  <Context text={h.context} />
                </div>
              ))}
              <RadioGroup inline selectedValue={d?.decision ?? undefined} onChange={(e) => set(key, { decision: e.currentTarget.value as 'redact' | 'keep' })}>
                <Radio value="redact" label="Redact" />
                <Radio value="keep" label="Keep" />
              </RadioGroup>
              {d?.decision === 'keep' ? (
                <TextArea dir="auto" fill aria-label="Why it may stay" placeholder="Why this is not the protected person (required)" value={d.reason} maxLength={2000} onChange={(e) => set(key, { reason: e.target.value })} />
              ) : null}
            </li>
          );
        })}
      </ol>
      <div className="review-actions">
        <Button text="Cancel" onClick={onCancel} disabled={busy} />
        <Button intent={Intent.PRIMARY} icon="export" text={submitText} disabled={!decisions} loading={busy} onClick={() => decisions && onSubmit(decisions)} />
      </div>
    </section>
  );
}
