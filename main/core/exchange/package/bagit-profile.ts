/**
 * BagIt Profiles (bagit-profiles specification 1.4.0): check a bag's facts against a profile JSON. Used with
 * our own profile (sanctum-bagit-profile.json) for Sanctum packages; written generically so the same code
 * reads other organisations' profiles.
 */
import { z } from 'zod';
import profileJson from './sanctum-bagit-profile.json';
import { bagInfoValues } from './bag-info';
import type { BagFormat } from './format';

const TagSpec = z.object({
  required: z.boolean().optional(),
  values: z.array(z.string()).optional(),
  repeatable: z.boolean().optional(),
  description: z.string().optional(),
});

export const BagItProfile = z.object({
  'BagIt-Profile-Info': z.object({ 'BagIt-Profile-Identifier': z.string(), 'BagIt-Profile-Version': z.string().optional() }).passthrough(),
  'Bag-Info': z.record(z.string(), TagSpec).default({}),
  'Manifests-Required': z.array(z.string()).default([]),
  'Manifests-Allowed': z.array(z.string()).optional(),
  'Tag-Manifests-Required': z.array(z.string()).default([]),
  'Tag-Manifests-Allowed': z.array(z.string()).optional(),
  'Allow-Fetch.txt': z.boolean().default(true),
  'Fetch.txt-Required': z.boolean().default(false),
  'Data-Empty': z.boolean().default(false),
  Serialization: z.enum(['forbidden', 'required', 'optional']).default('optional'),
  'Accept-Serialization': z.array(z.string()).default([]),
  'Accept-BagIt-Version': z.array(z.string()).min(1),
  'Tag-Files-Required': z.array(z.string()).default([]),
  'Tag-Files-Allowed': z.array(z.string()).optional(),
  'Payload-Files-Required': z.array(z.string()).default([]),
  'Payload-Files-Allowed': z.array(z.string()).optional(),
});
export type BagItProfile = z.infer<typeof BagItProfile>;

export const SANCTUM_BAGIT_PROFILE: BagItProfile = BagItProfile.parse(profileJson);

export interface BagFacts {
  version: string | null;
  format: BagFormat;
  bagInfo: { label: string; value: string }[];
  hasBagInfo: boolean;
  payloadAlgorithms: string[];
  tagAlgorithms: string[];
  hasFetch: boolean;
  /** Tag files other than bagit.txt, bag-info.txt and the manifests are what Tag-Files-* constrain. */
  tagFiles: string[];
  payloadFiles: string[];
}

/** glob(7)-style: "*" matches any run of characters except "/". */
export function globMatch(pattern: string, path: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return re.test(path);
}

const MEDIA_TYPES: Record<BagFormat, string[]> = {
  directory: [],
  tar: ['application/x-tar', 'application/tar'],
  'tar.gz': ['application/gzip', 'application/x-gzip', 'application/tar+gzip', 'application/x-tar+gzip'],
  encrypted: ['application/vnd.sanctum.package-encrypted'],
};

/** Each violation as { file, reason } (file is the tag file or path concerned). All are errors. */
export function checkProfile(profile: BagItProfile, f: BagFacts): { file: string; reason: string }[] {
  const out: { file: string; reason: string }[] = [];
  const id = profile['BagIt-Profile-Info']['BagIt-Profile-Identifier'];
  const bad = (file: string, reason: string) => out.push({ file, reason: `${reason} (profile ${id})` });
  if (!f.version || !profile['Accept-BagIt-Version'].includes(f.version)) {
    bad('bagit.txt', `BagIt version ${f.version ?? '(unknown)'} is not accepted; the profile accepts ${profile['Accept-BagIt-Version'].join(', ')}`);
  }
  if (f.format === 'directory' ? profile.Serialization === 'required' : profile.Serialization === 'forbidden') {
    bad('(bag)', `serialization is ${profile.Serialization}`);
  } else if (f.format !== 'directory' && profile['Accept-Serialization'].length && !MEDIA_TYPES[f.format].some((t) => profile['Accept-Serialization'].includes(t))) {
    bad('(archive)', `a ${f.format} archive is not an accepted serialization`);
  }
  for (const [label, spec] of Object.entries(profile['Bag-Info'])) {
    const values = bagInfoValues(f.bagInfo, label);
    if (spec.required && values.length === 0) bad('bag-info.txt', `the required element ${label} is missing`);
    if (spec.repeatable === false && values.length > 1) bad('bag-info.txt', `${label} appears ${values.length} times but may appear once`);
    if (spec.values?.length) for (const v of values) if (!spec.values.includes(v)) bad('bag-info.txt', `${label} is "${v}", not one of ${spec.values.join(', ')}`);
  }
  if (!f.hasBagInfo && Object.values(profile['Bag-Info']).some((s) => s.required)) bad('bag-info.txt', 'is missing');
  for (const a of profile['Manifests-Required']) if (!f.payloadAlgorithms.includes(a)) bad(`manifest-${a}.txt`, 'the required payload manifest is missing');
  for (const a of f.payloadAlgorithms) if (profile['Manifests-Allowed'] && !profile['Manifests-Allowed'].includes(a)) bad(`manifest-${a}.txt`, `${a} manifests are not allowed`);
  for (const a of profile['Tag-Manifests-Required']) if (!f.tagAlgorithms.includes(a)) bad(`tagmanifest-${a}.txt`, 'the required tag manifest is missing');
  for (const a of f.tagAlgorithms) if (profile['Tag-Manifests-Allowed'] && !profile['Tag-Manifests-Allowed'].includes(a)) bad(`tagmanifest-${a}.txt`, `${a} tag manifests are not allowed`);
  if (f.hasFetch && !profile['Allow-Fetch.txt']) bad('fetch.txt', 'fetch.txt is not allowed: every payload file must be in the package itself');
  if (!f.hasFetch && profile['Fetch.txt-Required']) bad('fetch.txt', 'fetch.txt is required');
  if (profile['Data-Empty'] && f.payloadFiles.length > 1) bad('data/', 'the payload must be empty');
  for (const t of profile['Tag-Files-Required']) if (!f.tagFiles.includes(t)) bad(t, 'the required tag file is missing');
  const tagAllowed = profile['Tag-Files-Allowed'];
  if (tagAllowed) for (const t of f.tagFiles) if (!tagAllowed.some((p) => globMatch(p, t))) bad(t, 'this tag file is not allowed');
  for (const p of profile['Payload-Files-Required']) if (!f.payloadFiles.includes(p)) bad(p, 'the required payload file is missing');
  const payAllowed = profile['Payload-Files-Allowed'];
  if (payAllowed) for (const p of f.payloadFiles) if (!payAllowed.some((g) => globMatch(g, p))) bad(p, 'this payload file is not allowed here');
  return out;
}
