/**
 * Every action the audit log can record, with the words a person reads for it. The core's AuditInput.action
 * is typed by this map, so a new action cannot be written without a label here
 * (test/unit/audit/audit-actions.test.ts also scans the sources for action strings this map lacks).
 */
export const AUDIT_ACTION_LABELS = {
  // Vault and session
  'vault.created': 'Vault created',
  'vault.unlocked': 'Vault unlocked',
  'vault.locked': 'Vault locked',
  'vault.recovered': 'Passphrase reset with the recovery key',
  'vault.passphrase_changed': 'Vault passphrase changed',
  'vault.recovery_key_rotated': 'New recovery key issued',
  'vault.signing_key_rotated': 'Vault signing key replaced',
  'vault.commitment_created': 'Vault integrity record created',
  'vault.rollback_accepted': 'Older vault state accepted',
  'settings.updated': 'Settings changed',
  // Drafts kept through a lock
  'draft.kept': 'Unsaved drafts kept at lock',
  'draft.restored': 'Kept draft restored',
  'draft.discarded': 'Kept draft discarded',
  // Witness compartment
  'compartment.unlocked': 'Witness compartment unlocked',
  'compartment.locked': 'Witness compartment locked',
  'compartment.unlock_failed': 'Witness compartment: wrong passphrase',
  'compartment.passphrase_changed': 'Witness compartment passphrase changed',
  'compartment.recovered': 'Witness passphrase reset with the recovery key',
  'witness.created': 'Witness registered',
  'witness.updated': 'Witness edited',
  'witness.identity_recorded': 'Witness identity recorded',
  'witness.identity_viewed': 'Witness identity revealed',
  // Case records
  'case.created': 'Case created',
  'case.updated': 'Case edited',
  'entity.created': 'Entity created',
  'entity.updated': 'Entity edited',
  'entity.deleted': 'Entity deleted',
  'link.created': 'Link created',
  'link.updated': 'Link edited',
  'link.deleted': 'Link deleted',
  'event.created': 'Event created',
  'event.updated': 'Event edited',
  'event.deleted': 'Event deleted',
  'source.created': 'Source created',
  'source.updated': 'Source edited',
  'source.deleted': 'Source deleted',
  'claim.created': 'Claim created',
  'claim.updated': 'Claim edited',
  'claim.deleted': 'Claim deleted',
  'evidence.updated': 'Evidence metadata edited',
  'evidence.deleted': 'Evidence deleted',
  undo: 'Undo',
  // Chain of custody
  'custody.intake': 'Taken into the vault',
  'custody.viewed': 'Viewed',
  'custody.text_extracted': 'Text extracted from the file',
  'custody.text_imported': 'Extracted text imported from a package',
  'documents.texts_moved': 'Extracted texts moved into encrypted files',
  'documents.texts_move_failed': 'Moving extracted texts into encrypted files failed (to retry at next unlock)',
  'custody.copied': 'Working copy made',
  'custody.exported': 'Original exported',
  'custody.export_abandoned': 'Export abandoned (nothing left the vault)',
  'custody.deleted': 'Deleted from the vault',
  'custody.statement_recorded': 'Statement recorded',
  'custody.statement_edited': 'Statement edited',
  // Search
  'search.everything': 'Searched everything (the query is not recorded)',
  // Graph
  'graph.exported': 'Network exported',
  'graph.layout_saved': 'Network layout saved',
  'graph.view_saved': 'Network view saved',
  'graph.view_deleted': 'Network view deleted',
  // Criteria and listings
  'criteria.standard_changed': 'Legal standard changed',
  'criteria.victim_override_set': 'Victim status set by hand',
  'criteria.victim_override_cleared': 'Victim status set by hand: cleared',
  'designation.recorded': 'Designation recorded',
  'designation.removed': 'Designation removed',
  'listing.draft_saved': 'Listing proposal draft saved',
  'export.listing_proposal': 'Listing proposal exported',
  // Screening
  'screening.list_imported': 'Sanctions list imported',
  'screening.list_removed': 'Sanctions list removed',
  'screening.lists_migrated': 'Sanctions lists upgraded',
  'screening.case_screened': 'Case screened against the lists',
  'screening.decision_recorded': 'Screening decision recorded',
  // Exchange and packages
  'import.ftm': 'FollowTheMoney data imported',
  'export.ftm': 'FollowTheMoney data exported',
  'package.exported': 'Evidence package exported',
  'package.export_abandoned': 'Package export abandoned',
  'package.imported': 'Evidence package imported',
  'package.recipient_key_created': 'Recipient key created',
  'package.signer_added': 'Trusted signer added',
  'package.signer_removed': 'Trusted signer removed',
  'package.signer_trusted': 'Package signer trusted on import',
  // Witness protection
  'protection.review_decided': 'Witness-protection review decided',
  'audit.exported': 'Activity log exported',
  // Developer tools
  'dev.fill': 'Synthetic data filled in (developer)',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action);
}

/** The label; an action this build does not know (a newer vault) is named as such, with its code. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : `Unknown action (${action})`;
}

/** Action groups for the filter menu: the part before the dot. */
export function auditActionGroup(action: string): string {
  const i = action.indexOf('.');
  return i < 0 ? action : action.slice(0, i);
}
