/** The version `sanctum --version` prints: package.json's, inlined when the CLI is bundled. */
import { version } from '../../package.json';

export const SANCTUM_VERSION: string = version;
