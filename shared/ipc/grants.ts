/**
 * Grants instead of paths. Filesystem paths exist only in main: the file dialogs (system.pickFiles,
 * system.pickSavePath) and drops hand the renderer an opaque, single-use grant bound to one purpose, and every
 * channel that reads or writes a file takes such a grant. A compromised renderer can therefore only touch
 * files the person chose in a native dialog (or dropped), and only for what the dialog was opened for.
 */
import { z } from 'zod';

/** What a read grant may be used for: the channel that will read the file. */
export const READ_PURPOSES = ['evidence.intake', 'evidence.workingCopy', 'ftm.import', 'screening.importList', 'package.verify', 'package.import', 'package.decrypt'] as const;
/** What a write grant may be used for: the channel that will write the file (or folder). */
export const WRITE_PURPOSES = ['evidence.exportOriginal', 'audit.export', 'graph.exportImage', 'graph.exportGraphml', 'graph.exportGexf', 'ftm.export', 'listing.export', 'package.export', 'package.decrypt'] as const;
export type ReadPurpose = (typeof READ_PURPOSES)[number];
export type WritePurpose = (typeof WRITE_PURPOSES)[number];
export type GrantAccess = 'read' | 'write';

/** Marks a request field as a grant: test/security/renderer-compromise.test.ts finds every such field by it. */
export const GRANT_DESCRIPTION = 'sanctum.grant';

/**
 * A grant token as a request carries it. Deliberately loose (any short string): whether it is a live grant of
 * the right purpose is main's decision, answered FORBIDDEN, so a path here gets the same answer as a forged token.
 */
export const Grant = z.string().min(1).max(4096).describe(GRANT_DESCRIPTION);

/** What a dialog or drop hands the renderer: the grant, and the file's base name for display (never the path). */
export const GrantedFile = z.object({ grant: z.string(), name: z.string() });
export type GrantedFile = z.infer<typeof GrantedFile>;
