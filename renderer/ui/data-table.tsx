/**
 * A plain table for short lists (cases, sources, witnesses, links on an entity page): every row is in the
 * DOM, rows are focusable, ↑/↓ move between them and Enter opens one.
 */
import { Classes } from '@blueprintjs/core';
import type { ReactNode } from 'react';

export interface DataColumn<T> {
  id: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  className?: string;
  align?: 'right';
  width?: string;
}

export function DataTable<T>({
  label,
  columns,
  rows,
  rowKey,
  onOpen,
  empty,
  rowClassName,
  testId,
  compact,
  fixed,
}: {
  label: string;
  columns: DataColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  onOpen?: (row: T) => void;
  empty?: ReactNode;
  rowClassName?: (row: T) => string | undefined;
  testId?: string;
  compact?: boolean;
  /** Fixed layout: columns keep their widths and long text is cut with an ellipsis. */
  fixed?: boolean;
}) {
  const onKeyDown = (e: React.KeyboardEvent<HTMLTableRowElement>, row: T) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter' && onOpen) {
      e.preventDefault();
      onOpen(row);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling) as HTMLElement | null;
      next?.focus();
    }
  };
  if (rows.length === 0 && empty) return <div className={`data-table-empty ${Classes.TEXT_MUTED}`}>{empty}</div>;
  return (
    <table className={`data-table${compact ? ' data-table-compact' : ''}${fixed ? ' data-table-fixed' : ''}`} aria-label={label} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.id} className={`${c.align === 'right' ? 'dt-right ' : ''}${c.className ?? ''}`} style={c.width ? { width: c.width } : undefined} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const extra = rowClassName?.(row);
          return (
            <tr
              key={rowKey(row)}
              tabIndex={onOpen ? 0 : undefined}
              className={`${onOpen ? 'dt-row-link' : ''}${extra ? ` ${extra}` : ''}`}
              onClick={
                onOpen
                  ? (e) => {
                      // Buttons and links inside a row do their own thing.
                      if ((e.target as HTMLElement).closest('button, a, input, select, textarea, label')) return;
                      onOpen(row);
                    }
                  : undefined
              }
              onKeyDown={(e) => onKeyDown(e, row)}
              data-key={rowKey(row)}
            >
              {columns.map((c) => (
                <td key={c.id} className={`${c.align === 'right' ? 'dt-right ' : ''}${c.className ?? ''}`}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
