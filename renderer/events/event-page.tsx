/**
 * One event: what happened, when and where, who took part in which role, the victims, the claims (with their
 * graded evidence) tied to it, and the trafficking test — act, means and purpose, each with what carries it,
 * and how the facts read as a whole (trafficking, smuggling, smuggling turned trafficking).
 */
import { Button, Callout, Classes, H1, H4, Icon, Intent, NonIdealState, Section, SectionCard, Spinner, Tag, useHotkeys, type HotkeyConfig } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { ClaimView, EventView } from '../../shared/ipc/schemas/case';
import type { TraffickingTestView } from '../../shared/ipc/schemas/criteria';
import { formatPartialDate } from '../../shared/model/partial-date';
import { PARTICIPANT_ROLE_LABELS, isPerpetratorRole, participantRole } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { conductLabel } from '../criteria/status';
import { ClaimCard } from '../entities/claim-card';
import { DataTable } from '../ui/data-table';
import { countryName, humanize, plural } from '../ui/format';
import { KIND_ICONS } from '../ui/vocab';
import { useWorkspace } from '../workspace/workspace';
import { EventEditDialog } from './event-edit-dialog';
import { useDraftOpener } from '../workspace/drafts';
import { placeText, victimCount } from './events-screen';
import { ElementStatusTag, OutcomeTag, VERDICT_LABELS } from './trafficking-labels';
import './events.css';

type Victim = EventView['data']['victims'][number];
type Finding = TraffickingTestView['act'];

const yesNo = (b: boolean | undefined) => (b === undefined ? 'Not known' : b ? 'Yes' : 'No');

function roleText(role: string): string {
  const r = participantRole(role);
  if (r === 'unspecified') return role ? `${role} (free text, unspecified)` : 'Unspecified';
  return PARTICIPANT_ROLE_LABELS[r];
}

