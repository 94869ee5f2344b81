/**
 * What of an entity reaches the search index: its id, case, kind and names (primary name, original-script
 * name, alias values). Nothing else: no notes, no identifiers, and never a witness's real identity, which lives
 * in the witness compartment (`witness_records`) and is not an entity at all.
 */
import type { EntityData } from '../../../shared/model/records';
import type { EntityNames } from '../../../shared/search/name-index';
import type { StoredRecord } from '../store/sealed-store';

export function entityNames(rec: StoredRecord<EntityData>): EntityNames & { aliases: string[] } {
  const d = rec.data;
  return {
    id: rec.id,
    caseId: d.caseId,
    kind: d.kind,
    name: d.name,
    ...(d.originalScriptName ? { originalScriptName: d.originalScriptName } : {}),
    aliases: (d.aliases ?? []).map((a) => a.value),
  };
}
