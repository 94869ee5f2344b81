/**
 * Filtering and sorting the entity table in the renderer. Rows are prepared once (folded search text, sort
 * keys) so that each keystroke in the filter is one pass of `includes` over 100k strings, and sorting only
 * happens when the sort changes.
 */
import type { EntityRow } from '../../shared/ipc/schemas/case';
import type { EntityKind, Role } from '../../shared/model/vocabulary';
import { foldForFilter } from '../ui/format';
import type { SortState } from '../ui/virtual-table';

export interface PreparedRow {
  row: EntityRow;
  /** Folded name and aliases, separated by a character no one types. */
  haystack: string;
  nameKey: string;
  birthKey: string;
}

export interface EntityFilters {
  kind: EntityKind | '';
  role: Role | '';
  nationality: string;
  text: string;
}

export const NO_FILTERS: EntityFilters = { kind: '', role: '', nationality: '', text: '' };

export function prepareRows(rows: readonly EntityRow[]): PreparedRow[] {
  return rows.map((row) => ({
    row,
    haystack: foldForFilter([row.name, ...row.aliases].join('\u0001')),
    nameKey: foldForFilter(row.name),
    birthKey: /\d{4}(?:-\d{2}){0,2}/.exec(row.birthDate)?.[0] ?? '',
  }));
}

/**
 * Plain code-point comparison of pre-folded keys (lower case, no diacritics): 100k rows sort in tens of
 * milliseconds, where a locale collator takes seconds. For the names in this table (Latin transliterations,
 * Arabic, Ge'ez, Cyrillic) the order is the alphabetical one of each script.
 */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compare(a: PreparedRow, b: PreparedRow, column: string): number {
  switch (column) {
    case 'kind':
      return cmp(a.row.kind, b.row.kind) || cmp(a.nameKey, b.nameKey);
    case 'roles':
      return cmp(a.row.roles[0] ?? '\uffff', b.row.roles[0] ?? '\uffff') || cmp(a.nameKey, b.nameKey);
    case 'nationality':
      return cmp(a.row.nationality[0] ?? '\uffff', b.row.nationality[0] ?? '\uffff') || cmp(a.nameKey, b.nameKey);
    case 'birthDate':
      return cmp(a.birthKey || '\uffff', b.birthKey || '\uffff') || cmp(a.nameKey, b.nameKey);
    case 'links':
      return a.row.links - b.row.links || cmp(a.nameKey, b.nameKey);
    case 'claims':
      return a.row.claims - b.row.claims || cmp(a.nameKey, b.nameKey);
    case 'updatedAt':
      return cmp(a.row.updatedAt, b.row.updatedAt);
    default:
      return cmp(a.nameKey, b.nameKey);
  }
}

export function sortRows(rows: readonly PreparedRow[], sort: SortState): PreparedRow[] {
  const out = [...rows];
  const sign = sort.dir === 'asc' ? 1 : -1;
  out.sort((a, b) => sign * compare(a, b, sort.column));
  return out;
}

export function filterRows(rows: readonly PreparedRow[], f: EntityFilters): PreparedRow[] {
  const text = foldForFilter(f.text.trim());
  const nat = f.nationality.trim().toLowerCase();
  if (!text && !f.kind && !f.role && !nat) return rows as PreparedRow[];
  return rows.filter(
    (p) =>
      (!f.kind || p.row.kind === f.kind) &&
      (!f.role || p.row.roles.includes(f.role)) &&
      (!nat || p.row.nationality.includes(nat)) &&
      (!text || p.haystack.includes(text)),
  );
}

/** Which alias matched the text filter, when it was not the name (shown under the name). */
export function matchedAlias(row: EntityRow, text: string): string | null {
  const t = foldForFilter(text.trim());
  if (!t || foldForFilter(row.name).includes(t)) return null;
  return row.aliases.find((a) => foldForFilter(a).includes(t)) ?? null;
}

export function activeFilterCount(f: EntityFilters): number {
  return [f.kind, f.role, f.nationality.trim(), f.text.trim()].filter(Boolean).length;
}
