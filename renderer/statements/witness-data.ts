/** Loading a witness and their statements (statements are evidence items of type "statement"). */
import type { EvidenceView, WitnessView } from '../../shared/ipc/schemas/case';
import { invoke } from '../api/client';

export async function loadWitness(caseId: string, witnessId: string): Promise<WitnessView | null> {
  const all = await invoke('witness.list', { caseId });
  return all.find((w) => w.id === witnessId) ?? null;
}

/** The statements of one witness, oldest interview first. */
export async function loadStatements(caseId: string, witnessId: string): Promise<EvidenceView[]> {
  const rows = await invoke('evidence.list', { caseId });
  const views = await Promise.all(rows.filter((r) => r.type === 'statement').map((r) => invoke('evidence.get', { id: r.id })));
  return views
    .filter((v) => v.data.statement?.witnessId === witnessId)
    .sort((a, b) => (a.data.date?.value ?? a.createdAt).localeCompare(b.data.date?.value ?? b.createdAt));
}
