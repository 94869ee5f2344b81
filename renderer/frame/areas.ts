import type { IconName } from '@blueprintjs/core';

export type AreaId =
  | 'cases'
  | 'entities'
  | 'events'
  | 'graph'
  | 'evidence'
  | 'statements'
  | 'sources'
  | 'criteria'
  | 'screening'
  | 'listings'
  | 'packages'
  | 'activity'
  | 'settings';

export interface Area {
  id: AreaId;
  title: string;
  icon: IconName;
  group: 'Investigation' | 'Analysis' | 'Output' | 'Vault';
  /** What this area will hold, shown while it is not built yet. Empty for built areas. */
  purpose: string;
  built: boolean;
}

export const AREAS: readonly Area[] = [
  {
    id: 'cases',
    title: 'Cases',
    icon: 'folder-close',
    group: 'Investigation',
    built: true,
    purpose: 'Each investigation as a case: its entities, evidence, statements and findings kept together, with who worked on what.',
  },
  {
    id: 'entities',
    title: 'Entities',
    icon: 'people',
    group: 'Investigation',
    built: true,
    purpose:
      'People, organisations, armed groups, companies, vessels, vehicles, accounts, wallets, phones and places — names in every script, aliases, identifiers, partial dates and roles.',
  },
  {
    id: 'events',
    title: 'Events',
    icon: 'timeline-events',
    group: 'Investigation',
    built: true,
    purpose: 'What happened, when and where: participants with their roles, victims, conduct, and the trafficking test per event.',
  },
  {
    id: 'graph',
    title: 'Network graph',
    icon: 'graph',
    group: 'Investigation',
    built: true,
    purpose:
      'The network of links between entities — membership, command, payments, recruitment, transport, exploitation — each traced to the claims behind it, with paths, brokers and money flows.',
  },
  {
    id: 'evidence',
    title: 'Evidence',
    icon: 'document',
    group: 'Investigation',
    built: true,
    purpose:
      'Files taken into the vault: hashed at intake, encrypted, never altered. Redactions and translations are working copies linked to the original, with a chain of custody.',
  },
  {
    id: 'statements',
    title: 'Statements',
    icon: 'chat',
    group: 'Investigation',
    built: true,
    purpose:
      'Witness interviews under pseudonyms, with interviewer, place, language, consent and risk. Identities stay in the witness compartment.',
  },
  {
    id: 'sources',
    title: 'Sources',
    icon: 'inbox',
    group: 'Investigation',
    built: true,
    purpose: 'Who or what each piece of evidence came from, graded A–F for reliability.',
  },
  {
    id: 'criteria',
    title: 'Criteria',
    icon: 'properties',
    group: 'Analysis',
    built: true,
    purpose:
      'Sanctions designation criteria and the elements of trafficking (act, means, purpose), checked against the claims in a case — met, partly supported or missing, and why.',
  },
  {
    id: 'screening',
    title: 'Screening',
    icon: 'search-template',
    group: 'Analysis',
    built: true,
    purpose: 'Names checked against imported sanctions lists, with scores explained feature by feature and a ledger of analyst decisions.',
  },
  {
    id: 'listings',
    title: 'Listings',
    icon: 'take-action',
    group: 'Output',
    built: true,
    purpose: 'Listing proposals and narrative summaries built from claims, so every sentence can be traced back to hashed evidence.',
  },
  {
    id: 'packages',
    title: 'Packages',
    icon: 'box',
    group: 'Output',
    built: true,
    purpose: 'Signed evidence packages for recipients, with redaction profiles, and a verifier that works without Sanctum.',
  },
  { id: 'activity', title: 'Activity log', icon: 'history', group: 'Vault', built: true, purpose: '' },
  { id: 'settings', title: 'Settings', icon: 'cog', group: 'Vault', built: true, purpose: '' },
];

export function areaById(id: AreaId): Area {
  return AREAS.find((a) => a.id === id)!;
}
