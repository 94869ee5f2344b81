/**
 * One entity: who or what it is (names in every script, identifiers, facts), how it is linked, which events
 * it took part in, the claims about it with their evidence and grades, and the evidence behind them.
 */
import { Button, ButtonGroup, Classes, H1, Icon, Intent, KeyComboTag, NonIdealState, Section, SectionCard, Spinner, Tag, Tooltip, useHotkeys, type HotkeyConfig } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { ClaimView, EntityView, EventView, LinkView } from '../../shared/ipc/schemas/case';
import { formatPartialDate } from '../../shared/model/partial-date';
import { LINK_KIND_SPECS, ROLE_LABELS } from '../../shared/model/vocabulary';
import { regimeById } from '../../shared/catalog';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { CriteriaMatrix } from '../criteria/criteria-matrix';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { DataTable } from '../ui/data-table';
import { countryName, formatBytes, grade, gradeExplanation, plural } from '../ui/format';
import { useToast } from '../ui/toaster';
import { IDENTIFIER_LABELS, KIND_ICONS, kindLabel, SCRIPT_LABELS } from '../ui/vocab';
import { useWorkspace } from '../workspace/workspace';
import { ClaimDialog } from './claim-dialog';
import { EntityFormDialog } from './entity-form-dialog';
import { useDraftOpener } from '../workspace/drafts';
import { ClaimCard } from './claim-card';
import { EventDialog } from './event-dialog';
import { LinkDialog } from './link-dialog';
import { SpoofBadge } from '../ui/spoof-badge';
import { MentionsSection } from '../evidence/document-panels';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function countries(codes: readonly string[]): string {
  return codes.map((c) => `${countryName(c) ?? c.toUpperCase()} (${c.toUpperCase()})`).join(', ');
}

function EntityLink({ id, name, kind }: { id: string; name: string; kind: EntityView['data']['kind'] }) {
  const { navigate } = useWorkspace();
  return (
    <button type="button" className="inline-link" onClick={() => navigate({ area: 'entities', entityId: id })}>
      <Icon icon={KIND_ICONS[kind]} size={12} className={Classes.TEXT_MUTED} /> <span dir="auto">{name}</span>
    </button>
  );
}

type Pending =
  | { kind: 'entity' }
  | { kind: 'link'; link: LinkView }
  | { kind: 'claim'; claim: ClaimView }
  | { kind: 'participation'; event: EventView };

