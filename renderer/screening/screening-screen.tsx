/**
 * The Screening area: sanctions lists in the vault (import with progress; source, date, hash, counts), every
 * person and organisation of the case screened against them with the reasons feature by feature, and the
 * analyst's decision on each hit — true or false positive, always with a reason (kept in the ledger and the
 * activity log; a true positive records the person as listed). The last screening of the case is kept in the
 * vault and shown on opening ("screened on … against …"), until the case is screened again.
 */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, FormGroup, H1, H3, HTMLSelect, Intent, NonIdealState, ProgressBar, Tag, TextArea } from '@blueprintjs/core';
import { useState } from 'react';
import type { EntityScreeningView, HitView, ScreeningRunView } from '../../shared/ipc/schemas/screening';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { newJobId, progressFraction, useJobProgress } from '../api/jobs';
import { useQuery } from '../api/query';
import { DataTable } from '../ui/data-table';
import { FieldMessage } from '../ui/field-message';
import { coreFieldError, reasonError } from '../ui/field-errors';
import { FormError } from '../ui/fields';
import { formatDateTime, plural, shortSha } from '../ui/format';
import { useToast } from '../ui/toaster';
import { useCurrentCase, useWorkspace } from '../workspace/workspace';
import './screening.css';

const REVIEW_TEXT = { current: null, changed: 'The list entry changed since this decision: review it.', removed: 'No longer on the current list.' } as const;

function DecisionDialog({ target, onClose, onSaved }: { target: { entity: EntityScreeningView; hit: HitView; decision: 'true_positive' | 'false_positive' } | null; onClose: () => void; onSaved: () => void }) {
  const current = useCurrentCase();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useAction(() =>
    invoke('screening.decide', { caseId: current.id, entityId: target!.entity.entityId, listId: target!.hit.listId, entryId: target!.hit.entryId, decision: target!.decision, reason: reason.trim() }),
  );
  const close = () => {
    setReason('');
    setError(null);
    save.clearError();
    onClose();
  };
  const tp = target?.decision === 'true_positive';
  return (
    <Dialog isOpen={target !== null} onClose={save.busy ? undefined : close} title={tp ? 'Confirm the match' : 'Dismiss the match'} icon={tp ? 'tick-circle' : 'cross-circle'} canOutsideClickClose={false} className="form-dialog">
      <form
        aria-label={tp ? 'Confirm the match' : 'Dismiss the match'}
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const bad = reasonError(reason, 3, 'Say why, in a few words: the reason is kept in the ledger.');
          setError(bad ?? null);
          if (bad) return document.getElementById('decision-reason')?.focus();
          const r = await save.run();
          if (r?.ok) {
            setReason('');
            onSaved();
          } else if (r) {
            // The core's refusal of the reason goes under it; the words typed stay.
            const m = coreFieldError(r.error, ['reason']);
            if (m) {
              setError(m.message);
              document.getElementById('decision-reason')?.focus();
            }
          }
        }}
      >
        <DialogBody>
          {target ? (
            <p>
              <b dir="auto">{target.entity.name}</b> {tp ? 'is' : 'is not'} <b dir="auto">{target.hit.caption}</b> ({target.hit.entryId}, {target.hit.listName}).
              {tp ? ' This records the person as listed, which the criteria engine uses for association criteria.' : ''}
            </p>
          ) : null}
          <FormGroup label="Reason" labelFor="decision-reason" labelInfo="(required)" intent={error ? Intent.DANGER : Intent.NONE}>
            <TextArea dir="auto" id="decision-reason" fill rows={3} autoFocus value={reason} onChange={(e) => (setReason(e.currentTarget.value), setError(null), save.clearError())} intent={error ? Intent.DANGER : Intent.NONE} aria-invalid={error ? true : undefined} aria-describedby="decision-reason-help" />
            <FieldMessage id="decision-reason-help" error={error} hint="Recorded with your name and the time; replayed when the list is imported again." />
          </FormGroup>
          {save.error && !coreFieldError(save.error, ['reason']) ? <FormError error={save.error} /> : null}
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={close} disabled={save.busy} />
              <Button type="submit" intent={tp ? Intent.DANGER : Intent.PRIMARY} text={tp ? 'Confirm match' : 'Dismiss match'} loading={save.busy} />
            </>
          }
        />
      </form>
    </Dialog>
  );
}

