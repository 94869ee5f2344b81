/**
 * A claim: what is asserted (a conduct from the grouped vocabulary, a link, or taking part in an event),
 * where and when, the evidence items that support it (with where in each: page, timestamp, excerpt), the
 * analyst's assessment, and whether it may appear in a releasable summary.
 */
import { Button, Callout, Checkbox, Classes, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent, SegmentedControl, Spinner, Tag, TextArea } from '@blueprintjs/core';
import { useRef, useState, type MutableRefObject } from 'react';
import { useConfirmDiscard, useDraft } from '../workspace/drafts';
import type { ClaimView, EntityView, EvidenceRow } from '../../shared/ipc/schemas/case';
import { formatPartialDate } from '../../shared/model/partial-date';
import { CONDUCT, CONDUCT_GROUPS, LINK_KIND_SPECS, type ConductGroup } from '../../shared/model/vocabulary';
import { RoleSelect } from '../ui/role-select';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { useQuery } from '../api/query';
import { FieldMessage } from '../ui/field-message';
import { CountryCodesField, FormError, PartialDateField } from '../ui/fields';
import { grade, gradeExplanation, parseCountryCodes } from '../ui/format';
import { useToast } from '../ui/toaster';
import { ASSESSMENT_LABELS } from '../ui/vocab';
import { IdentityWarning } from '../statements/identity-warning';
import { describeDate } from './entity-form-model';
import { claimCoreError, claimErrors } from './claim-form-model';
import { firstError } from '../ui/field-errors';
import type { RequestOf } from '../../shared/ipc/contract';

type AssertionType = 'conduct' | 'link' | 'participation';
type Assessment = 'confirmed' | 'probable' | 'possible' | 'doubtful';

interface EvidenceRef {
  evidenceId: string;
  locator: string;
  excerpt: string;
}

const GROUPED_CONDUCT = (Object.keys(CONDUCT_GROUPS) as ConductGroup[]).map((g) => ({
  group: g,
  label: CONDUCT_GROUPS[g],
  tags: Object.entries(CONDUCT)
    .filter(([, c]) => c.group === g)
    .map(([id, c]) => ({ id, label: c.label })),
}));

export function linkPhrase(entity: EntityView, l: EntityView['links'][number]): string {
  const spec = LINK_KIND_SPECS[l.data.kind];
  return l.source.id === entity.id ? `${spec.verb} ${l.target.name}` : `${l.source.name} ${spec.verb} this entity`;
}

/** A new claim's first evidence reference, pre-filled (a mention in a document: the item, its page, the excerpt). */
export interface CitePreset {
  evidenceId: string;
  locator?: string;
  excerpt?: string;
}

