/**
 * What an export would do, before anything is written: the items that go in (and how), the items withheld and
 * why, and what happens to each witness's identity. A dry run of disclosure.ts's plan; it reads no blob and no
 * identity (the renderer gets pseudonyms only), so it is cheap enough to recompute on every change in the wizard.
 */
import type { CaseServices } from '../../case/services';
import { planPackage, type Selection, type Withheld } from './disclosure';
import type { DisclosureProfile } from './format';

export interface PreviewItem {
  id: string;
  type: 'file' | 'statement';
  title: string;
  size: number | null;
  mediaType: string | null;
  /** What will happen to it: "original, byte for byte", "rendered as text under the pseudonym W-017" … */
  treatment: string;
}

export interface PreviewIdentity {
  witnessId: string;
  pseudonym: string;
  /** True only under the prosecutor profile, for a witness whose included statement consents to naming. */
  disclosed: boolean;
  reason: string;
}

export interface PackagePreview {
  profile: DisclosureProfile;
  items: PreviewItem[];
  withheld: Withheld[];
  identities: PreviewIdentity[];
  counts: { entities: number; links: number; events: number; claims: number };
  bytes: number;
  needsWitnessCompartment: boolean;
  witnessCompartmentOpen: boolean;
  notes: string[];
}

const IDENTITY_WITHHELD: Record<DisclosureProfile, string> = {
  prosecutor: 'no statement in the package has the witness’s consent to be named: pseudonym only',
  panel: 'the panel profile never names witnesses: pseudonym only',
  public: 'the public profile never names witnesses and leaves witness entities out',
};

export function previewPackage(ws: CaseServices, req: { caseId: string; selection: Selection; profile: DisclosureProfile }): PackagePreview {
  const plan = planPackage(ws, req);
  const named = new Set(plan.items.flatMap((i) => (i.kind === 'statement' && i.named ? [i.witness.id] : [])));
  return {
    profile: plan.profile,
    items: plan.items.map((i) =>
      i.kind === 'file'
        ? { id: i.evidence.id, type: 'file', title: i.evidence.data.title, size: i.evidence.data.file!.blob.size, mediaType: i.evidence.data.file!.mediaType, treatment: 'original, byte for byte' }
        : {
            id: i.evidence.id,
            type: 'statement',
            title: i.evidence.data.title,
            size: null,
            mediaType: 'text/plain',
            treatment: i.named ? 'rendered as text, witness named (consent to share and to be named)' : `rendered as text under the pseudonym ${i.witness.data.pseudonym}`,
          },
    ),
    withheld: plan.withheld,
    identities: plan.witnesses.map((w) =>
      named.has(w.id)
        ? { witnessId: w.id, pseudonym: w.data.pseudonym, disclosed: true, reason: 'named in their statement: they consented to sharing with prosecutors and to being named' }
        : { witnessId: w.id, pseudonym: w.data.pseudonym, disclosed: false, reason: IDENTITY_WITHHELD[plan.profile] },
    ),
    counts: { entities: plan.entities.length, links: plan.links.length, events: plan.events.length, claims: plan.claims.length },
    bytes: plan.bytes,
    needsWitnessCompartment: plan.witnesses.length > 0,
    witnessCompartmentOpen: ws.ctx.vault.witnessUnlocked,
    notes: plan.witnesses.length
      ? ["Every file is searched for the witnesses' names at export; a file containing one is replaced by a clean redacted working copy, or withheld."]
      : [],
  };
}
