/** One witness: pseudonym and protection facts, their statements, and the sealed identity panel. */
import { Button, Classes, H1, Icon, Intent, NonIdealState, Section, SectionCard, Spinner, Tooltip } from '@blueprintjs/core';
import { useState } from 'react';
import type { EvidenceView } from '../../shared/ipc/schemas/case';
import { formatPartialDate } from '../../shared/model/partial-date';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { DataTable } from '../ui/data-table';
import { formatDate } from '../ui/format';
import { useCurrentCase, useWorkspace } from '../workspace/workspace';
import { IdentityPanel } from './identity-panel';
import { loadStatements, loadWitness } from './witness-data';
import { IdentityState, RiskTag } from './witness-list-screen';
import { WitnessDialog } from './witness-dialog';
import { useDraftOpener } from '../workspace/drafts';

export function ConsentIcons({ consent }: { consent: NonNullable<EvidenceView['data']['statement']>['consent'] }) {
  const items: [boolean, string, string][] = [
    [consent.useForListing, 'Listing', 'May be used for a sanctions listing'],
    [consent.shareWithProsecutors, 'Prosecutors', 'May be shared with prosecutors'],
    [consent.mayBeNamed, 'Named', 'May be named'],
  ];
  return (
    <span className="consent-icons">
      {items.map(([on, label, full]) => (
        <Tooltip key={label} content={`${full}: ${on ? 'yes' : 'no'}`} placement="top" hoverOpenDelay={300}>
          <span className={on ? 'consent-on' : `consent-off ${Classes.TEXT_MUTED}`}>
            <Icon icon={on ? 'tick' : 'cross'} size={11} /> {label}
          </span>
        </Tooltip>
      ))}
    </span>
  );
}

export function WitnessPage({ witnessId }: { witnessId: string }) {
  const current = useCurrentCase();
  const { version, navigate, changed, status } = useWorkspace();
  const w = useQuery(() => loadWitness(current.id, witnessId), [current.id, witnessId, version, status.witnessUnlocked]);
  const statements = useQuery(() => loadStatements(current.id, witnessId), [current.id, witnessId, version]);
  const [editing, setEditing] = useState(false);
  // Witness details kept through a lock open the form again (never the identity: it is not kept).
  useDraftOpener('witness', (d) => d.context.witnessId === witnessId, () => setEditing(true));

  if (w.error && !w.data) return <NonIdealState icon="error" title="The witness could not be read" description={describeError(w.error).message} />;
  if (w.data === undefined)
    return (
      <div className="log-loading">
        <Spinner size={24} />
      </div>
    );
  const witness = w.data;
  if (!witness) {
    return (
      <div className="placeholder-area">
        <NonIdealState icon="search" title="This witness no longer exists" action={<Button icon="arrow-left" text="Back to statements" onClick={() => navigate({ area: 'statements' })} />} />
      </div>
    );
  }

  return (
    <div className="area-page area-page-wide record-page witness-page">
      <nav className="record-breadcrumb" aria-label="Breadcrumb">
        <Button variant="minimal" size="small" icon="arrow-left" text="Statements" onClick={() => navigate({ area: 'statements' })} />
      </nav>
      <header className="record-header">
        <div className="record-title">
          <Icon icon="person" size={20} className="record-icon" />
          <div>
            <H1 className="record-name">Witness {witness.data.pseudonym}</H1>
            <div className="record-tags">
              <RiskTag level={witness.data.riskLevel} />
              <span className="record-tag-text">
                Identity: <IdentityState w={witness} />
              </span>
            </div>
          </div>
        </div>
        <div className="area-actions">
          <Button icon="edit" text="Edit" onClick={() => setEditing(true)} />
          <Button icon="add" intent={Intent.PRIMARY} text="Record statement" onClick={() => navigate({ area: 'statements', witnessId, statementId: 'new' })} />
        </div>
      </header>
      <div className="record-grid">
        <div className="record-main">
          <Section compact title={`Statements (${statements.data?.length ?? witness.statements})`} icon="chat" className="record-section">
            <SectionCard padded={!statements.data?.length}>
              {!statements.data ? (
                <Spinner size={16} />
              ) : (
                <DataTable<EvidenceView>
                  label="Statements"
                  rows={statements.data}
                  rowKey={(s) => s.id}
                  compact
                  onOpen={(s) => navigate({ area: 'statements', witnessId, statementId: s.id })}
                  empty="No statement recorded yet."
                  fixed
                  columns={[
                    { id: 'title', header: 'Statement', render: (s) => <span dir="auto" title={s.data.title}>{s.data.title}</span> },
                    { id: 'date', header: 'Interview', width: '96px', render: (s) => <span className="tabular">{formatPartialDate(s.data.statement?.interview.date) || '—'}</span> },
                    {
                      id: 'place',
                      header: 'Place and language',
                      width: '30%',
                      render: (s) => <span title={[s.data.statement?.interview.place, s.data.statement?.interview.language].filter(Boolean).join(' · ')}>{[s.data.statement?.interview.place, s.data.statement?.interview.language].filter(Boolean).join(' · ') || '—'}</span>,
                    },
                    { id: 'consent', header: 'Consent', width: '190px', render: (s) => (s.data.statement ? <ConsentIcons consent={s.data.statement.consent} /> : null) },
                  ]}
                />
              )}
            </SectionCard>
          </Section>
        </div>
        <aside className="record-side">
          <Section compact title="Real identity" icon="id-number" className="record-section">
            <SectionCard>
              <IdentityPanel witness={witness} onChanged={() => w.reload()} />
            </SectionCard>
          </Section>
          <Section compact title="Protection" icon="shield" className="record-section">
            <SectionCard>
              <dl className="facts facts-compact">
                <dt>Risk</dt>
                <dd>
                  <RiskTag level={witness.data.riskLevel} />
                </dd>
                <dt>Registered</dt>
                <dd>{formatDate(witness.createdAt)}</dd>
                {witness.data.notes ? (
                  <>
                    <dt>Notes</dt>
                    <dd className="pre-wrap">{witness.data.notes}</dd>
                  </>
                ) : null}
              </dl>
            </SectionCard>
          </Section>
        </aside>
      </div>
      <WitnessDialog
        isOpen={editing}
        caseId={current.id}
        existing={witness}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          changed();
        }}
      />
    </div>
  );
}
