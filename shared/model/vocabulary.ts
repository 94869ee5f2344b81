/**
 * Controlled vocabularies of the case model (ARCHITECTURE.md §4). Each term has a stable id (stored in
 * records, used by the criteria catalog) and a label for people. FtM mappings live in the exchange module.
 */

export const ENTITY_KINDS = [
  'person',
  'organization',
  'armed_group',
  'company',
  'vessel',
  'vehicle',
  'bank_account',
  'crypto_wallet',
  'phone',
  'location',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const ENTITY_KIND_LABELS: Record<EntityKind, string> = {
  person: 'Person',
  organization: 'Organisation',
  armed_group: 'Armed group',
  company: 'Company',
  vessel: 'Vessel',
  vehicle: 'Vehicle',
  bank_account: 'Bank account',
  crypto_wallet: 'Crypto wallet',
  phone: 'Phone',
  location: 'Location',
};

/** Kinds that can act (be a party to conduct, membership, payment). */
export const ACTOR_KINDS: readonly EntityKind[] = ['person', 'organization', 'armed_group', 'company'];

export const ROLES = [
  'trafficker',
  'smuggler',
  'financier',
  'facilitator',
  'recruiter',
  'transporter',
  'guard',
  'exploiter',
  'commander',
  'armed_group_member',
  'corrupt_official',
  'money_launderer',
  'arms_supplier',
  'document_forger',
  'victim',
  'witness',
  'informant',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  trafficker: 'Trafficker',
  smuggler: 'Smuggler',
  financier: 'Financier',
  facilitator: 'Facilitator',
  recruiter: 'Recruiter',
  transporter: 'Transporter',
  guard: 'Guard / enforcer',
  exploiter: 'Exploiter',
  commander: 'Commander',
  armed_group_member: 'Armed group member',
  corrupt_official: 'Corrupt official',
  money_launderer: 'Money launderer',
  arms_supplier: 'Arms supplier',
  document_forger: 'Document forger',
  victim: 'Victim',
  witness: 'Witness',
  informant: 'Informant',
};

/**
 * What a participant did in an event (issue 11 rule 1). Stable ids; the UI asks for one. Only the perpetrator
 * roles pass the event's conduct to the participant: a rescuer, witness or victim named in an event did not
 * do what the event records.
 */
export const PARTICIPANT_ROLES = [
  'organiser',
  'perpetrator',
  'commander',
  'financier',
  'facilitator',
  'official_acted',
  'victim',
  'witness',
  'rescuer',
  'bystander',
  'detainee',
  'family_member',
  'unspecified',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, string> = {
  organiser: 'Organiser',
  perpetrator: 'Perpetrator',
  commander: 'Commander',
  financier: 'Financier',
  facilitator: 'Facilitator',
  official_acted: 'Official who acted',
  victim: 'Victim',
  witness: 'Witness',
  rescuer: 'Rescuer',
  bystander: 'Bystander',
  detainee: 'Detainee',
  family_member: 'Family member',
  unspecified: 'Role not recorded',
};

/** Participant roles through which an event's conduct is attributed to the participant. */
export const PERPETRATOR_PARTICIPANT_ROLES: readonly ParticipantRole[] = ['organiser', 'perpetrator', 'commander', 'financier', 'facilitator', 'official_acted'];

/**
 * A stored participant role as a vocabulary id. Roles written before the vocabulary were free text: the
 * obvious spellings map, anything else is "unspecified" (which carries no conduct — never guess a perpetrator).
 */
export function participantRole(raw: string | undefined | null): ParticipantRole {
  const r = (raw ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_');
  if ((PARTICIPANT_ROLES as readonly string[]).includes(r)) return r as ParticipantRole;
  const synonyms: Record<string, ParticipantRole> = { organizer: 'organiser', official: 'official_acted', family: 'family_member', financer: 'financier', funder: 'financier' };
  return synonyms[r] ?? 'unspecified';
}

export function isPerpetratorRole(raw: string | undefined | null): boolean {
  return PERPETRATOR_PARTICIPANT_ROLES.includes(participantRole(raw));
}

/** Roles that protect a person from being proposed for listing (non-punishment principle). */
export const PROTECTED_ROLES: readonly Role[] = ['victim'];

export interface LinkKindSpec {
  label: string;
  /** Reading of the edge: source <verb> target. */
  verb: string;
  directed: boolean;
  /** Carries amount / currency / date (follow the money). */
  money: boolean;
}

export const LINK_KINDS = [
  'member_of',
  'commands',
  'finances',
  'paid',
  'owns',
  'controls',
  'associate',
  'acted_for',
  'family',
  'recruited',
  'transported',
  'harboured',
  'exploited',
  'supplied_arms',
  'communicated_with',
  'located_at',
] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const LINK_KIND_SPECS: Record<LinkKind, LinkKindSpec> = {
  member_of: { label: 'Member of', verb: 'is a member of', directed: true, money: false },
  commands: { label: 'Commands', verb: 'commands', directed: true, money: false },
  finances: { label: 'Finances', verb: 'finances', directed: true, money: true },
  paid: { label: 'Paid', verb: 'paid', directed: true, money: true },
  owns: { label: 'Owns', verb: 'owns', directed: true, money: false },
  controls: { label: 'Controls', verb: 'controls', directed: true, money: false },
  associate: { label: 'Associate', verb: 'is associated with', directed: false, money: false },
  /** Agency (issue 11 rule 2): the only link that carries "acting for or on behalf of, or at the direction of". */
  acted_for: { label: 'Acted for', verb: 'acted for, on behalf of or at the direction of', directed: true, money: false },
  family: { label: 'Family', verb: 'is family of', directed: false, money: false },
  recruited: { label: 'Recruited', verb: 'recruited', directed: true, money: false },
  transported: { label: 'Transported', verb: 'transported', directed: true, money: false },
  harboured: { label: 'Harboured', verb: 'harboured', directed: true, money: false },
  exploited: { label: 'Exploited', verb: 'exploited', directed: true, money: false },
  supplied_arms: { label: 'Supplied arms to', verb: 'supplied arms to', directed: true, money: false },
  communicated_with: { label: 'Communicated with', verb: 'communicated with', directed: false, money: false },
  located_at: { label: 'Located at', verb: 'is located at', directed: true, money: false },
};

/**
 * Conduct tags: what a claim says an actor did. The criteria catalog maps designation criteria to these, the
 * trafficking test reads the act / means / purpose groups. Grouped for the UI.
 */
export const CONDUCT_GROUPS = {
  offences: 'Offences (as a whole)',
  tip_act: 'Trafficking: act',
  tip_means: 'Trafficking: means',
  tip_purpose: 'Trafficking: purpose (exploitation)',
  smuggling: 'Migrant smuggling',
  violence: 'Violence against persons',
  children: 'Children and armed conflict',
  attacks: 'Attacks and obstruction',
  arms: 'Arms',
  finance: 'Finance and resources',
  political: 'Peace, stability and governance',
  association: 'Association with listed parties',
} as const;
export type ConductGroup = keyof typeof CONDUCT_GROUPS;

export const CONDUCT: Record<string, { label: string; group: ConductGroup }> = {
  // Whole offences, for claims that assert the offence itself (an event's trafficking test can also establish it)
  trafficking_in_persons: { label: 'Trafficking in persons (act, means and purpose)', group: 'offences' },
  migrant_smuggling: { label: 'Smuggling of migrants', group: 'offences' },
  // Palermo Protocol art. 3(a): act
  recruitment: { label: 'Recruitment of persons', group: 'tip_act' },
  transportation: { label: 'Transportation of persons', group: 'tip_act' },
  transfer: { label: 'Transfer of persons', group: 'tip_act' },
  harbouring: { label: 'Harbouring of persons', group: 'tip_act' },
  receipt: { label: 'Receipt of persons', group: 'tip_act' },
  // means
  force: { label: 'Use of force', group: 'tip_means' },
  threat: { label: 'Threat of force', group: 'tip_means' },
  coercion: { label: 'Other coercion', group: 'tip_means' },
  abduction: { label: 'Abduction', group: 'tip_means' },
  fraud: { label: 'Fraud', group: 'tip_means' },
  deception: { label: 'Deception', group: 'tip_means' },
  abuse_of_power: { label: 'Abuse of power', group: 'tip_means' },
  abuse_of_vulnerability: { label: 'Abuse of a position of vulnerability', group: 'tip_means' },
  payment_to_controller: { label: 'Payments to a person having control over the victim', group: 'tip_means' },
  debt_bondage: { label: 'Debt bondage', group: 'tip_means' },
  // purpose
  sexual_exploitation: { label: 'Sexual exploitation / exploitation of prostitution', group: 'tip_purpose' },
  forced_labour: { label: 'Forced labour or services', group: 'tip_purpose' },
  slavery: { label: 'Slavery or practices similar to slavery', group: 'tip_purpose' },
  servitude: { label: 'Servitude', group: 'tip_purpose' },
  organ_removal: { label: 'Removal of organs', group: 'tip_purpose' },
  forced_marriage: { label: 'Forced or "temporary" marriage', group: 'tip_purpose' },
  use_in_hostilities: { label: 'Use in hostilities (fighters, human shields, suicide attacks)', group: 'tip_purpose' },
  forced_criminality: { label: 'Forced criminality', group: 'tip_purpose' },
  forced_begging: { label: 'Forced begging', group: 'tip_purpose' },
  // Smuggling of Migrants Protocol art. 3
  procuring_illegal_entry: { label: 'Procuring illegal entry into a State', group: 'smuggling' },
  smuggling_for_profit: { label: 'Smuggling for financial or material benefit', group: 'smuggling' },
  endangering_life: { label: 'Endangering migrants’ lives (e.g. unseaworthy boats)', group: 'smuggling' },
  // violence
  killing: { label: 'Killing', group: 'violence' },
  maiming: { label: 'Maiming', group: 'violence' },
  torture: { label: 'Torture or ill-treatment', group: 'violence' },
  rape: { label: 'Rape and other sexual violence', group: 'violence' },
  sexual_slavery: { label: 'Sexual slavery', group: 'violence' },
  enforced_prostitution: { label: 'Enforced prostitution', group: 'violence' },
  kidnap_for_ransom: { label: 'Kidnap for ransom / extortion of families', group: 'violence' },
  arbitrary_detention: { label: 'Arbitrary detention', group: 'violence' },
  enforced_disappearance: { label: 'Enforced disappearance', group: 'violence' },
  forced_displacement: { label: 'Forced displacement', group: 'violence' },
  attack_on_civilians: { label: 'Targeting civilians', group: 'violence' },
  ethnic_religious_targeting: { label: 'Attacks on ethnic or religious grounds', group: 'violence' },
  targeting_women_children: { label: 'Targeting women or children (the victims were chosen as women or children)', group: 'violence' },
  // children and armed conflict (the six grave violations and recruitment)
  child_recruitment: { label: 'Recruitment or use of children', group: 'children' },
  child_killing_maiming: { label: 'Killing and maiming of children', group: 'children' },
  child_sexual_violence: { label: 'Rape and sexual violence against children', group: 'children' },
  child_abduction: { label: 'Abduction of children', group: 'children' },
  // attacks and obstruction
  attack_school_hospital: { label: 'Attacks on schools or hospitals', group: 'attacks' },
  attack_un_personnel: { label: 'Attacks on UN personnel, peacekeepers or panel members', group: 'attacks' },
  attack_state_installations: { label: 'Attacks on ports, State institutions or foreign missions', group: 'attacks' },
  humanitarian_obstruction: { label: 'Obstructing humanitarian assistance or access', group: 'attacks' },
  // arms
  arms_embargo_violation: { label: 'Violating an arms embargo', group: 'arms' },
  arms_supply: { label: 'Supplying, selling or transferring arms', group: 'arms' },
  // finance and resources
  financing_armed_group: { label: 'Financing or supporting an armed group', group: 'finance' },
  financing_terrorism: { label: 'Financing a terrorist group', group: 'finance' },
  profiting_from_trafficking: { label: 'Profiting from trafficking or smuggling proceeds', group: 'finance' },
  money_laundering: { label: 'Money laundering', group: 'finance' },
  illicit_natural_resources: { label: 'Illicit exploitation or trade of natural resources (oil, gold, diamonds, charcoal, wildlife)', group: 'finance' },
  misappropriation: { label: 'Misappropriation of State funds', group: 'finance' },
  coercing_state_financial_institutions: { label: 'Threatening or coercing State financial institutions or the national oil company', group: 'finance' },
  corruption: { label: 'Corruption', group: 'finance' },
  sanctions_evasion: { label: 'Violating or evading sanctions measures', group: 'finance' },
  // peace, stability, governance
  threat_to_peace: { label: 'Acts threatening peace, security or stability', group: 'political' },
  obstructing_political_process: { label: 'Obstructing a peace agreement or political process', group: 'political' },
  incitement: { label: 'Incitement to violence or hatred', group: 'political' },
  gang_violence: { label: 'Gang or criminal-network violence', group: 'political' },
  // association
  acting_for_listed_party: { label: 'Acting for or on behalf of a listed party', group: 'association' },
  owned_by_listed_party: { label: 'Owned or controlled by a listed party', group: 'association' },
  leading_listed_entity: { label: 'Leading a listed entity or a group whose members did listed conduct', group: 'association' },
  supporting_terrorist_group: { label: 'Recruiting for or otherwise supporting ISIL / Al-Qaida or affiliates', group: 'association' },
};
export type ConductTag = keyof typeof CONDUCT & string;
export const CONDUCT_TAGS = Object.keys(CONDUCT) as ConductTag[];

/** Admiralty / NATO source reliability (STANAG 2511). */
export const SOURCE_RELIABILITY = {
  A: 'Completely reliable',
  B: 'Usually reliable',
  C: 'Fairly reliable',
  D: 'Not usually reliable',
  E: 'Unreliable',
  F: 'Reliability cannot be judged',
} as const;
export type SourceReliability = keyof typeof SOURCE_RELIABILITY;

/** Admiralty / NATO information credibility. */
export const INFORMATION_CREDIBILITY = {
  1: 'Confirmed by other independent sources',
  2: 'Probably true',
  3: 'Possibly true',
  4: 'Doubtful',
  5: 'Improbable',
  6: 'Truth cannot be judged',
} as const;
export type InformationCredibility = 1 | 2 | 3 | 4 | 5 | 6;

export const SOURCE_TYPES = [
  'witness',
  'victim',
  'perpetrator',
  'official_document',
  'financial_record',
  'intercept',
  'open_source',
  'media',
  'ngo',
  'un_report',
  'law_enforcement',
  'on_site_observation',
  'other',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const EXPLOITATION_FORMS = [
  'sexual_exploitation',
  'forced_labour',
  'domestic_servitude',
  'forced_marriage',
  'use_in_hostilities',
  'organ_removal',
  'forced_criminality',
  'forced_begging',
  'kidnap_for_ransom',
  'other',
  'unknown',
] as const;
export type ExploitationForm = (typeof EXPLOITATION_FORMS)[number];

export const AGE_BANDS = ['0-11', '12-14', '15-17', '18-24', '25-59', '60+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const CHILD_AGE_BANDS: readonly AgeBand[] = ['0-11', '12-14', '15-17'];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;

export const NAME_QUALITIES = ['strong', 'weak'] as const;
export type NameQuality = (typeof NAME_QUALITIES)[number];

export const IDENTIFIER_TYPES = [
  'passport',
  'national_id',
  'registration_number',
  'tax_number',
  'phone_number',
  'email',
  'imo_number',
  'mmsi',
  'call_sign',
  'licence_plate',
  'vin',
  'iban',
  'account_number',
  'swift_bic',
  'wallet_address',
  'un_reference',
  'other',
] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export const EVIDENCE_CONFIDENTIALITY = ['normal', 'confidential', 'strictly_confidential'] as const;
export const WORKING_COPY_TYPES = ['redacted', 'translated', 'transcribed', 'excerpt', 'converted'] as const;
export const ACQUISITION_METHODS = [
  'provided_by_witness',
  'seized',
  'photographed_on_site',
  'downloaded',
  'received_from_authority',
  'received_from_ngo',
  'screen_capture',
  'other',
] as const;
export const RISK_LEVELS = ['low', 'medium', 'high', 'extreme'] as const;
