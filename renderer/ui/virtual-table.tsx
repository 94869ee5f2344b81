/**
 * A virtualised, keyboard-driven table (ARIA grid) for long lists: only the visible rows are in the DOM, so
 * 100k rows scroll as smoothly as 100. Arrow keys, Page Up/Down, Home/End move the active row; Enter (or a
 * click) opens it. Sorting is the caller's (it owns the rows); the headers only say which column and way.
 */
import { Classes, Icon } from '@blueprintjs/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type ReactNode, type Ref } from 'react';

export interface Column<T> {
  id: string;
  header: string;
  /** CSS grid track, e.g. "minmax(180px, 2fr)" or "90px". */
  width: string;
  render: (row: T) => ReactNode;
  /** Tooltip for the cell (full text of something ellipsed). */
  title?: (row: T) => string | undefined;
  sortable?: boolean;
  align?: 'right';
  className?: string;
}

export interface SortState {
  column: string;
  dir: 'asc' | 'desc';
}

export interface VirtualTableProps<T> {
  label: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  sort?: SortState | null;
  onSort?: (column: string) => void;
  onOpen?: (row: T) => void;
  empty?: ReactNode;
  footer?: ReactNode;
  rowHeight?: number;
  gridRef?: Ref<HTMLDivElement>;
  className?: string;
  rowClassName?: (row: T) => string | undefined;
  testId?: string;
  /** Columns can be resized by dragging the right edge of their header: the new width in px. */
  onResizeColumn?: (column: string, width: number) => void;
}

