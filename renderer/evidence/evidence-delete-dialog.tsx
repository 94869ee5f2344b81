/** Deleting an evidence item: what it would change (claims left unsupported or weakened, copies, statements) first. */
import { Callout, Classes, Intent, Spinner } from '@blueprintjs/core';
import type { EvidenceView } from '../../shared/ipc/schemas/case';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { useQuery } from '../api/query';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { FormError } from '../ui/fields';
import { plural } from '../ui/format';
import { useToast } from '../ui/toaster';
import { useWorkspace } from '../workspace/workspace';

export function DeleteEvidenceDialog({ item, isOpen, onClose }: { item: EvidenceView; isOpen: boolean; onClose: () => void }) {
  const { navigate, changed } = useWorkspace();
  const toast = useToast();
  const d = item.data;
  const f = d.file;
  const deleting = isOpen;
  const setDeleting = (open: boolean) => {
    if (!open) onClose();
  };
  const impact = useQuery(() => invoke('evidence.deleteImpact', { id: item.id }), [item.id, deleting], deleting);
  const remove = useAction(() => invoke('evidence.delete', { id: item.id, confirm: true }));
  const confirmDelete = async () => {
    const r = await remove.run();
    if (r?.ok) {
      toast({ message: `Deleted ${d.title}.`, intent: Intent.SUCCESS, icon: 'tick' });
      setDeleting(false);
      changed();
      navigate({ area: 'evidence' });
    }
  };

  const summaryOf = (claimId: string, fallback: string) => item.claims.find((c) => c.id === claimId)?.summary ?? fallback ?? 'a claim';
  const imp = impact.data;

  return (
    <ConfirmDialog
      isOpen={deleting}
      title={`Delete ${d.title}?`}
      confirmText="Delete evidence item"
      busy={remove.busy}
      error={remove.error}
      onClose={() => {
        setDeleting(false);
        remove.clearError();
      }}
      onConfirm={() => void confirmDelete()}
      acknowledge={
        imp && imp.unsupported.length
          ? `I understand that ${plural(imp.unsupported.length, 'claim')} will be left with no supporting evidence.`
          : imp && (imp.weakened.length || imp.workingCopies.length || imp.statementsAttaching.length)
            ? 'I understand what else this changes.'
            : null
      }
    >
      {!imp ? (
        impact.error ? (
          <FormError error={impact.error} />
        ) : (
          <Spinner size={16} />
        )
      ) : (
        <div className="impact" data-testid="evidence-delete-impact">
          <p>
            The encrypted file and its record are removed from the vault. {f ? 'Export the original first if you may need it again. ' : ''}The deletion is recorded in
            the activity log.
          </p>
          {imp.unsupported.length ? (
            <Callout intent={Intent.DANGER} icon="error" title={`${plural(imp.unsupported.length, 'claim')} would be left unsupported`} compact>
              <ul className="impact-list">
                {imp.unsupported.map((u) => (
                  <li key={u.claimId}>{summaryOf(u.claimId, u.statement)}</li>
                ))}
              </ul>
              These claims stay, marked as having no evidence.
            </Callout>
          ) : null}
          {imp.weakened.length ? (
            <Callout intent={Intent.WARNING} icon="warning-sign" title={`${plural(imp.weakened.length, 'claim')} would be weakened`} compact>
              <ul className="impact-list">
                {imp.weakened.map((w) => (
                  <li key={w.claimId}>
                    {summaryOf(w.claimId, w.statement)} <span className={Classes.TEXT_MUTED}>— {w.remaining === 1 ? '1 other item still supports it' : `${plural(w.remaining, 'other item')} still support it`}</span>
                  </li>
                ))}
              </ul>
            </Callout>
          ) : null}
          {imp.workingCopies.length ? <p>Its {plural(imp.workingCopies.length, 'working copy', 'working copies')} will be deleted too.</p> : null}
          {imp.statementsAttaching.length ? <p>It will be detached from {plural(imp.statementsAttaching.length, 'witness statement')}.</p> : null}
          {!imp.unsupported.length && !imp.weakened.length && !imp.workingCopies.length && !imp.statementsAttaching.length ? <p>No claim relies on it.</p> : null}
        </div>
      )}
    </ConfirmDialog>
  );
}
