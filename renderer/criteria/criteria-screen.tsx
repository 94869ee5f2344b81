/**
 * The Criteria area: a case-wide overview (every entity, which criteria are met or partly supported, who is
 * excluded as a victim), and one entity's full matrix when chosen.
 */
import { Button, Classes, H1, HTMLSelect, Icon, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useMemo } from 'react';
import { AUTHORITIES, REGIMES } from '../../shared/catalog';
import { invoke } from '../api/client';
import { useQuery } from '../api/query';
import { DataTable } from '../ui/data-table';
import { FormError } from '../ui/fields';
import { plural } from '../ui/format';
import { useCurrentCase, useViewState, useWorkspace } from '../workspace/workspace';
import { CriteriaMatrix } from './criteria-matrix';
import { StatusTag, type CriterionStatus } from './status';
import './criteria.css';

interface Row {
  entityId: string;
  name: string;
  excluded: boolean;
  met: string[];
  partly: string[];
  status: CriterionStatus;
}

function overall(r: { excluded: boolean; met: string[]; partly: string[] }): CriterionStatus {
  if (r.excluded) return 'excluded';
  if (r.met.length) return 'met';
  if (r.partly.length) return 'partly';
  return 'not_supported';
}

const RANK: Record<CriterionStatus, number> = { met: 0, partly: 1, excluded: 2, not_supported: 3 };

function Ids({ ids, status }: { ids: string[]; status: CriterionStatus }) {
  if (!ids.length) return <span className={Classes.TEXT_MUTED}>—</span>;
  return (
    <span className="crit-ids">
      {ids.map((id) => (
        <Tag key={id} minimal intent={status === 'met' ? 'success' : 'warning'}>
          {id}
        </Tag>
      ))}
    </span>
  );
}

function EntityCriteria({ entityId, regimeId }: { entityId: string; regimeId?: string }) {
  const { navigate, version } = useWorkspace();
  const current = useCurrentCase();
  const entity = useQuery(() => invoke('entity.get', { id: entityId }), [entityId, version]);
  return (
    <div className="area-page area-page-wide record-page">
      <nav className="record-breadcrumb" aria-label="Breadcrumb">
        <Button variant="minimal" size="small" icon="arrow-left" text="All entities" onClick={() => navigate({ area: 'criteria' })} />
      </nav>
      <header className="area-header area-header-row">
        <div>
          <H1 dir="auto">{entity.data?.data.name ?? 'Criteria'}</H1>
          <p className={Classes.TEXT_MUTED}>Each designation criterion, what supports it and what is missing. Open a criterion to see its claims and graded evidence.</p>
        </div>
        <div className="area-actions">
          <Button icon="person" text="Entity page" onClick={() => navigate({ area: 'entities', entityId })} />
        </div>
      </header>
      {entity.error ? <FormError error={entity.error} /> : <CriteriaMatrix entityId={entityId} caseId={entity.data?.data.caseId ?? current.id} {...(regimeId ? { regimeId } : {})} />}
    </div>
  );
}

function Overview() {
  const { navigate, version } = useWorkspace();
  const current = useCurrentCase();
  const [regime, setRegime] = useViewState<string>(`criteria.overview.regime.${current.id}`, '');
  const q = useQuery(() => invoke('criteria.assessCase', { caseId: current.id, ...(regime ? { regimes: [regime] } : {}) }), [current.id, regime, version]);
  const rows = useMemo<Row[]>(
    () =>
      (q.data ?? [])
        .map((r) => ({ ...r, status: overall(r) }))
        .sort((a, b) => RANK[a.status] - RANK[b.status] || b.met.length - a.met.length || b.partly.length - a.partly.length || a.name.localeCompare(b.name)),
    [q.data],
  );
  const count = (s: CriterionStatus) => rows.filter((r) => r.status === s).length;
  const open = (r: Row) => navigate({ area: 'criteria', entityId: r.entityId, ...(regime ? { regimeId: regime } : {}) });
  return (
    <div className="area-page area-page-wide">
      <header className="area-header area-header-row">
        <div>
          <H1>Criteria</H1>
          <p className={Classes.TEXT_MUTED}>Sanctions designation criteria checked against the claims in {current.data.name}: met, partly supported or missing, and why.</p>
        </div>
        <div className="area-actions">
          <HTMLSelect className="crit-regime-select" value={regime} onChange={(e) => setRegime(e.currentTarget.value)} aria-label="Regime">
            <option value="">Suggested regimes for each entity</option>
            {AUTHORITIES.map((a) => (
              <optgroup key={a} label={a}>
                {REGIMES.filter((r) => r.authority === a).map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </HTMLSelect>
        </div>
      </header>
      {q.error && !q.data ? <FormError error={q.error} /> : null}
      {!q.data && !q.error ? <Spinner size={24} aria-label="Assessing the case" /> : null}
      {q.data && rows.length === 0 ? (
        <NonIdealState icon="people" title="No entities in this case yet" description="Add people and organisations, and claims about what they did, to see which criteria they meet." />
      ) : null}
      {rows.length ? (
        <>
          <div className="crit-overview-summary" aria-label="Summary">
            <StatusTag status="met" count={count('met')} />
            <StatusTag status="partly" count={count('partly')} />
            <StatusTag status="excluded" count={count('excluded')} />
            <span className={Classes.TEXT_MUTED}>{plural(count('not_supported'), 'entity', 'entities')} with nothing supported yet</span>
          </div>
          <DataTable<Row>
            label="Criteria by entity"
            testId="criteria-overview"
            rows={rows}
            rowKey={(r) => r.entityId}
            onOpen={open}
            columns={[
              {
                id: 'name',
                header: 'Entity',
                render: (r) => (
                  <button type="button" className="inline-link" onClick={() => open(r)}>
                    <span dir="auto">{r.name}</span>
                  </button>
                ),
              },
              { id: 'status', header: 'Status', width: '180px', render: (r) => <StatusTag status={r.status} /> },
              { id: 'met', header: 'Criteria met', width: '24%', render: (r) => <Ids ids={r.met} status="met" /> },
              { id: 'partly', header: 'Partly supported', width: '24%', render: (r) => <Ids ids={r.partly} status="partly" /> },
              {
                id: 'go',
                header: '',
                width: '40px',
                align: 'right',
                render: (r) => <Button variant="minimal" size="small" icon="chevron-right" aria-label={`Open the criteria for ${r.name}`} onClick={() => open(r)} />,
              },
            ]}
          />
          <p className={`record-keys ${Classes.TEXT_MUTED}`}>
            <Icon icon="key-enter" size={12} /> opens the selected entity · ↑/↓ move
          </p>
        </>
      ) : null}
    </div>
  );
}

export function CriteriaScreen() {
  const { route } = useWorkspace();
  return route.entityId ? <EntityCriteria key={route.entityId} entityId={route.entityId} {...(route.regimeId ? { regimeId: route.regimeId } : {})} /> : <Overview />;
}
