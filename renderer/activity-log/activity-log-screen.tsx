import { Button, Callout, Classes, H1, Intent, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEntryView, AuditReport } from '../../shared/ipc/schemas/vault';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { actionLabel, detailSummary, formatTimestamp, shortHash } from './audit-format';

const PAGE = 500;
const ROW_HEIGHT = 34;
const COLUMNS = ['#', 'Time', 'Actor', 'Action', 'Details', 'Entry hash'] as const;

function VerifyResult({ report, at }: { report: AuditReport; at: string }) {
  if (report.ok) {
    return (
      <Callout intent={Intent.SUCCESS} icon="endorsed" title="Log intact" className="verify-result" role="status">
        All {report.entries} {report.entries === 1 ? 'entry' : 'entries'} checked: the hash chain is unbroken
        {report.signedHeads > 0
          ? ` and ${report.signedHeads} signed ${report.signedHeads === 1 ? 'head matches' : 'heads match'} (last signature covers entry #${report.lastSignedSeq}).`
          : '. No signed head yet: the first is made when the vault is locked.'}
        <span className={`verify-time ${Classes.TEXT_MUTED}`}>Verified {at}</span>
      </Callout>
    );
  }
  const p = report.firstProblem;
  return (
    <Callout intent={Intent.DANGER} icon="error" title={p ? `Log broken at entry #${p.seq}` : 'Log broken'} className="verify-result" role="alert">
      {p ? `${p.problem.charAt(0).toUpperCase()}${p.problem.slice(1)}. ` : ''}
      Entries from this point on cannot be trusted: they were changed, removed or reordered outside Sanctum. Keep a copy of the vault
      folder as it is, and restore from a backup.
      <span className={`verify-time ${Classes.TEXT_MUTED}`}>Verified {at}</span>
    </Callout>
  );
}

export function ActivityLogScreen() {
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [verified, setVerified] = useState<{ report: AuditReport; at: string } | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const list = useAction((beforeSeq?: number) => invoke('audit.list', { limit: PAGE, ...(beforeSeq !== undefined ? { beforeSeq } : {}) }));
  const verify = useAction(() => invoke('audit.verify', {}));

  const reload = useCallback(async () => {
    const r = await list.run();
    if (r?.ok) {
      setEntries(r.value.entries);
      setTotal(r.value.total);
      scrollRef.current?.scrollTo({ top: 0 });
    }
  }, [list.run]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const hasMore = total !== null && entries.length < total;
  const virtualizer = useVirtualizer({
    count: entries.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (!hasMore || list.busy || lastIndex < entries.length - 1) return;
    const oldest = entries[entries.length - 1];
    if (!oldest) return;
    void list.run(oldest.seq).then((r) => {
      if (r?.ok) {
        setEntries((prev) => [...prev, ...r.value.entries.filter((e) => e.seq < oldest.seq)]);
        setTotal(r.value.total);
      }
    });
  }, [hasMore, lastIndex, entries, list.busy, list.run]);

  const runVerify = async () => {
    const r = await verify.run();
    if (r?.ok) setVerified({ report: r.value, at: formatTimestamp(new Date().toISOString()) });
  };

  return (
    <div className="area-page activity-log">
      <header className="area-header area-header-row">
        <div>
          <H1>Activity log</H1>
          <p className={Classes.TEXT_MUTED}>
            Every action on this vault, newest first. Each entry is chained to the one before by its hash, and the chain is signed each time the
            vault locks, so changes, deletions and reordering are detected.
          </p>
        </div>
        <div className="area-actions">
          <Button icon="refresh" text="Refresh" onClick={() => void reload()} disabled={list.busy} />
          <Button icon="endorsed" intent={Intent.PRIMARY} text="Verify log" onClick={() => void runVerify()} loading={verify.busy} />
        </div>
      </header>

      {verify.error ? (
        <Callout intent={Intent.DANGER} icon="error" className="verify-result" role="alert">
          {describeError(verify.error).message}
        </Callout>
      ) : verified ? (
        <VerifyResult report={verified.report} at={verified.at} />
      ) : null}

      {list.error && entries.length === 0 ? (
        <NonIdealState icon="error" title="The activity log could not be read" description={describeError(list.error).message} />
      ) : total === null ? (
        <div className="log-loading">
          <Spinner size={24} aria-label="Loading the activity log" />
        </div>
      ) : (
        <div className="log-table" role="table" aria-label="Activity log" aria-rowcount={total + 1}>
          <div role="rowgroup" className="log-head">
            <div role="row" className="log-row" aria-rowindex={1}>
              {COLUMNS.map((c) => (
                <div role="columnheader" key={c} className="log-cell">
                  {c}
                </div>
              ))}
            </div>
          </div>
          <div ref={scrollRef} className="log-scroll" role="rowgroup" tabIndex={0} aria-label="Log entries (scroll with the arrow keys)">
            <div className="log-canvas" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((v) => {
                const e = entries[v.index];
                if (!e) {
                  return (
                    <div key="more" role="row" className="log-row log-row-more" style={{ transform: `translateY(${v.start}px)`, height: v.size }}>
                      <div role="cell" className="log-cell">
                        <Spinner size={14} /> Loading older entries…
                      </div>
                    </div>
                  );
                }
                const details = detailSummary(e);
                return (
                  <div
                    key={e.seq}
                    role="row"
                    aria-rowindex={v.index + 2}
                    className={`log-row${v.index % 2 ? ' log-row-odd' : ''}`}
                    style={{ transform: `translateY(${v.start}px)`, height: v.size }}
                    data-seq={e.seq}
                  >
                    <div role="cell" className="log-cell log-seq">
                      {e.seq}
                    </div>
                    <div role="cell" className="log-cell log-time" title={e.ts}>
                      {formatTimestamp(e.ts)}
                    </div>
                    <div role="cell" className="log-cell" title={e.actor}>
                      {e.actor}
                    </div>
                    <div role="cell" className="log-cell log-action" title={e.action}>
                      {actionLabel(e.action)}
                    </div>
                    <div role="cell" className="log-cell log-details" title={details}>
                      {details}
                    </div>
                    <div role="cell" className="log-cell log-hash mono" title={e.hash}>
                      {shortHash(e.hash)}
                    </div>
                  </div>
                );
              })}
            </div>
          </div>
          <div className={`log-foot ${Classes.TEXT_MUTED}`}>
            <Tag minimal round>
              {entries.length === total ? `${total} ${total === 1 ? 'entry' : 'entries'}` : `${entries.length} of ${total} entries loaded`}
            </Tag>
          </div>
        </div>
      )}
    </div>
  );
}
