import { Button, KeyComboTag, Tooltip } from '@blueprintjs/core';
import { useWorkspace } from './workspace';

/** "Undo: edit entity" in the navbar while there is something to undo (Ctrl+Z does the same). */
export function UndoButton() {
  const { undoLabel, runUndo } = useWorkspace();
  if (!undoLabel) return null;
  return (
    <Tooltip
      content={
        <span className="undo-tip">
          Undo the last edit <KeyComboTag combo="mod+z" minimal />
        </span>
      }
      placement="bottom"
      hoverOpenDelay={400}
    >
      <Button variant="minimal" icon="undo" text={`Undo: ${undoLabel}`} onClick={() => void runUndo()} data-testid="undo" aria-keyshortcuts="Control+Z Meta+Z" className="undo-button" />
    </Tooltip>
  );
}