function ClaimForm({ entity, existing, cite, onClose, onSaved, closer }: { entity: EntityView; existing: ClaimView | null; cite?: CitePreset | undefined; onClose: () => void; onSaved: () => void; closer: MutableRefObject<() => void> }) {
  const evidence = useQuery(() => invoke('evidence.list', { caseId: entity.data.caseId }), [entity.data.caseId]);
  const a = existing?.data.assertion;
  const [type, setType] = useState<AssertionType>(a?.type ?? 'conduct');
  const [conduct, setConduct] = useState(a?.type === 'conduct' ? a.conduct : '');
  const [country, setCountry] = useState(a?.type === 'conduct' ? (a.country ?? '').toUpperCase() : '');
  const [date, setDate] = useState(a?.type === 'conduct' && a.date ? formatPartialDate(a.date) : '');
  const [eventId, setEventId] = useState(a && a.type !== 'link' ? (a.eventId ?? '') : '');
  const [linkId, setLinkId] = useState(a?.type === 'link' ? a.linkId : (entity.links[0]?.id ?? ''));
  const [role, setRole] = useState(a?.type === 'participation' ? a.role : '');
  const [statement, setStatement] = useState(existing?.data.statement ?? '');
  const [refs, setRefs] = useState<EvidenceRef[]>(existing?.data.evidence.map((e) => ({ evidenceId: e.evidenceId, locator: e.locator ?? '', excerpt: e.excerpt ?? '' })) ?? (cite ? [{ evidenceId: cite.evidenceId, locator: cite.locator ?? '', excerpt: cite.excerpt ?? '' }] : []));
  const [assessment, setAssessment] = useState<Assessment>(existing?.data.assessment ?? 'possible');
  const [releasable, setReleasable] = useState(existing?.data.releasable ?? false);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  // Unsaved values survive a lock; cancelling with some asks first.
  const values = { type, conduct, country, date, eventId, linkId, role, statement, refs, assessment, releasable };
  const [initial] = useState(() => JSON.stringify(values));
  const dirty = JSON.stringify(values) !== initial;
  const { discard } = useDraft({
    key: `claim:${existing?.id ?? `new:${entity.id}`}`,
    form: 'claim',
    caseId: entity.data.caseId,
    context: { entityId: entity.id, claimId: existing?.id ?? null },
    value: values,
    dirty,
    restore: (raw) => {
      const v = { ...values, ...(raw as Partial<typeof values>) };
      setType(v.type);
      setConduct(v.conduct);
      setCountry(v.country);
      setDate(v.date);
      setEventId(v.eventId);
      setLinkId(v.linkId);
      setRole(v.role);
      setStatement(v.statement);
      setRefs(v.refs);
      setAssessment(v.assessment);
      setReleasable(v.releasable);
    },
  });
  const [requestClose, confirmDiscard] = useConfirmDiscard(
    dirty,
    () => {
      discard();
      onClose();
    },
    existing ? 'changes to this claim' : 'claim',
  );
  closer.current = requestClose;
  const formRef = useRef<HTMLFormElement>(null);
  const toast = useToast();

  const save = useAction(async (data: Omit<RequestOf<'claim.create'>['data'], 'caseId'>) => (existing ? invoke('claim.update', { id: existing.id, patch: data }) : invoke('claim.create', { data: { ...data, caseId: entity.data.caseId } })));
  const byId = new Map((evidence.data ?? []).map((e) => [e.id, e] as const));
  const unused = (evidence.data ?? []).filter((e) => !refs.some((r) => r.evidenceId === e.id));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found = claimErrors({ type, conduct, country, date, linkId, eventId: eventId || entity.events[0]?.id || '', statement, refs });
    let assertion: RequestOf<'claim.create'>['data']['assertion'];
    if (type === 'conduct') {
      const cc = parseCountryCodes(country);
      assertion = { type, entityId: entity.id, conduct, ...(cc.codes[0] ? { country: cc.codes[0] } : {}), ...(describeDate(date).date ? { date: describeDate(date).date } : {}), ...(eventId ? { eventId } : {}) };
    } else if (type === 'link') {
      assertion = { type, linkId };
    } else {
      const ev = eventId || entity.events[0]?.id || '';
      assertion = { type, entityId: entity.id, eventId: ev, role: role.trim() };
    }
    setErrors(found);
    const first = firstError(found, ['conduct', 'country', 'date', 'link', 'event', 'statement']);
    if (first) return focus(first);
    const r = await save.run({
      assertion,
      statement: statement.trim(),
      evidence: refs.map((x) => ({ evidenceId: x.evidenceId, ...(x.locator.trim() ? { locator: x.locator.trim() } : {}), ...(x.excerpt.trim() ? { excerpt: x.excerpt.trim() } : {}) })),
      assessment,
      releasable,
    });
    if (r?.ok) {
      discard();
      toast({ message: existing ? 'Claim saved.' : 'Claim added.', intent: Intent.SUCCESS, icon: 'tick' });
      onSaved();
    } else if (r) {
      // The core's refusal goes under the field it names; the words typed stay as they are.
      const m = claimCoreError(r.error);
      if (m) {
        setErrors({ [m.field]: m.message });
        focus(m.field);
      }
    }
  };
  const focus = (key: string) => formRef.current?.querySelector<HTMLElement>(`#claim-${key}`)?.focus();
  /** Clears a field's error (and the core's) as it is edited. */
  const touched = (key: string) => {
    setErrors((x) => ({ ...x, [key]: undefined }));
    save.clearError();
  };
  const coreError = save.error ? claimCoreError(save.error) : null;

  const evRow = (row: EvidenceRow | undefined) =>
    row ? (
      <>
        <span className="claim-ev-title" dir="auto">
          {row.title}
        </span>
        <Tag minimal className="grade-tag" title={gradeExplanation(row.sourceReliability, row.credibility)}>
          {grade(row.sourceReliability, row.credibility)}
        </Tag>
      </>
    ) : (
      <span className={Classes.TEXT_MUTED}>(item not found)</span>
    );

  return (
    <form onSubmit={submit} noValidate aria-label={existing ? 'Edit claim' : 'New claim'} ref={formRef}>
      <DialogBody className="claim-form">
        <FormGroup label="What is asserted">
          <SegmentedControl
            options={[
              { label: 'Conduct', value: 'conduct' },
              { label: 'A link', value: 'link', disabled: entity.links.length === 0 },
              { label: 'Took part in an event', value: 'participation', disabled: entity.events.length === 0 },
            ]}
            value={type}
            onValueChange={(v) => setType(v as AssertionType)}
            fill
            className="segmented-choice"
          />
        </FormGroup>
        {type === 'conduct' ? (
          <>
            <FormGroup label={`What ${entity.data.name} did`} labelFor="claim-conduct" intent={errors.conduct ? Intent.DANGER : Intent.NONE}>
              <HTMLSelect
                id="claim-conduct"
                value={conduct}
                onChange={(e) => {
                  setConduct(e.currentTarget.value);
                  touched('conduct');
                }}
                fill
                aria-invalid={errors.conduct ? true : undefined}
                aria-describedby="claim-conduct-help"
              >
                <option value="">Choose conduct…</option>
                {GROUPED_CONDUCT.map((g) => (
                  <optgroup key={g.group} label={g.label}>
                    {g.tags.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </HTMLSelect>
              <FieldMessage id="claim-conduct-help" error={errors.conduct} hint={conduct ? `${CONDUCT_GROUPS[CONDUCT[conduct]!.group]}` : undefined} />
            </FormGroup>
            <div className="form-row">
              <CountryCodesField id="claim-country" label="Where (country)" value={country} onChange={(v) => (setCountry(v), touched('country'))} error={errors.country} className="form-col-narrow" single />
              <PartialDateField id="claim-date" label="When" value={date} onChange={(v) => (setDate(v), touched('date'))} error={errors.date} className="form-col" />
              <FormGroup label="At event (optional)" labelFor="claim-event" className="form-col">
                <HTMLSelect id="claim-event" value={eventId} onChange={(e) => setEventId(e.currentTarget.value)} fill disabled={entity.events.length === 0}>
                  <option value="">{entity.events.length ? 'No particular event' : 'No events recorded'}</option>
                  {entity.events.map((ev) => (
                    <option key={ev.id} value={ev.id}>
                      {ev.data.title}
                    </option>
                  ))}
                </HTMLSelect>
              </FormGroup>
            </div>
          </>
        ) : null}
        {type === 'link' ? (
          <FormGroup label="The link" labelFor="claim-link" intent={errors.link ? Intent.DANGER : Intent.NONE}>
            <HTMLSelect id="claim-link" value={linkId} onChange={(e) => (setLinkId(e.currentTarget.value), touched('link'))} fill aria-invalid={errors.link ? true : undefined} aria-describedby="claim-link-help">
              {entity.links.map((l) => (
                <option key={l.id} value={l.id}>
                  {linkPhrase(entity, l)}
                </option>
              ))}
            </HTMLSelect>
            <FieldMessage id="claim-link-help" error={errors.link} />
          </FormGroup>
        ) : null}
        {type === 'participation' ? (
          <div className="form-row">
            <FormGroup label="Event" labelFor="claim-event" className="form-col" intent={errors.event ? Intent.DANGER : Intent.NONE}>
              <HTMLSelect id="claim-event" value={eventId || entity.events[0]?.id || ''} onChange={(e) => (setEventId(e.currentTarget.value), touched('event'))} fill aria-invalid={errors.event ? true : undefined} aria-describedby="claim-event-help">
                {entity.events.map((ev) => (
                  <option key={ev.id} value={ev.id}>
                    {ev.data.title}
                  </option>
                ))}
              </HTMLSelect>
              <FieldMessage id="claim-event-help" error={errors.event} />
            </FormGroup>
            <FormGroup label="As" labelFor="claim-role" className="form-col">
              {/* The role is asked for from the vocabulary: only perpetrator roles carry the event's conduct (issue 11 rule 1). */}
              <RoleSelect id="claim-role" aria-describedby="claim-role-help" aria-invalid={errors.role ? true : undefined} value={role} onChange={(v) => (setRole(v), touched('role'))} placeholder fill />
              <FieldMessage id="claim-role-help" error={errors.role} />
            </FormGroup>
          </div>
        ) : null}

        <FormGroup label="Statement" labelFor="claim-statement" intent={errors.statement ? Intent.DANGER : Intent.NONE}>
          <TextArea id="claim-statement" value={statement} onChange={(e) => (setStatement(e.currentTarget.value), touched('statement'))} fill rows={2} dir="auto" aria-invalid={errors.statement ? true : undefined} aria-describedby="claim-statement-help" />
          <FieldMessage id="claim-statement-help" error={errors.statement} hint="One sentence a reader can check against the evidence. It feeds listing narratives." />
          <IdentityWarning caseId={entity.data.caseId} text={statement} onReplace={setStatement} />
        </FormGroup>

        <fieldset className="form-fieldset">
          <legend>Supporting evidence</legend>
          {evidence.data ? null : <Spinner size={16} />}
          {refs.length === 0 && evidence.data ? (
            <Callout compact intent={Intent.WARNING} icon="warning-sign" className="claim-no-evidence">
              A claim without evidence is only an allegation. {evidence.data.length ? 'Add the items that support it.' : 'Take the supporting files into the Evidence library first, or record a witness statement.'}
            </Callout>
          ) : null}
          {refs.map((r, i) => (
            <div className="claim-ev" key={r.evidenceId}>
              <div className="claim-ev-head">
                {evRow(byId.get(r.evidenceId))}
                <Button variant="minimal" size="small" icon="cross" aria-label={`Remove ${byId.get(r.evidenceId)?.title ?? 'item'}`} onClick={() => setRefs(refs.filter((_, j) => j !== i))} />
              </div>
              <div className="form-row">
                <div className="form-col-narrow">
                  <InputGroup dir="auto"
                    id={`claim-ev-${i}-locator`}
                    value={r.locator}
                    onValueChange={(v) => (setRefs(refs.map((x, j) => (j === i ? { ...x, locator: v } : x))), touched(`ev-${i}-locator`))}
                    placeholder="Where: page, paragraph, timestamp"
                    aria-label={`Locator in ${byId.get(r.evidenceId)?.title ?? 'item'}`}
                    intent={errors[`ev-${i}-locator`] ? Intent.DANGER : Intent.NONE}
                    aria-invalid={errors[`ev-${i}-locator`] ? true : undefined}
                    aria-describedby={`claim-ev-${i}-locator-help`}
                  />
                  <FieldMessage id={`claim-ev-${i}-locator-help`} error={errors[`ev-${i}-locator`]} />
                </div>
                <div className="form-col">
                  <InputGroup
                    id={`claim-ev-${i}-excerpt`}
                    value={r.excerpt}
                    onValueChange={(v) => (setRefs(refs.map((x, j) => (j === i ? { ...x, excerpt: v } : x))), touched(`ev-${i}-excerpt`))}
                    placeholder="Excerpt (optional)"
                    aria-label={`Excerpt from ${byId.get(r.evidenceId)?.title ?? 'item'}`}
                    dir="auto"
                    intent={errors[`ev-${i}-excerpt`] ? Intent.DANGER : Intent.NONE}
                    aria-invalid={errors[`ev-${i}-excerpt`] ? true : undefined}
                    aria-describedby={`claim-ev-${i}-excerpt-help`}
                  />
                  <FieldMessage id={`claim-ev-${i}-excerpt-help`} error={errors[`ev-${i}-excerpt`]} />
                </div>
              </div>
            </div>
          ))}
          {unused.length ? (
            <HTMLSelect
              value=""
              onChange={(e) => {
                const id = e.currentTarget.value;
                if (id) setRefs([...refs, { evidenceId: id, locator: '', excerpt: '' }]);
              }}
              aria-label="Add supporting evidence"
              className="add-evidence-select"
            >
              <option value="">Add supporting evidence…</option>
              {unused.map((ev) => (
                <option key={ev.id} value={ev.id}>
                  {ev.title} ({grade(ev.sourceReliability, ev.credibility)}){ev.type === 'statement' ? ' — statement' : ''}
                </option>
              ))}
            </HTMLSelect>
          ) : null}
        </fieldset>

        <div className="form-row form-row-center">
          <FormGroup label="Assessment" labelFor="claim-assessment" className="form-col-narrow">
            <HTMLSelect id="claim-assessment" value={assessment} onChange={(e) => setAssessment(e.currentTarget.value as Assessment)} fill>
              {Object.entries(ASSESSMENT_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </HTMLSelect>
          </FormGroup>
          <Checkbox
            checked={releasable}
            onChange={(e) => setReleasable(e.currentTarget.checked)}
            className="form-col releasable-check"
            labelElement={
              <>
                <strong>Releasable</strong>
                <span className={`switch-help ${Classes.TEXT_MUTED}`}>May appear in a narrative summary released with a listing.</span>
              </>
            }
          />
        </div>
        {save.error && !coreError ? <FormError error={save.error} /> : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={requestClose} disabled={save.busy} />
            <Button type="submit" intent={Intent.PRIMARY} text={existing ? 'Save claim' : 'Add claim'} loading={save.busy} />
          </>
        }
      />
      {confirmDiscard}
    </form>
  );
}

export function ClaimDialog({ entity, existing, cite, isOpen, onClose, onSaved }: { entity: EntityView; existing: ClaimView | null; cite?: CitePreset | undefined; isOpen: boolean; onClose: () => void; onSaved: () => void }) {
  // Escape and the close button ask like Cancel does when the form holds unsaved values.
  const closer = useRef(onClose);
  return (
    <Dialog isOpen={isOpen} onClose={() => closer.current()} title={existing ? 'Edit claim' : `New claim about ${entity.data.name}`} icon="citation" canOutsideClickClose={false} className="form-dialog form-dialog-wide">
      {isOpen ? <ClaimForm entity={entity} existing={existing} cite={cite} onClose={onClose} onSaved={onSaved} closer={closer} /> : null}
    </Dialog>
  );
}