function EntityBody({ entity, reload }: { entity: EntityView; reload: () => void }) {
  const { navigate, changed } = useWorkspace();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [linkDialog, setLinkDialog] = useState<LinkView | 'new' | null>(null);
  const [eventDialog, setEventDialog] = useState(false);
  const [claimDialog, setClaimDialog] = useState<ClaimView | 'new' | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  // Drafts kept through a lock open their form again on this page.
  useDraftOpener('entity', (d) => d.context.entityId === entity.id, () => setEditing(true));
  useDraftOpener('event', (d) => d.context.entityId === entity.id, () => setEventDialog(true));
  useDraftOpener(
    'link',
    (d) => d.context.entityId === entity.id && (!d.context.linkId || entity.links.some((l) => l.id === d.context.linkId)),
    (d) => setLinkDialog(entity.links.find((l) => l.id === d.context.linkId) ?? 'new'),
  );
  useDraftOpener(
    'claim',
    (d) => d.context.entityId === entity.id && (!d.context.claimId || entity.claims.some((c) => c.id === d.context.claimId)),
    (d) => setClaimDialog(entity.claims.find((c) => c.id === d.context.claimId) ?? 'new'),
  );
  const d = entity.data;

  const impact = useQuery(() => invoke('entity.deleteImpact', { id: entity.id }), [entity.id, pending?.kind], pending?.kind === 'entity');
  // Sanctions status where it matters (issue 11 rule 9): a confirmed match or a recorded listing shows here.
  const { version: dataVersion } = useWorkspace();
  const designations = useQuery(() => invoke('criteria.designations', { entityId: entity.id }), [entity.id, dataVersion]);
  const listedAs = (designations.data ?? []).flatMap((x) => x.data.regimeIds.map((r) => `${regimeById(r)?.authority ?? ''} ${x.data.references.join(', ') || regimeById(r)?.name || r}`.trim()));
  const remove = useAction(async (p: Pending) => {
    if (p.kind === 'entity') return invoke('entity.delete', { id: entity.id, confirm: true });
    if (p.kind === 'link') return invoke('link.delete', { id: p.link.id, confirm: true });
    if (p.kind === 'claim') return invoke('claim.delete', { id: p.claim.id });
    return invoke('event.update', { id: p.event.id, patch: { participants: p.event.participants.filter((x) => x.id !== entity.id).map((x) => ({ entityId: x.id, role: x.role })) } });
  });

  const confirmRemove = async () => {
    if (!pending) return;
    const r = await remove.run(pending);
    if (!r?.ok) return;
    const what = { entity: `Deleted ${d.name}.`, link: 'Link deleted.', claim: 'Claim deleted.', participation: `Removed from “${pending.kind === 'participation' ? pending.event.data.title : ''}”.` }[pending.kind];
    toast({ message: what, intent: Intent.SUCCESS, icon: 'tick' });
    const wasEntity = pending.kind === 'entity';
    setPending(null);
    changed();
    if (wasEntity) navigate({ area: 'entities' });
  };

  const saved = () => {
    setLinkDialog(null);
    setEventDialog(false);
    setClaimDialog(null);
    changed();
    reload();
  };

  const hotkeys = useMemo<HotkeyConfig[]>(
    () => [
      { combo: 'e', global: true, group: 'Entity page', label: 'Edit the entity', preventDefault: true, onKeyDown: () => setEditing(true) },
      { combo: 'l', global: true, group: 'Entity page', label: 'Add a link', preventDefault: true, onKeyDown: () => setLinkDialog('new') },
      { combo: 'c', global: true, group: 'Entity page', label: 'Add a claim', preventDefault: true, onKeyDown: () => setClaimDialog('new') },
    ],
    [],
  );
  useHotkeys(hotkeys);

  const names = [
    ...(d.originalScriptName ? [{ value: d.originalScriptName, quality: 'original script', script: undefined as string | undefined }] : []),
    ...d.aliases.map((a) => ({ value: a.value, quality: a.quality === 'strong' ? 'strong alias' : 'weak alias', script: a.script })),
  ];

  const claimsAboutEntity = entity.claims;

  return (
    <div className="area-page area-page-wide record-page entity-page">
      <nav className="record-breadcrumb" aria-label="Breadcrumb">
        <Button variant="minimal" size="small" icon="arrow-left" text="Entities" onClick={() => navigate({ area: 'entities' })} />
      </nav>
      <header className="record-header">
        <div className="record-title">
          <Icon icon={KIND_ICONS[d.kind]} size={20} className="record-icon" />
          <div>
            <H1 dir="auto" className="record-name">
              {d.name}
            </H1>
            <SpoofBadge text={[d.name, d.originalScriptName, ...d.aliases.map((a) => a.value)].join(' ')} />
            {d.originalScriptName ? (
              <p className="record-original-name" dir="auto" lang={d.aliases.find((a) => a.value === d.originalScriptName)?.lang}>
                {d.originalScriptName}
              </p>
            ) : null}
            <div className="record-tags">
              <Tag minimal>{kindLabel(d.kind)}</Tag>
              {d.roles.map((r) => (
                <Tag key={r} minimal intent={r === 'victim' || r === 'witness' ? Intent.WARNING : Intent.NONE}>
                  {ROLE_LABELS[r]}
                </Tag>
              ))}
              {[...new Set(listedAs)].map((l) => (
                <Tag key={l} minimal intent={Intent.DANGER} icon="ban-circle" data-testid="entity-listed">
                  Listed: {l}
                </Tag>
              ))}
              {entity.witnessPseudonym ? (
                <Tag minimal intent={Intent.WARNING} icon="shield">
                  Witness {entity.witnessPseudonym}
                </Tag>
              ) : null}
            </div>
          </div>
        </div>
        <div className="area-actions">
          <Button icon="edit" text="Edit" onClick={() => setEditing(true)} aria-keyshortcuts="E" />
          <Button icon="trash" text="Delete…" intent={Intent.DANGER} variant="outlined" onClick={() => setPending({ kind: 'entity' })} />
        </div>
      </header>

      <div className="record-grid">
        <div className="record-main">
          <Section
            compact
            title={`Links (${entity.links.length})`}
            icon="link"
            className="record-section"
            rightElement={<Button size="small" icon="add" text="Add link" onClick={() => setLinkDialog('new')} aria-keyshortcuts="L" />}
          >
            <SectionCard padded={entity.links.length === 0}>
              <DataTable<LinkView>
                label="Links"
                rows={entity.links}
                rowKey={(l) => l.id}
                compact
                empty="No links yet: membership, command, payments, recruitment, transport …"
                columns={[
                  {
                    id: 'rel',
                    header: 'Relationship',
                    width: '30%',
                    render: (l) => {
                      const out = l.source.id === entity.id;
                      const spec = LINK_KIND_SPECS[l.data.kind];
                      return (
                        <span className="link-rel">
                          {spec.directed ? <Icon icon={out ? 'arrow-right' : 'arrow-left'} size={12} className={Classes.TEXT_MUTED} title={out ? 'from this entity' : 'to this entity'} /> : <Icon icon="arrows-horizontal" size={12} className={Classes.TEXT_MUTED} />}
                          {out || !spec.directed ? spec.verb : `${spec.verb} this entity`}
                          {l.data.role ? <span className={Classes.TEXT_MUTED}> · {l.data.role}</span> : null}
                        </span>
                      );
                    },
                  },
                  {
                    id: 'other',
                    header: 'Other entity',
                    render: (l) => {
                      const other = l.source.id === entity.id ? l.target : l.source;
                      return <EntityLink id={other.id} name={other.name} kind={other.kind} />;
                    },
                  },
                  {
                    id: 'when',
                    header: 'When',
                    width: '15%',
                    render: (l) => {
                      const span = l.data.start || l.data.end ? `${formatPartialDate(l.data.start) || '…'} – ${formatPartialDate(l.data.end) || '…'}` : '';
                      return <span className="tabular">{formatPartialDate(l.data.date) || span || <span className={Classes.TEXT_MUTED}>—</span>}</span>;
                    },
                  },
                  {
                    id: 'money',
                    header: 'Amount',
                    width: '12%',
                    align: 'right',
                    render: (l) => (l.data.money ? <span className="tabular">{`${l.data.money.amount.toLocaleString('en-GB')} ${l.data.money.currency ?? ''}`.trim()}</span> : <span className={Classes.TEXT_MUTED}>—</span>),
                  },
                  {
                    id: 'claims',
                    header: 'Claims',
                    width: '64px',
                    align: 'right',
                    render: (l) => (l.claims ? <span className="tabular">{l.claims}</span> : <Tooltip content="No claim asserts this link yet"><span className="unsupported-count">0</span></Tooltip>),
                  },
                  {
                    id: 'actions',
                    header: '',
                    width: '64px',
                    align: 'right',
                    render: (l) => (
                      <ButtonGroup variant="minimal" className="row-actions">
                        <Button size="small" icon="edit" aria-label="Edit link" onClick={() => setLinkDialog(l)} />
                        <Button size="small" icon="trash" aria-label="Delete link" onClick={() => setPending({ kind: 'link', link: l })} />
                      </ButtonGroup>
                    ),
                  },
                ]}
              />
            </SectionCard>
          </Section>

          <Section
            compact
            title={`Claims (${claimsAboutEntity.length})`}
            icon="citation"
            className="record-section"
            rightElement={<Button size="small" icon="add" text="Add claim" onClick={() => setClaimDialog('new')} aria-keyshortcuts="C" />}
          >
            <SectionCard>
              {claimsAboutEntity.length === 0 ? (
                <p className={`section-empty ${Classes.TEXT_MUTED}`}>No claims yet. A claim ties what this entity did to the evidence that shows it.</p>
              ) : (
                <div className="claim-list">
                  {claimsAboutEntity.map((c) => (
                    <ClaimCard key={c.id} claim={c} onEdit={() => setClaimDialog(c)} onDelete={() => setPending({ kind: 'claim', claim: c })} />
                  ))}
                </div>
              )}
            </SectionCard>
          </Section>

          <MentionsSection
            entity={entity}
            onSaved={() => {
              changed();
              reload();
            }}
          />

          <Section compact title="Sanctions criteria" icon="properties" className="record-section" collapsible rightElement={<Button size="small" icon="maximize" text="Full matrix" onClick={() => navigate({ area: 'criteria', entityId: entity.id })} />}>
            <SectionCard>
              <CriteriaMatrix entityId={entity.id} caseId={d.caseId} />
            </SectionCard>
          </Section>

          <Section
            compact
            title={`Events (${entity.events.length})`}
            icon="timeline-events"
            className="record-section"
            rightElement={<Button size="small" icon="add" text="Add to event" onClick={() => setEventDialog(true)} />}
          >
            <SectionCard padded={entity.events.length === 0}>
              <DataTable<EventView>
                label="Events"
                rows={entity.events}
                rowKey={(e) => e.id}
                onOpen={(e) => navigate({ area: 'events', eventId: e.id })}
                compact
                empty="Not placed in any event yet."
                columns={[
                  { id: 'title', header: 'Event', render: (e) => <span dir="auto">{e.data.title}</span> },
                  { id: 'when', header: 'When', width: '16%', render: (e) => <span className="tabular">{formatPartialDate(e.data.date) || '—'}</span> },
                  { id: 'where', header: 'Where', width: '20%', render: (e) => [e.data.place.name, e.data.place.country?.toUpperCase()].filter(Boolean).join(', ') || '—' },
                  { id: 'role', header: 'Role', width: '16%', render: (e) => e.participants.find((p) => p.id === entity.id)?.role || <span className={Classes.TEXT_MUTED}>—</span> },
                  { id: 'claims', header: 'Claims', width: '9%', align: 'right', render: (e) => <span className="tabular">{e.claims}</span> },
                  {
                    id: 'actions',
                    header: '',
                    width: '40px',
                    align: 'right',
                    render: (e) => <Button variant="minimal" size="small" icon="cross" aria-label={`Remove from ${e.data.title}`} title="Remove from this event" onClick={() => setPending({ kind: 'participation', event: e })} />,
                  },
                ]}
              />
            </SectionCard>
          </Section>
        </div>

        <aside className="record-side">
          <Section compact title="Details" icon="id-number" className="record-section">
            <SectionCard>
              <dl className="facts facts-compact">
                <Fact label="Born">{formatPartialDate(d.birthDate)}</Fact>
                <Fact label="Place of birth">{d.birthPlace}</Fact>
                <Fact label="Died">{formatPartialDate(d.deathDate)}</Fact>
                <Fact label="Founded">{formatPartialDate(d.foundedDate)}</Fact>
                <Fact label="Nationality">{d.nationality.length ? countries(d.nationality) : null}</Fact>
                <Fact label="Countries">{d.countries.length ? countries(d.countries) : null}</Fact>
                <Fact label="Gender">{d.gender ? d.gender.charAt(0).toUpperCase() + d.gender.slice(1) : null}</Fact>
                <Fact label="Position">{d.position}</Fact>
                <Fact label="Address">{d.address}</Fact>
                <Fact label="Bank">{d.bankName}</Fact>
                <Fact label="Flag">{d.flag ? countries([d.flag]) : null}</Fact>
                <Fact label="Jurisdiction">{d.jurisdiction ? countries([d.jurisdiction]) : null}</Fact>
              </dl>
              {d.description ? (
                <p className="record-description" dir="auto">
                  {d.description}
                </p>
              ) : null}
              {!d.birthDate && !d.birthPlace && !d.foundedDate && !d.nationality.length && !d.countries.length && !d.gender && !d.position && !d.address && !d.bankName && !d.flag && !d.jurisdiction && !d.description ? (
                <p className={`section-empty ${Classes.TEXT_MUTED}`}>No details recorded.</p>
              ) : null}
            </SectionCard>
          </Section>

          <Section compact title={`Names (${names.length + 1})`} icon="label" className="record-section">
            <SectionCard padded={false}>
              <table className="data-table data-table-compact" aria-label="Names and aliases">
                <tbody>
                  <tr>
                    <td className="name-cell">
                      <bdi>{d.name}</bdi>
                    </td>
                    <td className={Classes.TEXT_MUTED}>primary name</td>
                  </tr>
                  {names.map((n, i) => (
                    <tr key={i}>
                      <td className="name-cell">
                        <bdi>{n.value}</bdi>
                      </td>
                      <td className={Classes.TEXT_MUTED}>
                        {n.quality}
                        {n.script ? ` · ${SCRIPT_LABELS[n.script] ?? n.script}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </SectionCard>
          </Section>

          {d.identifiers.length ? (
            <Section compact title={`Identifiers (${d.identifiers.length})`} icon="id-number" className="record-section">
              <SectionCard padded={false}>
                <table className="data-table data-table-compact" aria-label="Identifiers">
                  <tbody>
                    {d.identifiers.map((x, i) => (
                      <tr key={i}>
                        <td className={Classes.TEXT_MUTED}>{IDENTIFIER_LABELS[x.type]}</td>
                        <td className="mono">{x.value}</td>
                        <td>{x.country?.toUpperCase() ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </SectionCard>
            </Section>
          ) : null}

          <Section compact title={`Evidence (${entity.evidence.length})`} icon="document" className="record-section">
            <SectionCard padded={entity.evidence.length === 0}>
              {entity.evidence.length ? (
                <ul className="evidence-mini-list">
                  {entity.evidence.map((ev) => (
                    <li key={ev.id}>
                      <Tag minimal className="grade-tag" title={gradeExplanation(ev.sourceReliability, ev.credibility)}>
                        {grade(ev.sourceReliability, ev.credibility)}
                      </Tag>
                      <button type="button" className="inline-link" onClick={() => navigate({ area: 'evidence', evidenceId: ev.id })}>
                        <span dir="auto">{ev.title}</span>
                      </button>
                      <span className={Classes.TEXT_MUTED}>{ev.type === 'statement' ? 'statement' : formatBytes(ev.size)}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className={`section-empty ${Classes.TEXT_MUTED}`}>No evidence cited in claims about this entity yet.</p>
              )}
            </SectionCard>
          </Section>
          <p className={`record-keys ${Classes.TEXT_MUTED}`}>
            <KeyComboTag combo="e" minimal /> edit · <KeyComboTag combo="l" minimal /> link · <KeyComboTag combo="c" minimal /> claim · <kbd className="plain-key">?</kbd> all shortcuts
          </p>
        </aside>
      </div>

      <EntityFormDialog
        isOpen={editing}
        caseId={d.caseId}
        existing={entity}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          changed();
        }}
      />
      <LinkDialog entity={entity} existing={linkDialog === 'new' ? null : linkDialog} isOpen={linkDialog !== null} onClose={() => setLinkDialog(null)} onSaved={saved} />
      <EventDialog entity={entity} isOpen={eventDialog} onClose={() => setEventDialog(false)} onSaved={saved} />
      <ClaimDialog entity={entity} existing={claimDialog === 'new' ? null : claimDialog} isOpen={claimDialog !== null} onClose={() => setClaimDialog(null)} onSaved={saved} />

      <ConfirmDialog
        isOpen={pending !== null}
        title={
          pending?.kind === 'entity' ? `Delete ${d.name}?` : pending?.kind === 'link' ? 'Delete this link?' : pending?.kind === 'claim' ? 'Delete this claim?' : 'Remove from this event?'
        }
        icon={pending?.kind === 'participation' ? 'cross' : 'trash'}
        confirmText={pending?.kind === 'entity' ? 'Delete entity' : pending?.kind === 'link' ? 'Delete link' : pending?.kind === 'claim' ? 'Delete claim' : 'Remove'}
        busy={remove.busy}
        error={remove.error}
        onClose={() => {
          setPending(null);
          remove.clearError();
        }}
        onConfirm={() => void confirmRemove()}
        acknowledge={
          pending?.kind === 'entity' && impact.data && impact.data.claims.length
            ? `I understand that ${plural(impact.data.claims.length, 'claim')} will be deleted with it.`
            : pending?.kind === 'link' && pending.link.claims
              ? `I understand that ${plural(pending.link.claims, 'claim')} asserting this link will be deleted with it.`
              : null
        }
      >
        {pending?.kind === 'entity' ? (
          impact.data ? (
            impact.data.links.length || impact.data.claims.length || impact.data.events.length ? (
              <>
                <p>Deleting {d.name} also removes:</p>
                <ul className="impact-list" data-testid="delete-impact">
                  {impact.data.links.length ? <li>{plural(impact.data.links.length, 'link')} to other entities</li> : null}
                  {impact.data.claims.length ? <li>{plural(impact.data.claims.length, 'claim')} about it or its links</li> : null}
                  {impact.data.events.length ? <li>its part in {plural(impact.data.events.length, 'event')} (the events stay)</li> : null}
                </ul>
                <p className={Classes.TEXT_MUTED}>Evidence items are not deleted. You can undo this with Ctrl+Z.</p>
              </>
            ) : (
              <p>Nothing else refers to {d.name}. You can undo this with Ctrl+Z.</p>
            )
          ) : (
            <Spinner size={16} />
          )
        ) : pending?.kind === 'link' ? (
          <p>
            {pending.link.source.name} {LINK_KIND_SPECS[pending.link.data.kind].verb} {pending.link.target.name}.
            {pending.link.claims ? ` ${plural(pending.link.claims, 'claim')} asserting it will be deleted too.` : ''}
          </p>
        ) : pending?.kind === 'claim' ? (
          <p>“{pending.claim.summary}”. The evidence items it cites stay.</p>
        ) : pending?.kind === 'participation' ? (
          <p>
            {d.name} will no longer be listed in “{pending.event.data.title}”. The event stays.
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

export function EntityPage({ entityId }: { entityId: string }) {
  const { version, navigate } = useWorkspace();
  const q = useQuery(() => invoke('entity.get', { id: entityId }), [entityId, version]);
  if (q.error && (!q.data || q.error.is('NOT_FOUND'))) {
    return (
      <div className="placeholder-area">
        <NonIdealState
          icon={q.error.is('NOT_FOUND') ? 'search' : 'error'}
          title={q.error.is('NOT_FOUND') ? 'This entity no longer exists' : 'The entity could not be read'}
          description={q.error.is('NOT_FOUND') ? 'It was deleted, or its creation was undone.' : describeError(q.error).message}
          action={<Button icon="arrow-left" text="Back to entities" onClick={() => navigate({ area: 'entities' })} />}
        />
      </div>
    );
  }
  if (!q.data) {
    return (
      <div className="log-loading">
        <Spinner size={24} aria-label="Loading the entity" />
      </div>
    );
  }
  return <EntityBody entity={q.data} reload={q.reload} />;
}
