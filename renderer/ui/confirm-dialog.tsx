/**
 * Confirmation for anything destructive: says what will go, and (when others depend on it) asks for an
 * explicit acknowledgement before the button is enabled. Focus starts on Cancel, so Enter never deletes.
 */
import { Button, Checkbox, Dialog, DialogBody, DialogFooter, Intent, type IconName } from '@blueprintjs/core';
import { useState, type ReactNode } from 'react';
import { FormError } from './fields';

export function ConfirmDialog({
  isOpen,
  title,
  icon = 'trash',
  children,
  confirmText,
  acknowledge,
  busy,
  error,
  onConfirm,
  onClose,

}: {
  isOpen: boolean;
  title: string;
  icon?: IconName;
  children: ReactNode;
  confirmText: string;
  /** When set, a checkbox with this text must be ticked first. */
  acknowledge?: string | null;
  busy?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;

}) {
  const [ack, setAck] = useState(false);
  const [wasOpen, setWasOpen] = useState(isOpen);
  if (wasOpen !== isOpen) {
    setWasOpen(isOpen);
    if (isOpen) setAck(false);
  }
  return (
    <Dialog isOpen={isOpen} onClose={busy ? undefined : onClose} title={title} icon={icon} canOutsideClickClose={false} className="confirm-dialog">
      <DialogBody>
        <div className="confirm-body">{children}</div>
        {acknowledge ? <Checkbox checked={ack} onChange={(e) => setAck(e.currentTarget.checked)} label={acknowledge} className="confirm-ack" /> : null}
        <FormError error={error} />
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={onClose} disabled={busy} autoFocus />
            <Button intent={Intent.DANGER} icon={icon} text={confirmText} onClick={onConfirm} loading={busy} disabled={!!acknowledge && !ack} />
          </>
        }
      />
    </Dialog>
  );
}
