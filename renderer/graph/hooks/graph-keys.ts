/**
 * The keyboard inside the graph canvas: arrows move between linked entities, E expands, C collapses, P pins,
 * F fits, + and − zoom, Enter shows the selection, Escape clears, Ctrl+Z undoes the layout (not the last
 * record edit).
 */
import type { KeyboardEvent, MutableRefObject } from 'react';
import type { GraphController } from '../graph-controller';
import type { NodeActions } from '../graph-panel';
import type { Selection } from './use-graph-canvas';

export interface KeyContext {
  ctl: MutableRefObject<GraphController | null>;
  selection: Selection;
  names: Map<string, string>;
  actions: NodeActions;
  announce(text: string): void;
  showSelection(): void;
  changed(): void;
}

export function graphKeyDown(e: KeyboardEvent<HTMLDivElement>, k: KeyContext): void {
  const controller = k.ctl.current;
  if (!controller || e.target !== e.currentTarget) return;
  const sel = k.selection?.kind === 'node' ? k.selection.id : null;
  const key = e.key;
  const handled = () => {
    e.preventDefault();
    e.stopPropagation();
  };
  if ((e.ctrlKey || e.metaKey) && key.toLowerCase() === 'z') {
    handled();
    if (controller.undoLayout()) k.announce('Layout change undone.');
    k.changed();
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (key.startsWith('Arrow')) {
    handled();
    const id = controller.moveSelection(key.slice(5).toLowerCase() as 'left' | 'right' | 'up' | 'down');
    if (id) k.announce(`Selected ${k.names.get(id)}.`);
    return;
  }
  const simple: Record<string, () => void> = {
    Escape: () => {
      controller.clearSelection();
      controller.clearHighlight();
    },
    '+': () => controller.zoomBy(1.25),
    '=': () => controller.zoomBy(1.25),
    '-': () => controller.zoomBy(0.8),
    f: () => controller.fit(),
  };
  const withNode: Record<string, (id: string) => void> = {
    e: (id) => k.actions.expand(id),
    c: (id) => k.actions.collapse(id),
    p: (id) => k.actions.togglePin(id),
    Enter: () => k.showSelection(),
  };
  const plain = Object.hasOwn(simple, key) ? simple[key] : undefined;
  const onNode = sel && Object.hasOwn(withNode, key) ? withNode[key] : undefined;
  if (plain) {
    handled();
    plain();
  } else if (onNode && sel) {
    handled();
    onNode(sel);
  }
}
