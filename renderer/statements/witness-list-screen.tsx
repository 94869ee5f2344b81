import { Button, Classes, H1, Icon, Intent, NonIdealState, Spinner, Tag, type HotkeyConfig, useHotkeys } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { WitnessView } from '../../shared/ipc/schemas/case';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { DataTable } from '../ui/data-table';
import { formatDate } from '../ui/format';
import { RISK_INTENTS, RISK_LABELS } from '../ui/vocab';
import { useCurrentCase, useWorkspace } from '../workspace/workspace';
import { WitnessDialog } from './witness-dialog';
import { useDraftOpener } from '../workspace/drafts';

export function RiskTag({ level }: { level: string }) {
  return (
    <Tag minimal intent={RISK_INTENTS[level]} icon={level === 'extreme' ? 'warning-sign' : undefined} className="risk-tag">
      {RISK_LABELS[level] ?? level} risk
    </Tag>
  );
}

export function IdentityState({ w }: { w: WitnessView }) {
  if (w.hasIdentity === null)
    return (
      <span className={Classes.TEXT_MUTED}>
        <Icon icon="lock" size={12} /> sealed
      </span>
    );
  return w.hasIdentity ? (
    <span>
      <Icon icon="id-number" size={12} className={Classes.TEXT_MUTED} /> recorded
    </span>
  ) : (
    <span className={Classes.TEXT_MUTED}>not recorded</span>
  );
}

export function WitnessListScreen() {
  const current = useCurrentCase();
  const { version, navigate, changed, status } = useWorkspace();
  const q = useQuery(() => invoke('witness.list', { caseId: current.id }), [current.id, version, status.witnessUnlocked]);
  const [creating, setCreating] = useState(false);
  // A new witness's details kept through a lock open the form again.
  useDraftOpener('witness', (d) => !d.context.witnessId, () => setCreating(true));
  const hotkeys = useMemo<HotkeyConfig[]>(() => [{ combo: 'n', global: true, group: 'Statements', label: 'New witness', preventDefault: true, onKeyDown: () => setCreating(true) }], []);
  useHotkeys(hotkeys);
  const rows = [...(q.data ?? [])].sort((a, b) => a.data.pseudonym.localeCompare(b.data.pseudonym, 'en', { numeric: true }));

  return (
    <div className="area-page area-page-wide">
      <header className="area-header area-header-row">
        <div>
          <H1>Statements</H1>
          <p className={Classes.TEXT_MUTED}>
            Witnesses of {current.data.name}, known here only by pseudonym. Their real identities stay in the witness compartment; every look at one is logged.
          </p>
        </div>
        <div className="area-actions">
          <Button intent={Intent.PRIMARY} icon="new-person" text="New witness" onClick={() => setCreating(true)} aria-keyshortcuts="N" />
        </div>
      </header>
      {q.error && !q.data ? (
        <NonIdealState icon="error" title="The witnesses could not be read" description={describeError(q.error).message} />
      ) : !q.data ? (
        <Spinner size={24} />
      ) : (
        <DataTable<WitnessView>
          label="Witnesses"
          rows={rows}
          rowKey={(w) => w.id}
          onOpen={(w) => navigate({ area: 'statements', witnessId: w.id })}
          testId="witness-table"
          empty={
            <NonIdealState
              icon="chat"
              title="No witnesses yet"
              description="Register a witness under a pseudonym, then record their statements: interview details, consent, risk and the account itself."
              action={<Button intent={Intent.PRIMARY} icon="new-person" text="Register the first witness" onClick={() => setCreating(true)} />}
            />
          }
          columns={[
            { id: 'pseudonym', header: 'Witness', width: '22%', render: (w) => <strong className="pseudonym">{w.data.pseudonym}</strong> },
            { id: 'risk', header: 'Risk', width: '16%', render: (w) => <RiskTag level={w.data.riskLevel} /> },
            { id: 'statements', header: 'Statements', width: '12%', align: 'right', render: (w) => <span className="tabular">{w.statements}</span> },
            { id: 'identity', header: 'Identity', width: '16%', render: (w) => <IdentityState w={w} /> },
            { id: 'notes', header: 'Notes', render: (w) => <span className={`clamp-1 ${Classes.TEXT_MUTED}`}>{w.data.notes || '—'}</span> },
            { id: 'added', header: 'Registered', width: '110px', render: (w) => <span className="tabular">{formatDate(w.createdAt)}</span> },
          ]}
        />
      )}
      <WitnessDialog
        isOpen={creating}
        caseId={current.id}
        existing={null}
        onClose={() => setCreating(false)}
        onSaved={(w) => {
          setCreating(false);
          changed();
          navigate({ area: 'statements', witnessId: w.id });
        }}
      />
    </div>
  );
}
