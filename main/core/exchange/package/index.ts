/** Evidence packages: export, verify (no vault needed), import, transport encryption. See README.md here. */
export { exportPackage, type ExportRequest, type ExportResult, type ExportProgress, type Organization, type AssessmentFile } from './export';
export { importPackage, UnknownSignerError, type ImportOptions, type ImportResult } from './import';
export { addSigner, listSigners, knownFingerprints, normaliseFingerprint, parseSigner, removeSigner, type KnownSigner } from './signers';
export { verifyBag, verifySource, InvalidPackageError, type VerifyOptions } from './verify';
export { previewPackage, type PackagePreview, type PreviewItem, type PreviewIdentity } from './preview';
export { planPackage, type PackagePlan, type Selection, type Withheld, WITHHELD_REASONS } from './disclosure';
export { extractArchive, sniffInput, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './archive';
export { decryptPackage, type DecryptOptions } from './decrypt';
export { decryptStream, encryptStream, ENVELOPE_MAGIC } from './envelope';
export { recipientKey, formatRecipientKey, parseRecipientKey, type RecipientKey } from './recipient-keys';
export { SANCTUM_BAGIT_PROFILE } from './bagit-profile';
export * from './format';
