/**
 * A warning next to a name or file name that holds control or text-direction characters (U+202E and the like):
 * "invoice‮fdp.exe" shows as "invoiceexe.pdf". Names come from imported packages and lists, so this may be
 * deliberate. The text itself is shown as it is; the badge says it may not read as what it is.
 */
import { Intent, Tag } from '@blueprintjs/core';
import { hasSpoofingCharacters } from '../../shared/text/controls';

export function SpoofBadge({ text }: { text: string | null | undefined }) {
  if (!text || !hasSpoofingCharacters(text)) return null;
  return (
    <Tag
      minimal
      intent={Intent.WARNING}
      icon="warning-sign"
      className="spoof-badge"
      data-testid="spoof-badge"
      title="This name contains invisible control or text-direction characters (such as U+202E): it may not read as what it is"
    >
      hidden characters
    </Tag>
  );
}