/** Drag handle at a header cell's right edge: reports the cell's new width while dragging. */
function ResizeHandle({ onResize, label }: { onResize: (width: number) => void; label: string }) {
  return (
    <span
      className="vt-resize"
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize the ${label} column`}
      onClick={(e) => e.stopPropagation()}
      onPointerDown={(e) => {
        e.preventDefault();
        e.stopPropagation();
        const handle = e.currentTarget;
        const cell = handle.parentElement!;
        const startX = e.clientX;
        const startW = cell.getBoundingClientRect().width;
        handle.setPointerCapture(e.pointerId);
        const move = (ev: PointerEvent) => onResize(Math.max(32, Math.round(startW + ev.clientX - startX)));
        const up = () => {
          handle.removeEventListener('pointermove', move);
          handle.removeEventListener('pointerup', up);
        };
        handle.addEventListener('pointermove', move);
        handle.addEventListener('pointerup', up);
      }}
    />
  );
}

function setRef<T>(ref: Ref<T> | undefined, value: T | null) {
  if (!ref) return;
  if (typeof ref === 'function') ref(value);
  else (ref as { current: T | null }).current = value;
}

export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { label, columns, rows, rowKey, sort, onSort, onOpen, empty, footer, rowHeight = 34, gridRef, className, rowClassName, testId, onResizeColumn } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const idPrefix = useId().replace(/:/g, '');
  const template = columns.map((c) => c.width).join(' ');

  // The grid itself scrolls (the header sticks to its top): the element that scrolls is the one that takes the
  // focus, so the rows are reachable from the keyboard (axe scrollable-region-focusable). Row offsets start
  // below the header (scrollMargin), and scrolling to a row leaves it clear of the header (scrollPaddingStart).
  const headRef = useRef<HTMLDivElement>(null);
  const [headHeight, setHeadHeight] = useState(rowHeight);
  useEffect(() => {
    if (headRef.current) setHeadHeight(headRef.current.offsetHeight);
  }, []);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    scrollMargin: headHeight,
    scrollPaddingStart: headHeight,
  });

  const activeIndex = rows.length === 0 ? -1 : Math.min(active, rows.length - 1);
  useEffect(() => {
    if (active > 0 && active >= rows.length) setActive(Math.max(0, rows.length - 1));
  }, [rows.length, active]);

  const move = (to: number) => {
    if (rows.length === 0) return;
    const i = Math.max(0, Math.min(rows.length - 1, to));
    setActive(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };

  const pageRows = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? rowHeight * 11) - headHeight) / rowHeight) - 1);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(activeIndex + 1),
      ArrowUp: () => move(activeIndex - 1),
      PageDown: () => move(activeIndex + pageRows),
      PageUp: () => move(activeIndex - pageRows),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => {
        const row = rows[activeIndex];
        if (row && onOpen) onOpen(row);
      },
    };
    const action = keys[e.key];
    if (action && e.target === e.currentTarget) {
      e.preventDefault();
      action();
    }
  };

  const items = virtualizer.getVirtualItems();

  return (
    <div
      className={`vt${className ? ` ${className}` : ''}`}
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-activedescendant={activeIndex >= 0 ? `${idPrefix}-r${activeIndex}` : undefined}
      ref={(el) => {
        scrollRef.current = el;
        setRef(gridRef, el);
      }}
      data-testid={testId}
    >
      <div role="rowgroup" className="vt-head" ref={headRef}>
        <div role="row" className="vt-row" style={{ gridTemplateColumns: template }} aria-rowindex={1}>
          {columns.map((c) => {
            const sorted = sort?.column === c.id ? sort.dir : null;
            return (
              <div
                role="columnheader"
                key={c.id}
                className={`vt-cell${c.align === 'right' ? ' vt-right' : ''}`}
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : c.sortable ? 'none' : undefined}
              >
                {c.sortable && onSort ? (
                  <button type="button" className="vt-sort" onClick={() => onSort(c.id)} tabIndex={-1} title={`Sort by ${c.header.toLowerCase()}`}>
                    <span>{c.header}</span>
                    <Icon icon={sorted === 'asc' ? 'chevron-up' : sorted === 'desc' ? 'chevron-down' : 'double-caret-vertical'} size={12} className={sorted ? '' : 'vt-sort-idle'} />
                  </button>
                ) : (
                  c.header
                )}
                {onResizeColumn ? <ResizeHandle label={c.header} onResize={(w) => onResizeColumn(c.id, w)} /> : null}
              </div>
            );
          })}
        </div>
      </div>
      <div className="vt-scroll" role="rowgroup">
        {rows.length === 0 ? (
          <div className={`vt-empty ${Classes.TEXT_MUTED}`}>{empty ?? 'Nothing here yet.'}</div>
        ) : (
          <div className="vt-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((v) => {
              const row = rows[v.index]!;
              const isActive = v.index === activeIndex;
              const extra = rowClassName?.(row);
              return (
                <div
                  key={rowKey(row)}
                  id={`${idPrefix}-r${v.index}`}
                  role="row"
                  aria-rowindex={v.index + 2}
                  aria-selected={isActive}
                  className={`vt-row${v.index % 2 ? ' vt-row-odd' : ''}${isActive ? ' vt-row-active' : ''}${onOpen ? ' vt-row-link' : ''}${extra ? ` ${extra}` : ''}`}
                  style={{ gridTemplateColumns: template, transform: `translateY(${v.start - headHeight}px)`, height: v.size }}
                  onClick={() => {
                    setActive(v.index);
                    onOpen?.(row);
                  }}
                  data-key={rowKey(row)}
                >
                  {columns.map((c) => (
                    <div role="gridcell" key={c.id} className={`vt-cell${c.align === 'right' ? ' vt-right' : ''}${c.className ? ` ${c.className}` : ''}`} title={c.title?.(row)}>
                      {c.render(row)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
      {footer ? <div className={`vt-foot ${Classes.TEXT_MUTED}`}>{footer}</div> : null}
    </div>
  );
}

/** Toggle helper for sortable headers: same column flips direction, a new one starts ascending. */
export function nextSort(current: SortState | null, column: string): SortState {
  if (current?.column === column) return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { column, dir: 'asc' };
}
