/**
 * Evidence packages as the renderer sees them: the verification report, the export preview and summary, the
 * import summary. The core's types (main/core/exchange/package) have the same shapes; tests validate the
 * router's responses against these schemas.
 */
import { z } from 'zod';
import { Id } from '../../model/records';

export const DISCLOSURE_PROFILES = ['prosecutor', 'panel', 'public'] as const;
export const DisclosureProfile = z.enum(DISCLOSURE_PROFILES);

export const PackageSelection = z
  .object({
    /** The whole case. */
    case: z.boolean().optional(),
    entityIds: z.array(Id).max(10_000).optional(),
    claimIds: z.array(Id).max(10_000).optional(),
    evidenceIds: z.array(Id).max(10_000).optional(),
  })
  .strict();

export const Organization = z
  .object({
    name: z.string().trim().min(1, 'required').max(500),
    address: z.string().max(1000).optional(),
    contactName: z.string().max(200).optional(),
    contactEmail: z.string().max(200).optional(),
    contactPhone: z.string().max(100).optional(),
  })
  .strict();

export const BagProblem = z.object({ severity: z.enum(['error', 'warning']), file: z.string(), reason: z.string() });

export const SanctumReport = z.object({
  packageId: z.string().nullable(),
  disclosureProfile: z.string().nullable(),
  signer: z.object({ algorithm: z.string(), publicKey: z.string(), fingerprint: z.string() }).nullable(),
  signatureValid: z.boolean(),
  /** expected: the key asked for; known: a known signer of this vault; unknown: nobody vouched for this key. */
  signerTrust: z.enum(['expected', 'known', 'unknown']).nullable(),
  signedManifestSha256: z.string().nullable(),
  logHead: z.object({ seq: z.number().int(), hash: z.string(), signedAt: z.string(), valid: z.boolean() }).nullable(),
  custody: z.object({ items: z.number().int(), entries: z.number().int(), valid: z.boolean() }),
  items: z.number().int(),
  withheld: z.number().int(),
  /** Extracted-text files (data/text/…) described in texts.json. */
  texts: z.number().int().default(0),
});

export const BagReport = z.object({
  /** The package's base name (the path stays in main). */
  name: z.string(),
  /** A read grant to import what was just verified (the person chose it once); null when it cannot be imported. */
  importGrant: z.string().nullable(),
  /** A read grant to verify the same package again (after fixing it, say); null when there is none. */
  verifyGrant: z.string().nullable(),
  format: z.enum(['directory', 'tar', 'tar.gz', 'encrypted']),
  archiveRoot: z.string().nullable(),
  valid: z.boolean(),
  complete: z.boolean(),
  bagitVersion: z.string().nullable(),
  tagFileEncoding: z.string().nullable(),
  algorithms: z.object({ payload: z.array(z.string()), tag: z.array(z.string()) }),
  payload: z.object({ files: z.number().int(), bytes: z.number() }),
  bagInfo: z.array(z.object({ label: z.string(), value: z.string() })),
  problems: z.array(BagProblem),
  errors: z.number().int(),
  warnings: z.number().int(),
  sanctum: SanctumReport.nullable(),
  seconds: z.number(),
});
export type BagReportView = z.infer<typeof BagReport>;

export const WithheldItem = z.object({ id: Id, type: z.enum(['file', 'statement']), title: z.string().nullable(), code: z.string(), reason: z.string() });

export const PackagePreview = z.object({
  profile: DisclosureProfile,
  items: z.array(
    z.object({
      id: Id,
      type: z.enum(['file', 'statement']),
      title: z.string(),
      size: z.number().int().nullable(),
      mediaType: z.string().nullable(),
      /** What will happen to it: "original, byte for byte", "rendered with pseudonym" … */
      treatment: z.string(),
    }),
  ),
  withheld: z.array(WithheldItem),
  /** Each witness of the case: whether their identity goes out, and why not. Pseudonyms only, never names. */
  identities: z.array(z.object({ witnessId: Id, pseudonym: z.string(), disclosed: z.boolean(), reason: z.string() })),
  counts: z.object({ entities: z.number().int(), links: z.number().int(), events: z.number().int(), claims: z.number().int() }),
  bytes: z.number(),
  /** The case has witnesses: export needs the witness compartment open (to keep their names out). */
  needsWitnessCompartment: z.boolean(),
  witnessCompartmentOpen: z.boolean(),
  /** Said once more at export: files found to contain a protected name are replaced or withheld then. */
  notes: z.array(z.string()),
});

export const PackageExportResult = z.object({
  /** The package's base name (the path stays in main). */
  name: z.string(),
  /** A read grant to verify what was just written. */
  verifyGrant: z.string(),
  format: z.enum(['directory', 'tar', 'tar.gz', 'encrypted']),
  packageId: z.string(),
  profile: DisclosureProfile,
  signer: z.object({ publicKey: z.string(), fingerprint: z.string() }),
  /** `inBag`: where the item sits inside the bag (`data/evidence/…`), never a path on this computer. */
  items: z.array(z.object({ id: Id, inBag: z.string(), sha256: z.string(), size: z.number().int() })),
  /** Extracted text per item (`data/text/…`), `fileInBag` the file it was read from, `methods` how (pdf-text, ocr …). */
  texts: z.array(z.object({ id: Id, inBag: z.string(), fileInBag: z.string(), sha256: z.string(), size: z.number().int(), methods: z.array(z.string()) })),
  withheld: z.array(WithheldItem),
  payloadBytes: z.number(),
  manifestSha256: z.string(),
  fileSha256: z.string().nullable(),
  recipients: z.number().int(),
});

export const PackageImportResult = z.object({
  caseId: Id,
  packageId: z.string(),
  signer: z.object({ publicKey: z.string(), fingerprint: z.string() }),
  signerTrust: z.enum(['expected', 'known', 'trusted']),
  disclosureProfile: z.string().nullable(),
  items: z.array(z.object({ originalId: z.string(), id: Id, inBag: z.string(), sha256: z.string() })),
  /** Extracted texts restored as the imported items' text (`id`: the item here), no OCR run again. */
  texts: z.array(z.object({ originalId: z.string(), id: Id, inBag: z.string(), methods: z.array(z.string()) })),
  entities: z.number().int(),
  links: z.number().int(),
  events: z.number().int(),
  claims: z.number().int(),
  droppedCitations: z.number().int(),
  provenanceId: Id,
  report: BagReport,
});
