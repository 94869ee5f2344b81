/**
 * The Events area: every event of the current case — when, where, how many participants and victims, and how
 * the trafficking test reads it — so events are worked on directly rather than only from an entity's page.
 */
import { Classes, H1, NonIdealState, Spinner } from '@blueprintjs/core';
import { useMemo } from 'react';
import type { EventView } from '../../shared/ipc/schemas/case';
import { formatPartialDate, sortKey } from '../../shared/model/partial-date';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { conductLabel } from '../criteria/status';
import { DataTable } from '../ui/data-table';
import { countryName } from '../ui/format';
import { useCurrentCase, useWorkspace } from '../workspace/workspace';
import { OutcomeTag } from './trafficking-labels';

export function placeText(e: EventView): string {
  const c = e.data.place.country;
  return [e.data.place.name, c ? (countryName(c) ?? c.toUpperCase()) : null].filter(Boolean).join(', ');
}

export function victimCount(e: EventView): number {
  return e.data.victims.reduce((n, v) => n + v.count, 0);
}

export function EventsScreen() {
  const current = useCurrentCase();
  const { version, navigate } = useWorkspace();
  const events = useQuery(() => invoke('event.list', { caseId: current.id }), [current.id, version]);
  const outcomes = useQuery(() => invoke('criteria.traffickingOutcomes', { caseId: current.id }), [current.id, version]);
  const byEvent = useMemo(() => new Map((outcomes.data ?? []).map((o) => [o.eventId, o])), [outcomes.data]);
  // Date order, undated last, so the list reads as the case's timeline.
  const rows = useMemo(
    () => [...(events.data ?? [])].sort((a, b) => (sortKey(a.data.date) || '~').localeCompare(sortKey(b.data.date) || '~') || a.data.title.localeCompare(b.data.title)),
    [events.data],
  );

  return (
    <div className="area-page area-page-wide">
      <header className="area-header">
        <H1>Events</H1>
        <p className={Classes.TEXT_MUTED}>What happened in {current.data.name}, when and where, who took part, the victims, and how the trafficking test reads each event. Open one to see and edit it.</p>
      </header>
      {events.error && !events.data ? (
        <NonIdealState icon="error" title="The events could not be read" description={describeError(events.error).message} />
      ) : !events.data ? (
        <Spinner size={24} />
      ) : (
        <DataTable<EventView>
          label="Events"
          rows={rows}
          rowKey={(e) => e.id}
          onOpen={(e) => navigate({ area: 'events', eventId: e.id })}
          testId="event-table"
          empty={
            <NonIdealState
              icon="timeline-events"
              title="No events yet"
              description="Events are recorded from an entity’s page (“Add to event”): a recruitment, a crossing, a detention. They then appear here with their trafficking test."
            />
          }
          columns={[
            { id: 'when', header: 'When', width: '12%', render: (e) => <span className="tabular">{formatPartialDate(e.data.date) || <span className={Classes.TEXT_MUTED}>undated</span>}</span> },
            { id: 'title', header: 'Event', render: (e) => <span dir="auto">{e.data.title}</span> },
            {
              id: 'type',
              header: 'Type (conduct)',
              width: '22%',
              render: (e) => (e.data.conduct.length ? e.data.conduct.map(conductLabel).join(', ') : <span className={Classes.TEXT_MUTED}>not tagged</span>),
            },
            { id: 'where', header: 'Where', width: '16%', render: (e) => placeText(e) || <span className={Classes.TEXT_MUTED}>—</span> },
            { id: 'participants', header: 'Participants', width: '90px', align: 'right', render: (e) => <span className="tabular">{e.participants.length}</span> },
            { id: 'victims', header: 'Victims', width: '70px', align: 'right', render: (e) => <span className="tabular">{victimCount(e)}</span> },
            {
              id: 'outcome',
              header: 'Trafficking test',
              width: '18%',
              render: (e) => {
                const o = byEvent.get(e.id);
                if (o) return <OutcomeTag outcome={o.outcome} verdict={o.trafficking} />;
                return outcomes.error ? <span className={Classes.TEXT_MUTED}>not available</span> : <Spinner size={12} />;
              },
            },
          ]}
        />
      )}
    </div>
  );
}
