/** Icons and short labels for the case vocabularies (shared/model/vocabulary), for tables and tags. */
import type { IconName, Intent } from '@blueprintjs/core';
import { ENTITY_KIND_LABELS, type EntityKind } from '../../shared/model/vocabulary';

export const KIND_ICONS: Record<EntityKind, IconName> = {
  person: 'person',
  organization: 'office',
  armed_group: 'flag',
  company: 'briefcase',
  vessel: 'ship',
  vehicle: 'drive-time',
  bank_account: 'bank-account',
  crypto_wallet: 'dollar',
  phone: 'phone',
  location: 'map-marker',
};

export function kindLabel(kind: EntityKind): string {
  return ENTITY_KIND_LABELS[kind];
}

export const RISK_LABELS: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High', extreme: 'Extreme' };
export const RISK_INTENTS: Record<string, Intent> = { low: 'none', medium: 'warning', high: 'warning', extreme: 'danger' };

export const ASSESSMENT_LABELS: Record<string, string> = {
  confirmed: 'Confirmed',
  probable: 'Probable',
  possible: 'Possible',
  doubtful: 'Doubtful',
};
export const ASSESSMENT_INTENTS: Record<string, Intent> = { confirmed: 'success', probable: 'primary', possible: 'none', doubtful: 'warning' };

export const CASE_STATUS_LABELS: Record<string, string> = { open: 'Open', closed: 'Closed', archived: 'Archived' };

export const SOURCE_TYPE_LABELS: Record<string, string> = {
  witness: 'Witness',
  victim: 'Victim',
  perpetrator: 'Perpetrator',
  official_document: 'Official document',
  financial_record: 'Financial record',
  intercept: 'Intercept',
  open_source: 'Open source',
  media: 'Media',
  ngo: 'NGO',
  un_report: 'UN report',
  law_enforcement: 'Law enforcement',
  on_site_observation: 'On-site observation',
  other: 'Other',
};

export const IDENTIFIER_LABELS: Record<string, string> = {
  passport: 'Passport',
  national_id: 'National ID',
  registration_number: 'Registration number',
  tax_number: 'Tax number',
  phone_number: 'Phone number',
  email: 'Email',
  imo_number: 'IMO number',
  mmsi: 'MMSI',
  call_sign: 'Call sign',
  licence_plate: 'Licence plate',
  vin: 'VIN',
  iban: 'IBAN',
  account_number: 'Account number',
  swift_bic: 'SWIFT / BIC',
  wallet_address: 'Wallet address',
  un_reference: 'UN reference',
  other: 'Other',
};

export const ACQUISITION_LABELS: Record<string, string> = {
  provided_by_witness: 'Provided by a witness',
  seized: 'Seized',
  photographed_on_site: 'Photographed on site',
  downloaded: 'Downloaded',
  received_from_authority: 'Received from an authority',
  received_from_ngo: 'Received from an NGO',
  screen_capture: 'Screen capture',
  other: 'Other',
};

export const WORKING_COPY_LABELS: Record<string, string> = {
  redacted: 'Redacted',
  translated: 'Translated',
  transcribed: 'Transcribed',
  excerpt: 'Excerpt',
  converted: 'Converted',
};

export const CONFIDENTIALITY_LABELS: Record<string, string> = {
  normal: 'Normal',
  confidential: 'Confidential',
  strictly_confidential: 'Strictly confidential',
};

export const SCRIPT_LABELS: Record<string, string> = {
  latin: 'Latin',
  arabic: 'Arabic',
  cyrillic: 'Cyrillic',
  ethiopic: "Ge'ez",
  chinese: 'Chinese',
  other: 'Other',
};
