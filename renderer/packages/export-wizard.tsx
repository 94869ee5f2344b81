/**
 * Export wizard: what to export, under which disclosure profile, for whom (optional encryption), a preview of
 * what goes in and what is withheld and why (nothing is written until then), the export with progress, and a
 * summary with the package hash and the signer fingerprint to read out to the recipient.
 */
import { Button, Callout, Classes, FormGroup, HTMLSelect, InputGroup, Intent, NonIdealState, ProgressBar, Radio, RadioGroup, Spinner, Tag, TextArea } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { CaseView } from '../../shared/ipc/schemas/case';
import type { ResponseOf } from '../../shared/ipc/contract';
import type { GrantedFile } from '../../shared/ipc/grants';
import { invoke, type ApiError } from '../api/client';
import { asApiError } from '../api/hooks';
import { ReviewPanel, reviewHitsOf } from '../ui/review-panel';
import type { ReviewDecisionInput, ReviewHitView } from '../../shared/errors';
import { newJobId, progressFraction, useJobProgress } from '../api/jobs';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { FormError } from '../ui/fields';
import { formatBytes, groupedSha, plural } from '../ui/format';
import { useViewState, useWorkspace } from '../workspace/workspace';
import {
  FORMAT_TEXT,
  PROFILE_TEXT,
  SELECTION_TEXT,
  defaultPackageName,
  parseRecipients,
  type OutputFormat,
  type Profile,
  type SelectionMode,
} from './package-model';
import { SelectionPicker } from './selection-picker';

type Preview = ResponseOf<'package.preview'>;
type ExportResult = ResponseOf<'package.export'>;
type Step = 'select' | 'profile' | 'recipients' | 'preview';
type Phase =
  | { kind: 'edit' }
  | { kind: 'running'; jobId: string }
  | { kind: 'done'; result: ExportResult }
  | { kind: 'cancelled' }
  // The export stopped on possible identity mentions: decide each, then export again with the decisions.
  | { kind: 'review'; hits: ReviewHitView[] };

const STEPS: { id: Step; title: string }[] = [
  { id: 'select', title: 'What to export' },
  { id: 'profile', title: 'Disclosure profile' },
  { id: 'recipients', title: 'Recipients' },
  { id: 'preview', title: 'Preview and export' },
];

function selectionOf(mode: SelectionMode, chosen: ReadonlySet<string>) {
  const ids = [...chosen];
  if (mode === 'case') return { case: true };
  if (mode === 'entities') return { entityIds: ids };
  if (mode === 'claims') return { claimIds: ids };
  return { evidenceIds: ids };
}

function StepNav({ step, onStep, reachable }: { step: Step; onStep: (s: Step) => void; reachable: (s: Step) => boolean }) {
  return (
    <ol className="pkg-steps" aria-label="Export steps">
      {STEPS.map((s, i) => (
        <li key={s.id}>
          <Button
            variant="minimal"
            className="pkg-step"
            active={s.id === step}
            aria-current={s.id === step ? 'step' : undefined}
            disabled={!reachable(s.id)}
            onClick={() => onStep(s.id)}
            text={
              <>
                <span className="pkg-step-no">{i + 1}</span> {s.title}
              </>
            }
          />
        </li>
      ))}
    </ol>
  );
}

