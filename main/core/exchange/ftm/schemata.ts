/**
 * FollowTheMoney schemata as Sanctum sees them: which ones become entities and links (and which kinds). What is
 * FtM at all comes from the model library (model.ts): every schema of the model is imported as something (see
 * import.ts), a schema outside it is an error in the file.
 */
import type { EntityKind, LinkKind } from '../../../../shared/model/vocabulary';
import { ftmSchemaNames } from './model';

/**
 * A table entry by a name that came from input, or undefined. Plain indexing would find Object.prototype
 * members: a line with schema "constructor" or "toString" must be an unknown schema, not an internal error.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Entity schemata we import, and the kind each becomes. */
export const ENTITY_SCHEMATA: Readonly<Record<string, EntityKind>> = {
  Person: 'person',
  Organization: 'organization',
  // Generic and public bodies come in as organisations; the schema is kept, so they export as what they were.
  LegalEntity: 'organization',
  PublicBody: 'organization',
  Company: 'company',
  Vessel: 'vessel',
  Vehicle: 'vehicle',
  BankAccount: 'bank_account',
  CryptoWallet: 'crypto_wallet',
  Address: 'location',
  // A plane is a vehicle to the case model; land and buildings are places; a post (minister of …) is held in an
  // organisation and is what Occupancy links a holder to.
  Airplane: 'vehicle',
  RealEstate: 'location',
  Position: 'organization',
};

/** The schema an entity of each kind exports as when it did not come from FtM (null: FtM has none). */
export const DEFAULT_ENTITY_SCHEMA: Readonly<Record<EntityKind, string | null>> = {
  person: 'Person',
  organization: 'Organization',
  armed_group: 'Organization',
  company: 'Company',
  vessel: 'Vessel',
  vehicle: 'Vehicle',
  bank_account: 'BankAccount',
  crypto_wallet: 'CryptoWallet',
  location: 'Address',
  phone: null,
};

/** Kinds an entity schema can carry (Organization also carries armed groups, marked by classification). */
export function entitySchemaFits(schema: string, kind: EntityKind): boolean {
  if (schema === 'Organization') return kind === 'organization' || kind === 'armed_group';
  return own(ENTITY_SCHEMATA, schema) === kind;
}

export interface LinkSchemaSpec {
  /** Property holding the source end (the member, the owner, the payer …). */
  source: string;
  /** Property holding the target end. */
  target: string;
  /** Property saying what the relationship is (role, relationship, purpose); none for Debt. */
  role?: string;
}

/** Interval schemata we import as links. */
export const LINK_SCHEMATA: Readonly<Record<string, LinkSchemaSpec>> = {
  Membership: { source: 'member', target: 'organization', role: 'role' },
  Ownership: { source: 'owner', target: 'asset', role: 'role' },
  Directorship: { source: 'director', target: 'organization', role: 'role' },
  Payment: { source: 'payer', target: 'beneficiary', role: 'purpose' },
  Associate: { source: 'person', target: 'associate', role: 'relationship' },
  Family: { source: 'person', target: 'relative', role: 'relationship' },
  UnknownLink: { source: 'subject', target: 'object', role: 'role' },
  // Read in, written back when the record still says what the schema says; never chosen for a link made by hand.
  Employment: { source: 'employee', target: 'employer', role: 'role' },
  Occupancy: { source: 'holder', target: 'post', role: 'status' },
  Representation: { source: 'agent', target: 'client', role: 'role' },
  Succession: { source: 'predecessor', target: 'successor', role: 'role' },
  Debt: { source: 'debtor', target: 'creditor' },
};

/** Where each link kind goes when it did not come from FtM; kinds FtM has no schema for use UnknownLink. */
export const DEFAULT_LINK_SCHEMA: Readonly<Record<LinkKind, string>> = {
  member_of: 'Membership',
  commands: 'Directorship',
  controls: 'Directorship',
  finances: 'Payment',
  paid: 'Payment',
  owns: 'Ownership',
  associate: 'Associate',
  acted_for: 'UnknownLink',
  family: 'Family',
  recruited: 'UnknownLink',
  transported: 'UnknownLink',
  harboured: 'UnknownLink',
  exploited: 'UnknownLink',
  supplied_arms: 'UnknownLink',
  communicated_with: 'UnknownLink',
  located_at: 'UnknownLink',
};

/** Every schema of the FtM model, abstract ones included (from the model library, not a hand list). */
export const FTM_SCHEMATA: ReadonlySet<string> = new Set(ftmSchemaNames());
