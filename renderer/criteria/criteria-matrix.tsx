/**
 * The criteria matrix of one entity: for each regime, each designation criterion with its resolution and
 * paragraph, its status, and — on demand — the supporting claims with their graded evidence and what is missing.
 * A person recorded as a victim shows every criterion as excluded; an analyst may lift that with a reason.
 */
import { Alert, Button, Callout, Checkbox, Classes, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, Icon, Intent, Spinner, Tag, TextArea } from '@blueprintjs/core';
import { Fragment, useId, useState } from 'react';
import { REGIMES, AUTHORITIES, CONFIDENCE_LABELS, citationWarning } from '../../shared/catalog';
import type { CriterionResultView, RegimeResultView } from '../../shared/ipc/schemas/criteria';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { FieldMessage } from '../ui/field-message';
import { coreFieldError, reasonError } from '../ui/field-errors';
import { FormError } from '../ui/fields';
import { countryName, grade, gradeExplanation, plural } from '../ui/format';
import { useToast } from '../ui/toaster';
import { ASSESSMENT_INTENTS, ASSESSMENT_LABELS } from '../ui/vocab';
import { useViewState, useWorkspace } from '../workspace/workspace';
import { citationText, conductLabel, StatusTag, STATUS_ORDER } from './status';
import './criteria.css';

const VIA_LABELS: Record<CriterionResultView['supporting'][number]['via'], string> = {
  conduct: 'conduct',
  participation: 'took part in an event',
  association: 'link to a listed party',
};

function standardText(r: RegimeResultView): string {
  const s = r.standard;
  const sources = s.minIndependentSources === 1 ? 'one source' : `${s.minIndependentSources} independent sources`;
  return `${s.authority} standard: ${sources} per fact, graded A–${s.maxReliability} and 1–${s.maxCredibility}${s.verifiedDocumentSuffices ? ', or one verified document graded 1' : ''}.`;
}

/** "Met via LY-05 (3 claims)": an umbrella criterion reads through the examples that carry it. */
function viaText(c: CriterionResultView, regime: RegimeResultView): string | null {
  if (!c.via.length) return null;
  const parts = c.via.map((id) => `${id} (${plural(regime.criteria.find((x) => x.id === id)?.supporting.length ?? 0, 'claim')})`);
  return `${c.status === 'met' ? 'Met' : 'Partly supported'} via ${parts.join(', ')}`;
}