/** One element of the test: its status, the tags recorded on the event, and the claims that evidence it. */
function ElementRow({ name, f, claims, note }: { name: string; f: Finding; claims: Map<string, ClaimView>; note?: string | null }) {
  return (
    <div className="tip-element" data-testid={`tip-${name.toLowerCase()}`} role="group" aria-label={`${name}: ${f.status}`}>
      <div className="tip-element-head">
        <H4>{name}</H4>
        <ElementStatusTag status={f.status} />
        {note ? <span className={Classes.TEXT_MUTED}>{note}</span> : null}
      </div>
      {f.evidenced.length === 0 && f.recorded.length === 0 ? <p className={Classes.TEXT_MUTED}>Nothing recorded or claimed for this element.</p> : null}
      {f.recorded.length ? (
        <p>
          <span className={Classes.TEXT_MUTED}>Recorded on the event: </span>
          {f.recorded.map(conductLabel).join(', ')}
        </p>
      ) : null}
      {f.evidenced.length ? (
        <ul className="tip-carriers">
          {f.evidenced.map((e) => (
            <li key={`${e.tag}|${e.eventId}`}>
              <Icon icon={e.corroborated ? 'tick-circle' : 'warning-sign'} intent={e.corroborated ? Intent.SUCCESS : Intent.WARNING} size={12} /> <strong>{conductLabel(e.tag)}</strong> —{' '}
              {plural(e.independentSources, 'independent source')}
              {e.corroborated ? ', meets the standard' : ', short of the standard'}
              <ul>
                {e.claimIds.map((id) => {
                  const c = claims.get(id);
                  return (
                    <li key={id} dir="auto">
                      {c ? c.summary : `claim ${id.slice(0, 8)} (at another event of the chain)`}
                      {c?.data.statement ? <span className={Classes.TEXT_MUTED}> — “{c.data.statement}”</span> : null}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function TraffickingTestPanel({ eventId, claims, version }: { eventId: string; claims: Map<string, ClaimView>; version: number }) {
  const q = useQuery(() => invoke('criteria.traffickingTest', { eventId }), [eventId, version]);
  if (q.error) return <Callout intent={Intent.DANGER} title="The trafficking test could not be run">{describeError(q.error).message}</Callout>;
  const t = q.data;
  if (!t) return <Spinner size={20} />;
  const age = t.age === 'children' ? 'Children among the victims: the means element is not required.' : t.age === 'adults' ? 'All victims recorded as adults.' : 'Age not known for every victim: the child rule is neither applied nor ruled out.';
  return (
    <div className="tip-panel" data-testid="trafficking-test">
      <div className="tip-outcome">
        <span>Outcome:</span> <OutcomeTag outcome={t.outcome} verdict={t.trafficking} />
        <span className={Classes.TEXT_MUTED}>
          Trafficking: {VERDICT_LABELS[t.trafficking]}
          {t.establishedVia ? ` (through the chain of ${t.establishedVia})` : ''} · standard: {t.standard.authority}, {plural(t.standard.minIndependentSources, 'independent source')}
        </span>
      </div>
      <ElementRow name="Act" f={t.act} claims={claims} />
      <ElementRow name="Means" f={t.means} claims={claims} note={t.meansNotRequired ? 'not required: child victims' : null} />
      <ElementRow name="Purpose" f={t.purpose} claims={claims} />
      <p>{age}</p>
      {t.consent ? <p>Consent: {t.consent}</p> : null}
      <div className="tip-element" data-testid="tip-smuggling">
        <div className="tip-element-head">
          <H4>Smuggling</H4>
          <Tag minimal={t.smuggling.status === 'not_shown'} intent={t.smuggling.status === 'established' ? Intent.WARNING : Intent.NONE}>
            {VERDICT_LABELS[t.smuggling.status]}
          </Tag>
          <span className={Classes.TEXT_MUTED}>
            entry {t.smuggling.entry.status}, benefit {t.smuggling.benefit.status}, cross-border {yesNo(t.smuggling.crossBorder ?? undefined).toLowerCase()}
          </span>
        </div>
        {t.smugglingTurnedTrafficking ? <Callout intent={Intent.DANGER} icon="warning-sign">Smuggling facts with an exploitative purpose: the case may have turned into trafficking.</Callout> : null}
      </div>
      {t.chains.length ? (
        <div className="tip-chains">
          <H4>Victims’ journeys</H4>
          <ul>
            {t.chains.map((c) => (
              <li key={c.victimEntityId}>
                <span dir="auto">{c.victimName}</span>: {plural(c.eventIds.length, 'event')} — trafficking {VERDICT_LABELS[c.trafficking].toLowerCase()} (act {c.act.status}, means {c.means.status}, purpose {c.purpose.status})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {t.explanation.length ? (
        <ul className={`tip-explanation ${Classes.TEXT_MUTED}`}>
          {t.explanation.map((x, i) => (
            <li key={i}>{x}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function EventBody({ event }: { event: EventView }) {
  const { navigate, changed, version } = useWorkspace();
  const [editing, setEditing] = useState(false);
  // An edit of this event kept through a lock opens the form again (add-to-event drafts belong to an entity).
  useDraftOpener('event', (x) => x.context.eventId === event.id && !x.context.entityId, () => setEditing(true));
  const claims = useQuery(() => invoke('claim.list', { aboutId: event.id }), [event.id, version]);
  const claimMap = useMemo(() => new Map((claims.data ?? []).map((c) => [c.id, c])), [claims.data]);
  const hotkeys = useMemo<HotkeyConfig[]>(() => [{ combo: 'e', global: true, group: 'Event page', label: 'Edit the event', preventDefault: true, onKeyDown: () => setEditing(true) }], []);
  useHotkeys(hotkeys);
  const d = event.data;
  const eventClaims = (claims.data ?? []).filter((c) => c.data.assertion.type !== 'link' && c.data.assertion.eventId === event.id);

  return (
    <div className="area-page area-page-wide record-page event-page">
      <nav className="record-breadcrumb" aria-label="Breadcrumb">
        <Button variant="minimal" size="small" icon="arrow-left" text="Events" onClick={() => navigate({ area: 'events' })} />
      </nav>
      <header className="record-header">
        <div className="record-title">
          <Icon icon="timeline-events" size={20} className="record-icon" />
          <div>
            <H1 dir="auto" className="record-name">
              {d.title}
            </H1>
            <div className="record-tags">
              <Tag minimal icon="calendar">
                {formatPartialDate(d.date) || 'undated'}
              </Tag>
              {placeText(event) ? (
                <Tag minimal icon="map-marker">
                  {placeText(event)}
                </Tag>
              ) : null}
              {d.conduct.map((c) => (
                <Tag key={c} minimal intent={Intent.PRIMARY}>
                  {conductLabel(c)}
                </Tag>
              ))}
            </div>
          </div>
        </div>
        <div className="area-actions">
          <Button icon="edit" text="Edit" onClick={() => setEditing(true)} aria-keyshortcuts="E" />
        </div>
      </header>

      <div className="record-main">
        <Section compact title="Trafficking test" icon="properties" className="record-section">
          <SectionCard>
            <TraffickingTestPanel eventId={event.id} claims={claimMap} version={version} />
          </SectionCard>
        </Section>

        <Section compact title="What happened" icon="info-sign" className="record-section">
          <SectionCard>
            <dl className="facts facts-compact">
              <dt>When</dt>
              <dd>{formatPartialDate(d.date) || 'Not known'}</dd>
              <dt>Where</dt>
              <dd>{placeText(event) || 'Not known'}</dd>
              <dt>Crossed a border</dt>
              <dd>{yesNo(d.crossBorder)}</dd>
              <dt>Victims consented</dt>
              <dd>{yesNo(d.victimsConsented)}</dd>
              <dt>Conduct</dt>
              <dd>{d.conduct.length ? d.conduct.map(conductLabel).join(', ') : 'No conduct tagged'}</dd>
            </dl>
            {d.description ? (
              <p className="event-description" dir="auto">
                {d.description}
              </p>
            ) : null}
          </SectionCard>
        </Section>

        <Section compact title={`Participants (${event.participants.length})`} icon="people" className="record-section">
          <SectionCard padded={event.participants.length === 0}>
            <DataTable
              label="Participants"
              rows={event.participants}
              rowKey={(p) => p.id}
              onOpen={(p) => navigate({ area: 'entities', entityId: p.id })}
              compact
              empty="Nobody recorded as taking part. Edit the event to add participants with their roles."
              columns={[
                {
                  id: 'name',
                  header: 'Participant',
                  render: (p) => (
                    <span>
                      <Icon icon={KIND_ICONS[p.kind]} size={12} className={Classes.TEXT_MUTED} /> <span dir="auto">{p.name}</span>
                    </span>
                  ),
                },
                { id: 'role', header: 'Role', width: '30%', render: (p) => roleText(p.role) },
                {
                  id: 'conduct',
                  header: 'Carries the event’s conduct',
                  width: '22%',
                  render: (p) => (isPerpetratorRole(p.role) ? 'Yes (perpetrator role)' : <span className={Classes.TEXT_MUTED}>No</span>),
                },
              ]}
            />
          </SectionCard>
        </Section>

        <Section compact title={`Victims (${victimCount(event)})`} icon="shield" className="record-section">
          <SectionCard padded={d.victims.length === 0}>
            <DataTable<Victim & { i: number }>
              label="Victims"
              rows={d.victims.map((v, i) => ({ ...v, i }))}
              rowKey={(v) => String(v.i)}
              compact
              empty="No victims recorded. Edit the event to add them by sex, age band, nationality and form of exploitation."
              columns={[
                { id: 'count', header: 'Number', width: '70px', align: 'right', render: (v) => <span className="tabular">{v.count}</span> },
                { id: 'sex', header: 'Sex', render: (v) => humanize(v.sex) },
                { id: 'age', header: 'Age band', render: (v) => humanize(v.ageBand) },
                { id: 'nat', header: 'Nationality', render: (v) => (v.nationality ? (countryName(v.nationality) ?? v.nationality.toUpperCase()) : 'Not known') },
                { id: 'exp', header: 'Exploitation', render: (v) => humanize(v.exploitation) },
                { id: 'consent', header: 'Consent', render: (v) => yesNo(v.consented) },
                { id: 'border', header: 'Cross-border', render: (v) => yesNo(v.crossBorder) },
              ]}
            />
          </SectionCard>
        </Section>

        <Section compact title={`Claims (${eventClaims.length})`} icon="citation" className="record-section">
          <SectionCard>
            {claims.error ? (
              <Callout intent={Intent.DANGER}>{describeError(claims.error).message}</Callout>
            ) : !claims.data ? (
              <Spinner size={20} />
            ) : eventClaims.length === 0 ? (
              <p className={`section-empty ${Classes.TEXT_MUTED}`}>No claims tie conduct to this event yet. Add them from a participant’s page (“Add claim”, at this event).</p>
            ) : (
              <div className="claim-list">
                {eventClaims.map((c) => (
                  <ClaimCard key={c.id} claim={c} />
                ))}
              </div>
            )}
          </SectionCard>
        </Section>
      </div>
      <EventEditDialog
        event={event}
        isOpen={editing}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          changed();
        }}
      />
    </div>
  );
}

export function EventPage({ eventId, caseId }: { eventId: string; caseId: string }) {
  const { version, navigate } = useWorkspace();
  // There is no event.get: the case's list is small and already what the Events area reads.
  const q = useQuery(() => invoke('event.list', { caseId }), [caseId, version]);
  if (q.error && !q.data) return <NonIdealState icon="error" title="The event could not be read" description={describeError(q.error).message} />;
  if (!q.data) return <Spinner size={24} />;
  const event = q.data.find((e) => e.id === eventId);
  if (!event)
    return (
      <NonIdealState
        icon="timeline-events"
        title="This event is no longer in the case"
        description="It may have been deleted or undone."
        action={<Button text="All events" icon="arrow-left" onClick={() => navigate({ area: 'events' })} />}
      />
    );
  return <EventBody event={event} />;
}
