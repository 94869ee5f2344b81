import { Button, Callout, Classes, H1, HTMLSelect, InputGroup, Intent, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { auditActionGroup } from '../../shared/audit-actions';
import type { AuditEntryView, AuditFacets, AuditFilter, AuditReport } from '../../shared/ipc/schemas/vault';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { useToast } from '../ui/toaster';
import { actionLabel, detailSummary, formatTimestamp, localTimeZone, shortHash } from './audit-format';

const PAGE = 500;
const ROW_HEIGHT = 34;
const ZONE = localTimeZone();
const COLUMNS = ['#', `Time${ZONE ? ` (${ZONE})` : ''}`, 'Who', 'Action', 'Details', 'Entry hash'] as const;

interface FilterForm {
  actor: string;
  action: string;
  item: string;
  from: string;
  to: string;
  text: string;
}
const NO_FILTER: FilterForm = { actor: '', action: '', item: '', from: '', to: '', text: '' };

/** The form's local dates (YYYY-MM-DD, whole days in this computer's zone) as the instants main filters on. */
export function toAuditFilter(f: FilterForm): AuditFilter {
  const out: AuditFilter = {};
  if (f.actor) out.actor = f.actor;
  if (f.action) out.action = f.action;
  if (f.item) out.item = f.item;
  if (f.text.trim()) out.text = f.text.trim();
  const day = (d: string, end: boolean) => {
    const [y, m, dd] = d.split('-').map(Number);
    if (!y || !m || !dd) return undefined;
    return (end ? new Date(y, m - 1, dd, 23, 59, 59, 999) : new Date(y, m - 1, dd)).toISOString();
  };
  const from = f.from ? day(f.from, false) : undefined;
  const to = f.to ? day(f.to, true) : undefined;
  if (from) out.from = from;
  if (to) out.to = to;
  return out;
}

function who(e: AuditEntryView): string {
  return e.device ? `${e.actor} (${e.device})` : e.actor;
}

function FilterBar({ form, facets, onChange }: { form: FilterForm; facets: AuditFacets | null; onChange: (f: FilterForm) => void }) {
  const groups = [...new Set((facets?.actions ?? []).map(auditActionGroup))].sort();
  const set = (k: keyof FilterForm) => (v: string) => onChange({ ...form, [k]: v });
  const active = Object.values(form).some(Boolean);
  return (
    <div className="log-filters" role="search" aria-label="Filter the activity log">
      <InputGroup
        dir="auto"
        leftIcon="search"
        type="search"
        placeholder="Search names, actions, details…"
        value={form.text}
        onValueChange={set('text')}
        aria-label="Search the log"
        className="log-filter-text"
      />
      <HTMLSelect aria-label="Who" value={form.actor} onChange={(e) => set('actor')(e.currentTarget.value)}>
        <option value="">Anyone</option>
        {(facets?.actors ?? []).map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </HTMLSelect>
      <HTMLSelect aria-label="What" value={form.action} onChange={(e) => set('action')(e.currentTarget.value)}>
        <option value="">Any action</option>
        {groups.map((g) => (
          <optgroup key={g} label={g.charAt(0).toUpperCase() + g.slice(1)}>
            <option value={g}>All {g} actions</option>
            {(facets?.actions ?? [])
              .filter((a) => auditActionGroup(a) === g && a !== g)
              .map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
          </optgroup>
        ))}
      </HTMLSelect>
      <HTMLSelect aria-label="Which item" value={form.item} onChange={(e) => set('item')(e.currentTarget.value)} className="log-filter-item">
        <option value="">Any item</option>
        {(facets?.items ?? []).map((i) => (
          <option key={i.id} value={i.id}>
            {i.kind}: {i.name}
          </option>
        ))}
      </HTMLSelect>
      <label className="log-filter-date">
        From <input type="date" dir="ltr" className={Classes.INPUT} value={form.from} onChange={(e) => set('from')(e.currentTarget.value)} aria-label="From date" />
      </label>
      <label className="log-filter-date">
        To <input type="date" dir="ltr" className={Classes.INPUT} value={form.to} onChange={(e) => set('to')(e.currentTarget.value)} aria-label="To date" />
      </label>
      {active ? <Button variant="minimal" icon="cross" text="Clear filters" onClick={() => onChange(NO_FILTER)} /> : null}
    </div>
  );
}

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
  const [matched, setMatched] = useState<number | null>(null);
  const [facets, setFacets] = useState<AuditFacets | null>(null);
  const [form, setForm] = useState<FilterForm>(NO_FILTER);
  const [verified, setVerified] = useState<{ report: AuditReport; at: string } | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const toast = useToast();
  const filter = toAuditFilter(form);
  const filterKey = JSON.stringify(filter);
  const list = useAction((f: AuditFilter, beforeSeq?: number) => invoke('audit.list', { limit: PAGE, filter: f, ...(beforeSeq !== undefined ? { beforeSeq } : {}) }));
  const { run: runList, busy: listBusy } = list;
  const verify = useAction(() => invoke('audit.verify', {}));
  const exporter = useAction(async (format: 'json' | 'csv', f: AuditFilter) => {
    const stamp = new Date().toISOString().slice(0, 10);
    const { file } = await invoke('system.pickSavePath', { purpose: 'audit.export', title: `Export the activity log (${format.toUpperCase()})`, defaultName: `activity-log-${stamp}.${format}` });
    if (!file) return null;
    return invoke('audit.export', { grant: file.grant, format, filter: f, offsetMinutes: -new Date().getTimezoneOffset() });
  });

  const reload = useCallback(async () => {
    const r = await runList(JSON.parse(filterKey) as AuditFilter);
    if (r?.ok) {
      setEntries(r.value.entries);
      setTotal(r.value.total);
      setMatched(r.value.matched);
      setFacets(r.value.facets);
      scrollRef.current?.scrollTo({ top: 0 });
    }
  }, [runList, filterKey]);

  useEffect(() => {
    // Typing in the search box waits for a pause; menus and dates apply at once (same path, short delay).
    const t = setTimeout(() => void reload(), 200);
    return () => clearTimeout(t);
  }, [reload]);

  const runExport = async (format: 'json' | 'csv') => {
    const r = await exporter.run(format, filter);
    if (!r?.ok || !r.value) return;
    const v = r.value;
    toast({
      intent: v.verification.ok ? Intent.SUCCESS : Intent.WARNING,
      icon: v.verification.ok ? 'tick' : 'warning-sign',
      message: `Exported ${v.entries} of ${v.total} entries to ${v.name}. ${v.verification.ok ? 'The log verified intact.' : `The log is broken at entry #${v.verification.firstProblem?.seq ?? '?'} (said in the file).`}${v.identitiesChecked ? '' : ' Witness identities were not checked (compartment locked).'}`,
    });
  };

  const hasMore = matched !== null && entries.length < matched;
  const virtualizer = useVirtualizer({
    count: entries.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (!hasMore || listBusy || lastIndex < entries.length - 1) return;
    const oldest = entries[entries.length - 1];
    if (!oldest) return;
    void runList(JSON.parse(filterKey) as AuditFilter, oldest.seq).then((r) => {
      if (r?.ok) {
        setEntries((prev) => [...prev, ...r.value.entries.filter((e) => e.seq < oldest.seq)]);
        setTotal(r.value.total);
        setMatched(r.value.matched);
      }
    });
  }, [hasMore, lastIndex, entries, listBusy, runList, filterKey]);

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
          <Button icon="refresh" text="Refresh" onClick={() => void reload()} disabled={listBusy} />
          <Button icon="export" text="Export JSON" title="Export the entries shown (the filter applies), with the verification of the whole log" onClick={() => void runExport('json')} loading={exporter.busy} />
          <Button icon="th" text="Export CSV" title="Export the entries shown as a table, with the verification of the whole log" onClick={() => void runExport('csv')} disabled={exporter.busy} />
          <Button icon="endorsed" intent={Intent.PRIMARY} text="Verify log" onClick={() => void runVerify()} loading={verify.busy} />
        </div>
      </header>

      <FilterBar form={form} facets={facets} onChange={setForm} />
      {exporter.error ? (
        <Callout intent={Intent.DANGER} icon="error" className="verify-result" role="alert">
          {describeError(exporter.error).message}
        </Callout>
      ) : null}

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
                    <div role="cell" className="log-cell log-time" title={`${e.ts} (UTC)`}>
                      {formatTimestamp(e.ts)}
                    </div>
                    <div role="cell" className="log-cell log-who" title={who(e)}>
                      {who(e)}
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
              {matched !== total
                ? `${matched} of ${total} entries match${entries.length < (matched ?? 0) ? ` (${entries.length} loaded)` : ''}`
                : entries.length === total
                  ? `${total} ${total === 1 ? 'entry' : 'entries'}`
                  : `${entries.length} of ${total} entries loaded`}
            </Tag>
          </div>
        </div>
      )}
    </div>
  );
}
