/** The filter and display column of the graph view: kinds, roles, link kinds, evidence, time window, size, colour. */
import { Button, Checkbox, Classes, FormGroup, HTMLSelect, InputGroup, RangeSlider, Switch } from '@blueprintjs/core';
import { useMemo } from 'react';
import { GRADES, SIZE_METRICS, type Grade, type GraphFilters, type SizeMetric } from '../../shared/graph/snapshot';
import { PartialDateValue } from '../../shared/model/partial-date';
import { ENTITY_KIND_LABELS, LINK_KIND_SPECS, ROLE_LABELS, type EntityKind, type LinkKind, type Role } from '../../shared/model/vocabulary';
import { SIZE_LABELS, type ColourBy } from './graph-style';

export interface FilterState {
  /** null: every kind. */
  kinds: EntityKind[] | null;
  roles: Role[] | null;
  linkKinds: LinkKind[] | null;
  minGrade: Grade | null;
  hideSingleSource: boolean;
  /** Partial dates as typed ('' = open end). */
  from: string;
  to: string;
  /** Outside the window: faded (context stays visible) or hidden (and left out of the analytics). */
  timeMode: 'fade' | 'hide';
}

export const NO_FILTERS: FilterState = { kinds: null, roles: null, linkKinds: null, minGrade: null, hideSingleSource: false, from: '', to: '', timeMode: 'fade' };

export function validDate(s: string): boolean {
  return s === '' || PartialDateValue.safeParse(s).success;
}

export function timeWindow(f: FilterState): { from?: string; to?: string } | null {
  if (!validDate(f.from) || !validDate(f.to) || (f.from === '' && f.to === '')) return null;
  return { ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) };
}

/** The worker's filters for this state (the focus set, if any, is added by the caller). */
export function toGraphFilters(f: FilterState): GraphFilters {
  const w = timeWindow(f);
  return {
    ...(f.kinds ? { entityKinds: f.kinds } : {}),
    ...(f.roles ? { roles: f.roles } : {}),
    ...(f.linkKinds ? { linkKinds: f.linkKinds } : {}),
    ...(f.minGrade ? { minGrade: f.minGrade } : {}),
    ...(f.hideSingleSource ? { minSources: 2 } : {}),
    ...(w && f.timeMode === 'hide' ? { time: { ...w, includeUndated: true } } : {}),
  };
}

export function fromGraphFilters(g: GraphFilters, timeMode: 'fade' | 'hide' = 'hide'): FilterState {
  return {
    kinds: g.entityKinds ?? null,
    roles: g.roles ?? null,
    linkKinds: g.linkKinds ?? null,
    minGrade: g.minGrade ?? null,
    hideSingleSource: (g.minSources ?? 0) >= 2,
    from: g.time?.from ?? '',
    to: g.time?.to ?? '',
    timeMode: g.time ? timeMode : 'fade',
  };
}

export function activeFilterCount(f: FilterState): number {
  return [f.kinds, f.roles, f.linkKinds, f.minGrade].filter((x) => x !== null).length + (f.hideSingleSource ? 1 : 0) + (timeWindow(f) ? 1 : 0);
}

const monthIndex = (ymd: string) => Number(ymd.slice(0, 4)) * 12 + Number(ymd.slice(5, 7)) - 1;
const monthText = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

function toggle<T extends string>(all: readonly T[], current: T[] | null, value: T, on: boolean): T[] | null {
  const set = new Set(current ?? all);
  if (on) set.add(value);
  else set.delete(value);
  return set.size === all.length ? null : all.filter((x) => set.has(x));
}

function CheckList<T extends string>({ legend, all, labels, value, onChange, testId }: { legend: string; all: readonly T[]; labels: Record<string, string>; value: T[] | null; onChange: (v: T[] | null) => void; testId: string }) {
  if (all.length === 0) return null;
  return (
    <fieldset className="graph-checklist" data-testid={testId}>
      <legend>{legend}</legend>
      {all.map((k) => (
        <Checkbox key={k} label={labels[k] ?? k} checked={!value || value.includes(k)} onChange={(e) => onChange(toggle(all, value, k, e.currentTarget.checked))} />
      ))}
    </fieldset>
  );
}

export interface DisplayState {
  sizeBy: SizeMetric;
  colourBy: ColourBy;
}