function SupportingClaims({ c, regime }: { c: CriterionResultView; regime: RegimeResultView }) {
  const { navigate } = useWorkspace();
  if (!c.supporting.length) return <p className={Classes.TEXT_MUTED}>{viaText(c, regime) ? `${viaText(c, regime)}: the claims are listed under ${c.via.join(', ')}.` : 'No claim supports this criterion.'}</p>;
  return (
    <ul className="crit-claims" aria-label={`Claims supporting ${c.id}`}>
      {c.supporting.map((s, i) => (
        <li key={`${s.claimId}-${i}`} className="crit-claim" data-testid="crit-claim">
          <div className="crit-claim-head">
            <Icon icon={s.counts ? 'tick' : 'cross'} intent={s.counts ? Intent.SUCCESS : Intent.WARNING} size={14} title={s.counts ? 'Counts towards the criterion' : 'Does not count'} />
            <span className="crit-claim-statement" dir="auto">
              {s.statement || `${conductLabel(s.conduct) || 'Link'} (${VIA_LABELS[s.via]})`}
            </span>
          </div>
          <div className="crit-claim-meta">
            {s.conduct ? <Tag minimal>{conductLabel(s.conduct)}</Tag> : null}
            <Tag minimal>{VIA_LABELS[s.via]}</Tag>
            <Tag minimal intent={ASSESSMENT_INTENTS[s.assessment]}>{ASSESSMENT_LABELS[s.assessment] ?? s.assessment}</Tag>
            <Tag minimal intent={s.nexus ? Intent.NONE : Intent.WARNING} icon={s.nexus ? 'map-marker' : 'warning-sign'}>
              {s.country ? `${countryName(s.country) ?? s.country.toUpperCase()}` : 'place not recorded'}
              {s.nexus ? '' : ' · no nexus'}
            </Tag>
            <span className={Classes.TEXT_MUTED}>{s.counts ? 'counts' : 'does not count'}</span>
          </div>
          {s.evidence.length ? (
            <table className="data-table data-table-compact crit-evidence" aria-label="Evidence cited">
              <thead>
                <tr>
                  <th scope="col" style={{ width: 56 }}>
                    Grade
                  </th>
                  <th scope="col">Evidence</th>
                  <th scope="col">Source</th>
                  <th scope="col">Counts?</th>
                </tr>
              </thead>
              <tbody>
                {s.evidence.map((e) => (
                  <tr key={e.evidenceId}>
                    <td>
                      <Tag minimal className="grade-tag" title={gradeExplanation(e.reliability, e.credibility)}>
                        {grade(e.reliability, e.credibility)}
                      </Tag>
                    </td>
                    <td>
                      <button type="button" className="inline-link" onClick={() => navigate({ area: 'evidence', evidenceId: e.evidenceId })}>
                        <span dir="auto">{e.title}</span>
                      </button>
                      {e.verifiedDocument ? (
                        <Tag minimal intent={Intent.SUCCESS} className="crit-verified">
                          verified document
                        </Tag>
                      ) : null}
                    </td>
                    <td dir="auto">{e.sourceName ?? <span className={Classes.TEXT_MUTED}>not recorded</span>}</td>
                    <td>{e.qualifies ? <span className="crit-yes">Qualifies</span> : <span className="crit-no">No: {e.why}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="crit-no">No evidence cited: an allegation only.</p>
          )}
        </li>
      ))}
    </ul>
  );
}

function CriterionDetail({ c, regime }: { c: CriterionResultView; regime: RegimeResultView }) {
  return (
    <div className="crit-detail">
      <p className="crit-paraphrase">{c.paraphrase}</p>
      {c.via.length ? <p className={Classes.TEXT_MUTED}>{viaText(c, regime)}.</p> : null}
      {c.elements.length > 1 ? (
        <ul className="crit-elements" aria-label={`Legal elements of ${c.id}`}>
          {c.elements.map((e) => (
            <li key={e.id} data-testid="crit-element" data-status={e.status}>
              <StatusTag status={e.status} /> {e.label} — {e.claimIds.length ? `${plural(e.claimIds.length, 'claim')}, ${plural(e.independentSources, 'independent source')}` : 'nothing carries it'}
            </li>
          ))}
        </ul>
      ) : null}
      {c.leads.length ? (
        <Callout intent={Intent.NONE} icon="search" title="Possible associations (leads, not support)" compact className="crit-leads">
          <ul>
            {c.leads.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </Callout>
      ) : null}
      {c.gaps.length ? (
        <Callout intent={c.status === 'excluded' ? Intent.PRIMARY : Intent.WARNING} icon={c.status === 'excluded' ? 'shield' : 'search-template'} title="What is missing" compact className="crit-gaps">
          <ul>
            {c.gaps.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </Callout>
      ) : null}
      {c.caveats.length ? (
        <ul className={`crit-caveats ${Classes.TEXT_MUTED}`}>
          {c.caveats.map((g) => (
            <li key={g}>
              <Icon icon="info-sign" size={12} /> {g}
            </li>
          ))}
        </ul>
      ) : null}
      <p className={`crit-sources ${Classes.TEXT_MUTED}`}>
        {plural(c.independentSources, 'independent source')} for the best-supported fact{c.verifiedDocument ? ', with a verified document graded 1' : ''}. {standardText(regime)}
      </p>
      <SupportingClaims c={c} regime={regime} />
    </div>
  );
}

function RegimeBlock({
  regime,
  entityId,
  caseId,
  onChanged,
  alreadyListed,
}: {
  regime: RegimeResultView;
  entityId: string;
  caseId: string;
  onChanged: () => void;
  /** References under which the entity is already listed by this regime, or null (issue 11 rule 9). */
  alreadyListed: string[] | null;
}) {
  const { navigate } = useWorkspace();
  const [confirmListed, setConfirmListed] = useState(false);
  const propose = () => navigate({ area: 'listings', entityId, regimeId: regime.regimeId });
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const [overriding, setOverriding] = useState(false);
  const [clearing, setClearing] = useState(false);
  const toast = useToast();
  const clear = useAction(() => invoke('criteria.clearOverride', { entityId }));
  const baseId = useId();
  const toggle = (id: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const canPropose = !regime.excluded && regime.counts.met > 0;
  return (
    <section className="crit-regime" aria-label={`${regime.name} (${regime.authority})`} data-testid="crit-regime" data-regime={regime.regimeId}>
      <header className="crit-regime-head">
        <div>
          <h3 className="crit-regime-name">
            <Tag minimal className="crit-authority">
              {regime.authority}
            </Tag>{' '}
            {regime.name}
            {regime.active ? null : (
              <Tag minimal intent={Intent.WARNING} className="crit-ended">
                ended
              </Tag>
            )}
          </h3>
          <p className={`crit-regime-sub ${Classes.TEXT_MUTED}`}>
            {regime.nexus.satisfied ? null : <Icon icon="warning-sign" intent={Intent.WARNING} size={12} />} {regime.nexus.explanation} {standardText(regime)}
          </p>
        </div>
        <div className="crit-regime-summary">
          {STATUS_ORDER.filter((s) => regime.counts[s]).map((s) => (
            <StatusTag key={s} status={s} count={regime.counts[s]} />
          ))}
          {canPropose ? (
            <Button size="small" icon="take-action" intent={Intent.PRIMARY} text="Draft listing proposal" onClick={() => (alreadyListed ? setConfirmListed(true) : propose())} />
          ) : null}
        </div>
      </header>
      {regime.excluded ? (
        <Callout intent={Intent.PRIMARY} icon="shield" title="Excluded: recorded as a victim" compact className="crit-callout">
          <p>{regime.excluded.reason}</p>
          <Button size="small" icon="unlock" text="Override the exclusion…" onClick={() => setOverriding(true)} />
        </Callout>
      ) : null}
      {regime.override ? (
        <Callout intent={Intent.WARNING} icon="warning-sign" title="Victim exclusion overridden by an analyst" compact className="crit-callout" data-testid="crit-override">
          <p dir="auto">Reason: {regime.override.reason}</p>
          <Button size="small" icon="shield" text="Restore the exclusion…" onClick={() => setClearing(true)} />
        </Callout>
      ) : null}
      <table className="data-table data-table-compact crit-table" aria-label={`${regime.name} criteria`}>
        <thead>
          <tr>
            <th scope="col" style={{ width: 168 }}>
              Status
            </th>
            <th scope="col">Criterion</th>
            <th scope="col" style={{ width: '30%' }}>
              Resolution and paragraph
            </th>
            <th scope="col" className="dt-right" style={{ width: 72 }}>
              Claims
            </th>
          </tr>
        </thead>
        <tbody>
          {regime.criteria.map((c) => {
            const expanded = open.has(c.id);
            const detailId = `${baseId}-${c.id}`;
            return (
              <Fragment key={c.id}>
                <tr className={`crit-row crit-row-${c.status}`} data-testid="crit-row" data-criterion={c.id} data-status={c.status}>
                  <td>
                    <StatusTag status={c.status} />
                  </td>
                  <td>
                    <button type="button" className="crit-toggle" aria-expanded={expanded} aria-controls={detailId} onClick={() => toggle(c.id)}>
                      <Icon icon={expanded ? 'chevron-down' : 'chevron-right'} size={14} />
                      <b>{c.id}</b> {c.title}
                    </button>
                    {viaText(c, regime) && !expanded ? <div className="crit-gap-line">{viaText(c, regime)}</div> : null}
                    {c.status === 'partly' && !c.via.length && c.gaps[0] && !expanded ? <div className="crit-gap-line">{c.gaps[0]}</div> : null}
                  </td>
                  <td>
                    {citationText(c.citation)}
                    {c.confidence !== 'V' ? (
                      <Tag minimal intent={c.confidence === 'X' ? Intent.DANGER : Intent.WARNING} className="crit-confidence" title={CONFIDENCE_LABELS[c.confidence]}>
                        {citationWarning(c.confidence)}
                      </Tag>
                    ) : null}
                  </td>
                  <td className="dt-right tabular">{c.supporting.length}</td>
                </tr>
                {expanded ? (
                  <tr className="crit-detail-row">
                    <td colSpan={4} id={detailId}>
                      <CriterionDetail c={c} regime={regime} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      <OverrideDialog
        isOpen={overriding}
        caseId={caseId}
        entityId={entityId}
        onClose={() => setOverriding(false)}
        onSaved={() => {
          setOverriding(false);
          toast({ message: 'Victim exclusion overridden; the reason is in the activity log.', intent: Intent.WARNING, icon: 'warning-sign' });
          onChanged();
        }}
      />
      <ConfirmDialog
        isOpen={clearing}
        title="Restore the victim exclusion?"
        icon="shield"
        confirmText="Restore exclusion"
        busy={clear.busy}
        error={clear.error}
        onClose={() => {
          setClearing(false);
          clear.clearError();
        }}
        onConfirm={() =>
          void clear.run().then((r) => {
            if (!r?.ok) return;
            setClearing(false);
            toast({ message: 'Victim exclusion restored.', intent: Intent.SUCCESS, icon: 'shield' });
            onChanged();
          })
        }
      >
        <p>Every criterion will show as excluded again, and no listing proposal can be drafted for this person.</p>
      </ConfirmDialog>
      <Alert
        isOpen={confirmListed}
        intent={Intent.WARNING}
        icon="warning-sign"
        confirmButtonText="Draft the proposal anyway"
        cancelButtonText="Cancel"
        canEscapeKeyCancel
        onCancel={() => setConfirmListed(false)}
        onConfirm={() => {
          setConfirmListed(false);
          propose();
        }}
      >
        <p>
          Already listed under {regime.name}
          {alreadyListed?.length ? ` (${alreadyListed.join(', ')})` : ''}. A new proposal would duplicate the listing; consider proposing an update of the existing entry
          instead.
        </p>
      </Alert>
    </section>
  );
}

/** Lifting the victim exclusion is exceptional: a reason in a sentence, and an explicit confirmation. */
function OverrideDialog({ isOpen, caseId, entityId, onClose, onSaved }: { isOpen: boolean; caseId: string; entityId: string; onClose: () => void; onSaved: () => void }) {
  const [reason, setReason] = useState('');
  const [ack, setAck] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = useAction((r: string) => invoke('criteria.setOverride', { caseId, entityId, reason: r }));
  const close = () => {
    setReason('');
    setAck(false);
    setError(null);
    save.clearError();
    onClose();
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const bad = reasonError(reason, 10, 'Give the reason in a sentence (at least 10 characters): it is kept in the activity log.');
    setError(bad ?? null);
    if (bad) return document.getElementById('override-reason')?.focus();
    const r = await save.run(reason.trim());
    if (r?.ok) {
      setReason('');
      setAck(false);
      onSaved();
    } else if (r) {
      // The core's refusal of the reason goes under it; the words typed stay.
      const m = coreFieldError(r.error, ['reason']);
      if (m) {
        setError(m.message);
        document.getElementById('override-reason')?.focus();
      }
    }
  };
  return (
    <Dialog isOpen={isOpen} onClose={save.busy ? undefined : close} title="Override the victim exclusion" icon="warning-sign" canOutsideClickClose={false} className="form-dialog">
      <form onSubmit={submit} noValidate aria-label="Override the victim exclusion">
        <DialogBody>
          <p>
            This person is recorded as a victim. Under the non-punishment principle a victim is never proposed for listing. Override only when the evidence shows they also
            became a perpetrator (for example, a former victim who became a guard and abused others).
          </p>
          <FormGroup label="Reason" labelFor="override-reason" labelInfo="(required)" intent={error ? Intent.DANGER : Intent.NONE}>
            <TextArea dir="auto"
              id="override-reason"
              fill
              rows={3}
              value={reason}
              autoFocus
              onChange={(e) => {
                setReason(e.currentTarget.value);
                setError(null);
                save.clearError();
              }}
              intent={error ? Intent.DANGER : Intent.NONE}
              aria-invalid={error ? true : undefined}
              aria-describedby="override-reason-help"
            />
            <FieldMessage id="override-reason-help" error={error} hint="Recorded with your name and the time in the activity log." />
          </FormGroup>
          <Checkbox checked={ack} onChange={(e) => setAck(e.currentTarget.checked)} label="I confirm that this person’s conduct is to be assessed despite their victim status." />
          {save.error && !coreFieldError(save.error, ['reason']) ? <FormError error={save.error} /> : null}
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={close} disabled={save.busy} />
              <Button type="submit" intent={Intent.DANGER} icon="unlock" text="Override exclusion" loading={save.busy} disabled={!ack} />
            </>
          }
        />
      </form>
    </Dialog>
  );
}

/** Which regimes to show: the suggested ones (null) or the analyst's choice. */
function RegimePicker({ shown, suggested, chosen, onChange }: { shown: string[]; suggested: string[]; chosen: string[] | null; onChange: (next: string[] | null) => void }) {
  const selectId = useId();
  const others = REGIMES.filter((r) => !shown.includes(r.id));
  return (
    <div className="crit-picker" role="group" aria-label="Regimes assessed">
      <span className={Classes.TEXT_MUTED}>{chosen ? 'Regimes:' : 'Suggested regimes:'}</span>
      {shown.map((id) => {
        const r = REGIMES.find((x) => x.id === id);
        return (
          <Tag
            key={id}
            minimal
            onRemove={shown.length > 1 ? () => onChange(shown.filter((x) => x !== id)) : undefined}
          >
            {r ? `${r.authority} · ${r.name}` : id}
          </Tag>
        );
      })}
      <HTMLSelect
        id={selectId}
        value=""
        aria-label="Add a regime"
        onChange={(e) => {
          const id = e.currentTarget.value;
          if (id) onChange([...shown, id]);
        }}
      >
        <option value="">Add a regime…</option>
        {AUTHORITIES.map((a) => (
          <optgroup key={a} label={a}>
            {others
              .filter((r) => r.authority === a)
              .map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                  {r.status === 'ended' ? ' (ended)' : ''}
                </option>
              ))}
          </optgroup>
        ))}
      </HTMLSelect>
      {chosen ? <Button size="small" variant="minimal" icon="reset" text={`Back to suggested (${suggested.length})`} onClick={() => onChange(null)} /> : null}
    </div>
  );
}

export function CriteriaMatrix({ entityId, caseId, regimeId }: { entityId: string; caseId: string; regimeId?: string }) {
  const { version, changed } = useWorkspace();
  const [chosen, setChosen] = useViewState<string[] | null>(`criteria.regimes.${entityId}`, regimeId ? [regimeId] : null);
  const [showAll, setShowAll] = useState(false);
  const q = useQuery(() => invoke('criteria.assess', { entityId, ...(chosen?.length ? { regimes: chosen } : {}) }), [entityId, chosen?.join(','), version]);
  const designations = useQuery(() => invoke('criteria.designations', { entityId }), [entityId, version]);
  const listedUnder = (regimeId: string): string[] | null => {
    const ds = (designations.data ?? []).filter((d) => d.data.regimeIds.includes(regimeId));
    return ds.length ? [...new Set(ds.flatMap((d) => d.data.references))] : null;
  };
  if (q.error && !q.data) return <FormError error={q.error} />;
  if (!q.data) return <Spinner size={20} aria-label="Assessing the criteria" />;
  const a = q.data;
  // Collapsed until the entity has a claim: a wall of "not supported" rows says nothing.
  const anything = a.regimes.some((r) => r.excluded || r.criteria.some((c) => c.supporting.length > 0 || c.leads.length > 0 || c.status !== 'not_supported'));
  if (!anything && !showAll) {
    return (
      <div className="crit-matrix" data-testid="criteria-matrix">
        <p className={Classes.TEXT_MUTED} data-testid="crit-collapsed">
          No claim about this entity bears on any criterion yet ({a.regimes.length} regime(s) checked). Record a claim with evidence to assess it.
        </p>
        <Button size="small" variant="minimal" icon="th" text="Show the criteria anyway" onClick={() => setShowAll(true)} />
      </div>
    );
  }
  return (
    <div className="crit-matrix" data-testid="criteria-matrix">
      <RegimePicker shown={a.regimes.map((r) => r.regimeId)} suggested={a.suggestedRegimes} chosen={chosen} onChange={setChosen} />
      {q.error ? <Callout intent={Intent.DANGER}>{describeError(q.error).message}</Callout> : null}
      {a.regimes.length === 0 ? (
        <p className={Classes.TEXT_MUTED}>No regime applies yet: record where the conduct happened on the claims, or add a regime above.</p>
      ) : (
        a.regimes.map((r) => <RegimeBlock key={r.regimeId} regime={r} entityId={entityId} caseId={caseId} onChanged={changed} alreadyListed={listedUnder(r.regimeId)} />)
      )}
    </div>
  );
}