function PreviewView({ preview }: { preview: Preview }) {
  const withheldIdentities = preview.identities.filter((i) => !i.disclosed);
  const named = preview.identities.filter((i) => i.disclosed);
  const withheldCount = preview.withheld.length + withheldIdentities.length;
  return (
    <div className="pkg-preview" data-testid="package-preview">
      <p className="pkg-counts">
        {plural(preview.items.length, 'item')} ({formatBytes(preview.bytes)} of files) · {plural(preview.counts.entities, 'entity', 'entities')} ·{' '}
        {plural(preview.counts.links, 'relationship')} · {plural(preview.counts.events, 'event')} · {plural(preview.counts.claims, 'claim')}
      </p>
      <section className="report-section" aria-labelledby="pkg-in-heading">
        <h4 className="report-heading" id="pkg-in-heading">
          Goes in ({preview.items.length})
        </h4>
        {preview.items.length ? (
          <table className="data-table data-table-compact" aria-label="Goes in">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Type</th>
                <th scope="col" className="dt-right">
                  Size
                </th>
                <th scope="col">How</th>
              </tr>
            </thead>
            <tbody>
              {preview.items.map((i) => (
                <tr key={i.id}>
                  <td>{i.title}</td>
                  <td>{i.type === 'statement' ? 'Statement' : 'File'}</td>
                  <td className="dt-right tabular">{i.size === null ? '—' : formatBytes(i.size)}</td>
                  <td>{i.treatment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className={Classes.TEXT_MUTED}>No evidence item goes in: the package would hold metadata only.</p>
        )}
        {named.length ? (
          <p className="pkg-named">
            <Tag intent={Intent.WARNING} minimal icon="eye-open">
              Named
            </Tag>{' '}
            {named.map((n) => n.pseudonym).join(', ')}: {named[0]!.reason}.
          </p>
        ) : null}
      </section>
      <section className="report-section" aria-labelledby="pkg-out-heading">
        <h4 className="report-heading" id="pkg-out-heading">
          Withheld ({withheldCount})
        </h4>
        {withheldCount ? (
          <table className="data-table data-table-compact" aria-label="Withheld" data-testid="package-withheld">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {withheldIdentities.map((w) => (
                <tr key={`identity-${w.witnessId}`}>
                  <td>
                    Identity of witness <strong>{w.pseudonym}</strong>
                  </td>
                  <td>{w.reason}</td>
                </tr>
              ))}
              {preview.withheld.map((w) => (
                <tr key={w.id}>
                  <td>{w.title ?? <span className={Classes.TEXT_MUTED}>(a {w.type}; its title is not shown under this profile)</span>}</td>
                  <td>{w.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className={Classes.TEXT_MUTED}>Nothing selected is withheld.</p>
        )}
      </section>
      {preview.notes.map((n) => (
        <p key={n} className={`pkg-note ${Classes.TEXT_MUTED}`}>
          {n}
        </p>
      ))}
    </div>
  );
}

export function ExportSummary({ result, onVerify, onAgain }: { result: ExportResult; onVerify: () => void; onAgain: () => void }) {
  return (
    <div className="pkg-summary" data-testid="export-summary">
      <Callout intent={Intent.SUCCESS} icon="tick" title="Package exported">
        {plural(result.items.length, 'item')} ({formatBytes(result.payloadBytes)}) written under the {PROFILE_TEXT[result.profile].title.toLowerCase()} profile
        {result.withheld.length ? `; ${plural(result.withheld.length, 'item')} withheld` : ''}
        {result.recipients ? `; encrypted for ${plural(result.recipients, 'recipient')}` : ''}. Every item’s chain of custody now records this export.
      </Callout>
      <dl className="facts pkg-facts">
        <dt>Saved as</dt>
        <dd className="mono path" data-testid="export-path">
          {result.name}
        </dd>
        <dt>Package ID</dt>
        <dd className="mono">{result.packageId}</dd>
        <dt>Package hash</dt>
        <dd>
          <span className="mono sha" data-testid="export-hash">
            {groupedSha(result.manifestSha256)}
          </span>
          <div className={Classes.TEXT_MUTED}>SHA-256 of the signed tag manifest, which names every file of the package.</div>
        </dd>
        {result.fileSha256 ? (
          <>
            <dt>File hash</dt>
            <dd className="mono sha">{groupedSha(result.fileSha256)}</dd>
          </>
        ) : null}
        <dt>Signed by</dt>
        <dd>
          <span className="mono" data-testid="export-signer">
            {result.signer.fingerprint}
          </span>
          <div className={Classes.TEXT_MUTED}>Read this fingerprint to the recipient over another channel, so they know the package is yours.</div>
        </dd>
      </dl>
      {result.texts.length ? (
        <section className="report-section">
          <h4 className="report-heading">Extracted text ({result.texts.length})</h4>
          <ul className="pkg-list" data-testid="export-texts">
            {result.texts.map((t) => (
              <li key={t.inBag}>
                <span className="mono">{t.inBag}</span> — <span className={Classes.TEXT_MUTED}>{t.methods.join(', ')}, read from {t.fileInBag}; witness identities replaced</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {result.withheld.length ? (
        <section className="report-section">
          <h4 className="report-heading">Withheld ({result.withheld.length})</h4>
          <ul className="pkg-list">
            {result.withheld.map((w) => (
              <li key={w.id}>
                {w.title ?? `a ${w.type}`} — <span className={Classes.TEXT_MUTED}>{w.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="pkg-actions">
        <Button intent={Intent.PRIMARY} icon="endorsed" text="Verify this package" onClick={onVerify} autoFocus />
        <Button icon="plus" text="Export another" onClick={onAgain} />
      </div>
    </div>
  );
}

export function ExportWizard({ caseView, onVerify }: { caseView: CaseView; onVerify: (file: GrantedFile) => void }) {
  const { version, changed, status, requestCompartmentUnlock } = useWorkspace();
  const [step, setStep] = useState<Step>('select');
  const [mode, setMode] = useState<SelectionMode>('case');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [profile, setProfile] = useState<Profile>('prosecutor');
  const [recipientText, setRecipientText] = useState('');
  const [format, setFormat] = useState<OutputFormat>('directory');
  // The sender is the same from one export to the next: kept while the workspace is open.
  const [orgName, setOrgName] = useViewState('packages.orgName', '');
  const [contact, setContact] = useViewState('packages.contact', '');
  const [description, setDescription] = useState('');
  const [orgError, setOrgError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'edit' });
  const [error, setError] = useState<ApiError | null>(null);
  const progress = useJobProgress(phase.kind === 'running' ? phase.jobId : null);

  const recipients = useMemo(() => parseRecipients(recipientText), [recipientText]);
  const encrypted = recipients.keys.length > 0;
  const selection = useMemo(() => selectionOf(mode, chosen), [mode, chosen]);
  const selectionReady = mode === 'case' || chosen.size > 0;
  const reachable = (s: Step) => s === 'select' || (selectionReady && (s !== 'preview' || recipients.invalid.length === 0));

  // The dry run: recomputed when anything it depends on changes (or the witness compartment opens).
  const preview = useQuery(
    () => invoke('package.preview', { caseId: caseView.id, selection, profile }),
    [caseView.id, selection, profile, version, status.witnessUnlocked],
    step === 'preview' && phase.kind === 'edit',
  );
  const blocked = !!preview.data && preview.data.needsWitnessCompartment && !preview.data.witnessCompartmentOpen;

  const run = async (review?: ReviewDecisionInput[]) => {
    if (!orgName.trim()) {
      setOrgError('Name the organisation sending the package: it is written into bag-info.txt as Source-Organization.');
      return;
    }
    setOrgError(null);
    setError(null);
    try {
      const { file } = await invoke('system.pickSavePath', { purpose: 'package.export', title: 'Save the evidence package', defaultName: defaultPackageName(caseView.data.name, profile, format, encrypted) });
      if (!file) return;
      const jobId = newJobId('export');
      setPhase({ kind: 'running', jobId });
      const result = await invoke('package.export', {
        caseId: caseView.id,
        selection,
        profile,
        recipients: recipients.keys,
        // Main adds the extension the packaging needs when the dialog's name lacks it.
        out: file.grant,
        packaging: format,
        organization: { name: orgName.trim(), ...(contact.trim() ? { contactName: contact.trim() } : {}) },
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(review ? { review } : {}),
        jobId,
      });
      setPhase({ kind: 'done', result });
      changed();
    } catch (e) {
      const err = asApiError(e);
      const hits = reviewHitsOf(err);
      if (err.is('CANCELLED')) setPhase({ kind: 'cancelled' });
      else if (hits) setPhase({ kind: 'review', hits });
      else {
        setError(err);
        setPhase({ kind: 'edit' });
      }
    }
  };

  const restart = () => {
    setPhase({ kind: 'edit' });
    setStep('select');
    setError(null);
  };

  if (phase.kind === 'running') {
    const fraction = progressFraction(progress);
    return (
      <div className="job-progress pkg-running" aria-live="polite">
        <p className="job-label">{progress?.label ?? 'Exporting…'}</p>
        <ProgressBar value={fraction} intent={Intent.PRIMARY} stripes={fraction === undefined} aria-label="Export progress" />
        <p className={`job-detail ${Classes.TEXT_MUTED}`}>
          {progress?.total ? `${formatBytes(progress.done)} of ${formatBytes(progress.total)}` : 'Checking every file for protected names…'} — the package appears under its name
          only when it is complete.
        </p>
        <Button icon="cross" text="Cancel export" onClick={() => void invoke('job.cancel', { jobId: phase.jobId }).catch(() => undefined)} />
      </div>
    );
  }
  if (phase.kind === 'done') return <ExportSummary result={phase.result} onVerify={() => onVerify({ grant: phase.result.verifyGrant, name: phase.result.name })} onAgain={restart} />;
  if (phase.kind === 'review') {
    // The save dialog asks again: a grant is good for one write.
    return <ReviewPanel hits={phase.hits} onCancel={() => setPhase({ kind: 'edit' })} onSubmit={(decisions) => void run(decisions)} />;
  }
  if (phase.kind === 'cancelled') {
    return (
      <div className="pkg-summary">
        <Callout intent={Intent.PRIMARY} icon="info-sign" title="Export cancelled">
          Nothing was written. The custody chains record that an export was started and abandoned.
        </Callout>
        <div className="pkg-actions">
          <Button intent={Intent.PRIMARY} text="Back to the export" onClick={() => setPhase({ kind: 'edit' })} autoFocus />
        </div>
      </div>
    );
  }

  const index = STEPS.findIndex((s) => s.id === step);
  const next = STEPS[index + 1]?.id;
  return (
    <div className="pkg-wizard">
      <StepNav step={step} onStep={setStep} reachable={reachable} />
      <section className="pkg-step-body" aria-label={STEPS[index]!.title}>
        {step === 'select' ? (
          <>
            <RadioGroup
              label={<h3 className="pkg-step-title">What goes into the package?</h3>}
              selectedValue={mode}
              onChange={(e) => {
                setMode(e.currentTarget.value as SelectionMode);
                setChosen(new Set());
              }}
              className="pkg-choice"
            >
              {(Object.keys(SELECTION_TEXT) as SelectionMode[]).map((m) => (
                <Radio
                  key={m}
                  value={m}
                  labelElement={
                    <>
                      <strong>{SELECTION_TEXT[m].title}</strong>
                      <span className={`pkg-choice-line ${Classes.TEXT_MUTED}`}>{SELECTION_TEXT[m].line}</span>
                    </>
                  }
                />
              ))}
            </RadioGroup>
            {mode !== 'case' ? <SelectionPicker key={mode} mode={mode} caseId={caseView.id} chosen={chosen} onChange={setChosen} version={version} /> : null}
          </>
        ) : null}
        {step === 'profile' ? (
          <RadioGroup label={<h3 className="pkg-step-title">Who is it for?</h3>} selectedValue={profile} onChange={(e) => setProfile(e.currentTarget.value as Profile)} className="pkg-choice">
            {(Object.keys(PROFILE_TEXT) as Profile[]).map((p) => (
              <Radio
                key={p}
                value={p}
                labelElement={
                  <>
                    <strong>{PROFILE_TEXT[p].title}</strong>
                    <span className={`pkg-choice-line ${Classes.TEXT_MUTED}`}>{PROFILE_TEXT[p].line}</span>
                  </>
                }
              />
            ))}
          </RadioGroup>
        ) : null}
        {step === 'recipients' ? (
          <>
            <h3 className="pkg-step-title">Encrypt for recipients (optional)</h3>
            <p className={Classes.TEXT_MUTED}>
              Paste each recipient’s public key (as <span className="mono">sanctum package key</span> prints it: <span className="mono">x25519:</span> and 64 hex digits), one
              per line. Only their vaults can open the package. Leave empty for a plain package that anyone holding it can read and check.
            </p>
            <FormGroup label="Recipient keys" labelFor="pkg-recipients" intent={recipients.invalid.length ? Intent.DANGER : Intent.NONE}>
              <TextArea dir="auto"
                id="pkg-recipients"
                value={recipientText}
                onChange={(e) => setRecipientText(e.currentTarget.value)}
                rows={4}
                fill
                className="mono"
                spellCheck={false}
                intent={recipients.invalid.length ? Intent.DANGER : Intent.NONE}
                aria-describedby="pkg-recipients-help"
              />
              <div id="pkg-recipients-help" className={`pkg-field-help ${recipients.invalid.length ? 'pkg-field-error' : Classes.TEXT_MUTED}`} aria-live="polite">
                {recipients.invalid.length
                  ? recipients.invalid.map((i) => `Line ${i.line} is not a key.`).join(' ')
                  : encrypted
                    ? `Encrypted for ${plural(recipients.keys.length, 'recipient')}.`
                    : 'No recipients: the package will not be encrypted.'}
              </div>
            </FormGroup>
          </>
        ) : null}
        {step === 'preview' ? (
          <>
            <h3 className="pkg-step-title">
              Preview: {SELECTION_TEXT[mode].title.toLowerCase()}, {PROFILE_TEXT[profile].title.toLowerCase()} profile
            </h3>
            {preview.loading && !preview.data ? <Spinner size={24} className="pkg-spinner" /> : null}
            {preview.error ? <NonIdealState icon="error" title="The preview could not be made" description={describeError(preview.error).message} /> : null}
            {blocked ? (
              <Callout intent={Intent.WARNING} icon="lock" title="Open the witness compartment to export" className="pkg-callout">
                This case has witnesses. Every file is searched for their real names before it leaves the vault, which needs the compartment open.
                <div className="pkg-callout-action">
                  <Button icon="unlock" text="Open the witness compartment…" onClick={requestCompartmentUnlock} />
                </div>
              </Callout>
            ) : null}
            {preview.data ? <PreviewView preview={preview.data} /> : null}
            <div className="pkg-sender">
              <FormGroup label="Sending organisation" labelFor="pkg-org" labelInfo="(required)" intent={orgError ? Intent.DANGER : Intent.NONE}>
                <InputGroup dir="auto" id="pkg-org" value={orgName} onValueChange={setOrgName} intent={orgError ? Intent.DANGER : Intent.NONE} aria-describedby="pkg-org-help" />
                <div id="pkg-org-help" className={`pkg-field-help ${orgError ? 'pkg-field-error' : Classes.TEXT_MUTED}`}>
                  {orgError ?? 'Written into the package as Source-Organization.'}
                </div>
              </FormGroup>
              <FormGroup label="Contact" labelFor="pkg-contact" labelInfo="(optional)">
                <InputGroup dir="auto" id="pkg-contact" value={contact} onValueChange={setContact} />
              </FormGroup>
              <FormGroup label="Description" labelFor="pkg-description" labelInfo="(optional)" className="pkg-sender-wide">
                <InputGroup dir="auto" id="pkg-description" value={description} onValueChange={setDescription} placeholder="e.g. Material for the hearing of 12 May" />
              </FormGroup>
              <FormGroup label="Format" labelFor="pkg-format">
                {encrypted ? (
                  <span className="pkg-format-fixed">One encrypted file</span>
                ) : (
                  <HTMLSelect id="pkg-format" value={format} onChange={(e) => setFormat(e.currentTarget.value as OutputFormat)}>
                    {(Object.keys(FORMAT_TEXT) as OutputFormat[]).map((f) => (
                      <option key={f} value={f}>
                        {FORMAT_TEXT[f]}
                      </option>
                    ))}
                  </HTMLSelect>
                )}
              </FormGroup>
            </div>
            <FormError error={error} />
          </>
        ) : null}
        <div className="pkg-actions">
          {index > 0 ? <Button icon="arrow-left" text="Back" onClick={() => setStep(STEPS[index - 1]!.id)} /> : null}
          {next ? (
            <Button intent={Intent.PRIMARY} rightIcon="arrow-right" text="Next" onClick={() => setStep(next)} disabled={!reachable(next)} />
          ) : (
            <Button intent={Intent.PRIMARY} icon="export" text="Choose where to save and export…" onClick={() => void run()} disabled={!preview.data || blocked} />
          )}
          {step === 'select' && !selectionReady ? <span className={Classes.TEXT_MUTED}>Choose at least one.</span> : null}
        </div>
      </section>
    </div>
  );
}