export function GraphFiltersPanel({
  value,
  onChange,
  display,
  onDisplay,
  present,
  domain,
}: {
  value: FilterState;
  onChange: (f: FilterState) => void;
  display: DisplayState;
  onDisplay: (d: DisplayState) => void;
  present: { kinds: EntityKind[]; roles: Role[]; linkKinds: LinkKind[] };
  domain: { from: string; to: string } | null;
}) {
  const set = (patch: Partial<FilterState>) => onChange({ ...value, ...patch });
  const slider = useMemo(() => {
    if (!domain) return null;
    const min = monthIndex(domain.from);
    const max = Math.max(min + 1, monthIndex(domain.to));
    return { min, max };
  }, [domain]);
  const sliderValue = (): [number, number] => {
    if (!slider) return [0, 1];
    const a = value.from && validDate(value.from) ? monthIndex(`${value.from}-01-01`.slice(0, 10)) : slider.min;
    const b = value.to && validDate(value.to) ? monthIndex(value.to.length === 4 ? `${value.to}-12` : value.to) : slider.max;
    return [Math.max(slider.min, Math.min(a, slider.max)), Math.max(slider.min, Math.min(b, slider.max))];
  };
  const count = activeFilterCount(value);
  return (
    <aside className="graph-filters" aria-label="Graph filters" data-testid="graph-filters">
      <div className="graph-filters-head">
        <h2>Filters</h2>
        <Button size="small" variant="minimal" icon="filter-remove" disabled={count === 0} onClick={() => onChange({ ...NO_FILTERS, timeMode: value.timeMode })} text="Clear" />
      </div>
      <CheckList legend="Entity kinds" all={present.kinds} labels={ENTITY_KIND_LABELS} value={value.kinds} onChange={(kinds) => set({ kinds })} testId="filter-kinds" />
      <CheckList legend="Roles (entities with any)" all={present.roles} labels={ROLE_LABELS} value={value.roles} onChange={(roles) => set({ roles })} testId="filter-roles" />
      <CheckList
        legend="Link kinds"
        all={present.linkKinds}
        labels={Object.fromEntries(Object.entries(LINK_KIND_SPECS).map(([k, s]) => [k, s.label]))}
        value={value.linkKinds}
        onChange={(linkKinds) => set({ linkKinds })}
        testId="filter-link-kinds"
      />
      <fieldset className="graph-checklist">
        <legend>Evidence</legend>
        <FormGroup label="Best source graded at least" labelFor="graph-min-grade" className="graph-compact-group">
          <HTMLSelect id="graph-min-grade" value={value.minGrade ?? ''} onChange={(e) => set({ minGrade: (e.currentTarget.value || null) as Grade | null })} fill>
            <option value="">Any grade (or none)</option>
            {GRADES.slice(0, 5).map((g) => (
              <option key={g} value={g}>
                {g} or better
              </option>
            ))}
          </HTMLSelect>
        </FormGroup>
        <Switch label="Hide single-source links" checked={value.hideSingleSource} onChange={(e) => set({ hideSingleSource: e.currentTarget.checked })} />
      </fieldset>
      <fieldset className="graph-checklist" data-testid="filter-time">
        <legend>Time window</legend>
        <div className="graph-date-row">
          <FormGroup label="From" labelFor="graph-from" className="graph-compact-group" intent={validDate(value.from) ? 'none' : 'danger'} helperText={validDate(value.from) ? undefined : 'YYYY, YYYY-MM or YYYY-MM-DD'}>
            <InputGroup dir="ltr" id="graph-from" placeholder="YYYY-MM" value={value.from} onValueChange={(from) => set({ from: from.trim() })} intent={validDate(value.from) ? 'none' : 'danger'} size="small" />
          </FormGroup>
          <FormGroup label="To" labelFor="graph-to" className="graph-compact-group" intent={validDate(value.to) ? 'none' : 'danger'} helperText={validDate(value.to) ? undefined : 'YYYY, YYYY-MM or YYYY-MM-DD'}>
            <InputGroup dir="ltr" id="graph-to" placeholder="YYYY-MM" value={value.to} onValueChange={(to) => set({ to: to.trim() })} intent={validDate(value.to) ? 'none' : 'danger'} size="small" />
          </FormGroup>
        </div>
        {slider ? (
          <div className="graph-time-slider">
            <RangeSlider
              min={slider.min}
              max={slider.max}
              stepSize={1}
              labelStepSize={Math.max(1, Math.ceil((slider.max - slider.min) / 3))}
              labelRenderer={(v, o) => (o?.isHandleTooltip ? monthText(v) : String(Math.floor(v / 12)))}
              value={sliderValue()}
              onChange={([a, b]) => set({ from: a <= slider.min ? '' : monthText(a), to: b >= slider.max ? '' : monthText(b) })}
              handleHtmlProps={{ start: { 'aria-label': 'Window start' }, end: { 'aria-label': 'Window end' } }}
            />
          </div>
        ) : (
          <p className={Classes.TEXT_MUTED}>No dated links or events yet.</p>
        )}
        <Switch
          label="Hide links outside the window (otherwise faded)"
          checked={value.timeMode === 'hide'}
          onChange={(e) => set({ timeMode: e.currentTarget.checked ? 'hide' : 'fade' })}
        />
        <p className={`graph-hint ${Classes.TEXT_MUTED}`}>Partial dates count when they could fall inside; such links are drawn lighter.</p>
      </fieldset>
      <fieldset className="graph-checklist">
        <legend>Display</legend>
        <FormGroup label="Size by" labelFor="graph-size-by" className="graph-compact-group">
          <HTMLSelect id="graph-size-by" value={display.sizeBy} onChange={(e) => onDisplay({ ...display, sizeBy: e.currentTarget.value as SizeMetric })} fill>
            {SIZE_METRICS.map((m) => (
              <option key={m} value={m}>
                {SIZE_LABELS[m]}
              </option>
            ))}
          </HTMLSelect>
        </FormGroup>
        <FormGroup label="Colour by" labelFor="graph-colour-by" className="graph-compact-group">
          <HTMLSelect id="graph-colour-by" value={display.colourBy} onChange={(e) => onDisplay({ ...display, colourBy: e.currentTarget.value as ColourBy })} fill>
            <option value="kind">Kind</option>
            <option value="community">Community (Louvain)</option>
            <option value="role">Role</option>
          </HTMLSelect>
        </FormGroup>
      </fieldset>
    </aside>
  );
}