function Hit({ entity, hit, onDecide }: { entity: EntityScreeningView; hit: HitView; onDecide: (d: 'true_positive' | 'false_positive') => void }) {
  const d = hit.decision;
  return (
    <li className="scr-hit" data-testid="screening-hit" data-entry={hit.entryId}>
      <div className="scr-hit-head">
        <Tag intent={hit.verdict === 'match' ? Intent.DANGER : Intent.WARNING} icon={hit.verdict === 'match' ? 'warning-sign' : 'help'}>
          {hit.verdict === 'match' ? 'Match' : 'Possible'} · {Math.round(hit.score * 100)}%
        </Tag>
        <b dir="auto">{hit.caption}</b>
        <span className={Classes.TEXT_MUTED}>
          {hit.entryId} · {hit.listName}
          {hit.programs.length ? ` · ${hit.programs.join(', ')}` : ''}
        </span>
      </div>
      <ul className="scr-reasons" aria-label={`Why ${entity.name} matches ${hit.caption}`}>
        {hit.explanation.map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
      <div className="scr-decision">
        {d ? (
          <span className="scr-decided">
            <Tag minimal intent={d.decision === 'true_positive' ? Intent.DANGER : Intent.SUCCESS}>{d.decision === 'true_positive' ? 'Confirmed match' : 'Dismissed'}</Tag> <span dir="auto">“{d.reason}”</span>{' '}
            <span className={Classes.TEXT_MUTED}>
              — {d.decidedBy}, {d.decidedAt.slice(0, 10)}
            </span>
            {REVIEW_TEXT[d.review] ? (
              <Tag minimal intent={Intent.WARNING} icon="issue" className="scr-review">
                {REVIEW_TEXT[d.review]}
              </Tag>
            ) : null}
          </span>
        ) : (
          <span className={Classes.TEXT_MUTED}>No decision yet.</span>
        )}
        <Button size="small" icon="tick-circle" text="True positive…" onClick={() => onDecide('true_positive')} />
        <Button size="small" icon="cross-circle" text="False positive…" onClick={() => onDecide('false_positive')} />
      </div>
    </li>
  );
}

function Lists() {
  const { version, changed } = useWorkspace();
  const toast = useToast();
  const lists = useQuery(() => invoke('screening.lists', {}), [version]);
  const [format, setFormat] = useState<'un-xml' | 'ftm'>('un-xml');
  const [jobId, setJobId] = useState<string | null>(null);
  const progress = useJobProgress(jobId);
  const importer = useAction(async () => {
    const { files } = await invoke('system.pickFiles', { purpose: 'screening.importList', title: 'Import a sanctions list', multiple: false });
    if (!files[0]) return null;
    const id = newJobId('list');
    setJobId(id);
    try {
      return await invoke('screening.importList', { grant: files[0].grant, format, jobId: id });
    } finally {
      setJobId(null);
    }
  });
  const run = async () => {
    const r = await importer.run();
    if (r?.ok && r.value) {
      const { snapshot: s, unchanged, replay } = r.value;
      toast({
        message: unchanged
          ? `${s.name} is already in the vault (same SHA-256).`
          : `Imported ${s.name}: ${s.counts.individuals} individuals, ${s.counts.entities} entities, ${s.counts.aliases} aliases. Decisions: ${replay.carried} carried over, ${replay.changed} to review.`,
        intent: Intent.SUCCESS,
        icon: 'import',
      });
      changed();
    }
  };
  return (
    <section aria-label="Sanctions lists" className="scr-lists">
      <div className="scr-lists-head">
        <H3>Lists in the vault</H3>
        <div className="area-actions">
          <HTMLSelect value={format} onChange={(e) => setFormat(e.currentTarget.value as 'un-xml' | 'ftm')} aria-label="List format">
            <option value="un-xml">UN Consolidated List (XML)</option>
            <option value="ftm">FollowTheMoney (JSON lines)</option>
          </HTMLSelect>
          <Button icon="import" text="Import list…" onClick={() => void run()} loading={importer.busy} />
        </div>
      </div>
      {jobId ? <ProgressBar value={progressFraction(progress)} intent={Intent.PRIMARY} aria-label="Import progress" /> : null}
      <FormError error={importer.error} />
      <DataTable
        label="Sanctions lists"
        testId="screening-lists"
        compact
        rows={lists.data ?? []}
        rowKey={(s) => s.id}
        empty="No list imported yet. Import the UN Consolidated List (XML) or a FollowTheMoney list to screen the case."
        columns={[
          { id: 'name', header: 'List', render: (s) => <span>{s.name}{s.current ? null : <Tag minimal className="scr-old">earlier version</Tag>}</span> },
          { id: 'source', header: 'Source', width: '18%', render: (s) => <span dir="auto">{s.source}</span> },
          { id: 'date', header: 'Generated', width: '11%', render: (s) => (s.generatedAt ?? '—').slice(0, 10) },
          { id: 'imported', header: 'Imported', width: '11%', render: (s) => s.importedAt.slice(0, 10) },
          { id: 'counts', header: 'Individuals · entities · aliases', width: '20%', render: (s) => <span className="tabular">{`${s.counts.individuals} · ${s.counts.entities} · ${s.counts.aliases}`}</span> },
          { id: 'sha', header: 'SHA-256', width: '14%', render: (s) => <span className="mono" title={s.sha256}>{shortSha(s.sha256)}</span> },
        ]}
      />
    </section>
  );
}

/** When the kept results were made, and against which version of which list. */
function RunInfo({ runs, unscreened }: { runs: ScreeningRunView[]; unscreened: number }) {
  return (
    <div className={`scr-run ${Classes.TEXT_MUTED}`} data-testid="screening-run">
      {runs.map((r) => (
        <p key={r.id}>
          Screened on {formatDateTime(r.screenedAt)} against <span dir="auto">{r.listName}</span> (<span className="mono" title={r.listSha256}>{shortSha(r.listSha256)}</span>), {plural(r.entities, 'person or organisation', 'people and organisations')}, by {r.screenedBy}.
          {r.protectedNotScreened ? ` ${plural(r.protectedNotScreened, 'protected person', 'protected people')} not screened (witnesses, victims and people flagged protected never are).` : null}
          {r.current ? null : (
            <Tag minimal intent={Intent.WARNING} icon="issue" className="scr-review">
              The list has changed since: screen again.
            </Tag>
          )}
        </p>
      ))}
      {unscreened ? (
        <p>
          <Tag minimal intent={Intent.WARNING} icon="issue">
            {plural(unscreened, 'person or organisation', 'people and organisations')} added since: screen again.
          </Tag>
        </p>
      ) : null}
    </div>
  );
}

export function ScreeningScreen() {
  const current = useCurrentCase();
  const { version, changed } = useWorkspace();
  const toast = useToast();
  const [jobId, setJobId] = useState<string | null>(null);
  const progress = useJobProgress(jobId);
  const [deciding, setDeciding] = useState<{ entity: EntityScreeningView; hit: HitView; decision: 'true_positive' | 'false_positive' } | null>(null);
  const lists = useQuery(() => invoke('screening.lists', {}), [version]);
  // The last run as kept in the vault, with the ledger's decisions as they are now (reloaded after every change).
  const last = useQuery(() => invoke('screening.lastRun', { caseId: current.id }), [version, current.id]);
  const screen = useAction(async () => {
    const id = newJobId('screen');
    setJobId(id);
    try {
      return await invoke('screening.screenCase', { caseId: current.id, jobId: id });
    } finally {
      setJobId(null);
    }
  });
  const run = async () => {
    const r = await screen.run();
    if (r?.ok) changed();
  };
  const results = last.data?.results ?? null;
  const withHits = results?.filter((r) => r.hits.length || r.otherDecisions.length) ?? [];
  return (
    <div className="area-page area-page-wide">
      <header className="area-header area-header-row">
        <div>
          <H1>Screening</H1>
          <p className={Classes.TEXT_MUTED}>Every person and organisation in {current.data.name} checked against the imported sanctions lists — names, aliases and original script, date of birth, nationality — with the reasons for each score.</p>
        </div>
        <div className="area-actions">
          <Button icon={last.data ? 'refresh' : 'search-template'} intent={Intent.PRIMARY} text={last.data ? 'Screen again' : 'Screen the case'} onClick={() => void run()} loading={screen.busy} disabled={!lists.data?.length} />
        </div>
      </header>
      <Lists />
      {jobId ? <ProgressBar value={progressFraction(progress)} intent={Intent.PRIMARY} aria-label="Screening progress" /> : null}
      <FormError error={screen.error} />
      <FormError error={last.error} />
      {last.data ? <RunInfo runs={last.data.runs} unscreened={last.data.unscreened} /> : null}
      {results === null ? (
        lists.data?.length && !last.loading ? (
          <Callout icon="info-sign" compact className="scr-hint">
            Press “Screen the case” to check every person and organisation against the current version of each list.
          </Callout>
        ) : null
      ) : withHits.length === 0 ? (
        <NonIdealState icon="tick-circle" title="No one in this case comes up on the lists" description={`${results.length} people and organisations screened.`} />
      ) : (
        <section aria-label="Screening results" className="scr-results" data-testid="screening-results">
          <H3>
            Results ({withHits.length} of {results.length} screened)
          </H3>
          {withHits.map((r) => (
            <article key={r.entityId} className="scr-entity" aria-label={r.name} data-testid="screening-entity">
              <h4 dir="auto">{r.name}</h4>
              <p className={`scr-query ${Classes.TEXT_MUTED}`}>
                Screened as: <span dir="auto">{r.query.names.join(' · ')}</span>
                {r.query.birthDates?.length ? ` · born ${r.query.birthDates.join(', ')}` : ''}
                {r.query.nationalities?.length ? ` · ${r.query.nationalities.map((n) => n.toUpperCase()).join(', ')}` : ''}
              </p>
              <ul className="scr-hits">
                {r.hits.map((h) => (
                  <Hit key={`${h.listId}/${h.entryId}`} entity={r} hit={h} onDecide={(decision) => setDeciding({ entity: r, hit: h, decision })} />
                ))}
              </ul>
              {r.otherDecisions.map((d) => (
                <p key={d.id} className="scr-other">
                  <Tag minimal intent={Intent.WARNING} icon="issue">
                    {REVIEW_TEXT[d.review] ?? 'Earlier decision'}
                  </Tag>{' '}
                  {d.caption} ({d.entryId}): {d.decision === 'true_positive' ? 'confirmed' : 'dismissed'} — “{d.reason}”
                </p>
              ))}
            </article>
          ))}
        </section>
      )}
      <DecisionDialog
        target={deciding}
        onClose={() => setDeciding(null)}
        onSaved={() => {
          const t = deciding!;
          setDeciding(null);
          toast({ message: t.decision === 'true_positive' ? `Match confirmed: ${t.entity.name} recorded as listed.` : 'Match dismissed.', intent: Intent.SUCCESS, icon: 'tick' });
          changed(); // reloads the kept results, with this decision
        }}
      />
    </div>
  );
}
