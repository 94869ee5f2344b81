/**
 * Every command module, in help order. A feature adds `main/cli/commands/<domain>.ts` exporting its Command[]
 * and lists it here (case, import, export, evidence, search, lists, screen, assess, package, verify …).
 */
import { Registry } from '../registry';
import { devCommands } from './dev';
import { vaultCommands } from './vault';
import { auditCommands } from './audit';
import { draftCommands } from './drafts';
import { caseCommands } from './case';
import { exchangeCommands } from './exchange';
import { graphCommands } from './graph';
import { timelineCommands } from './timeline';
import { evidenceCommands } from './evidence';
import { searchCommands } from './search';
import { criteriaCommands } from './criteria';
import { buildCommands } from './build';
import { packageCommands } from './package';
import { screeningCommands } from './screening';
import { listsCommands } from './lists';
import { witnessCommands } from './witness';
import { mentionCommands } from './mentions';

export function createRegistry(): Registry {
  return new Registry([...vaultCommands, ...auditCommands, ...draftCommands, ...caseCommands, ...witnessCommands, ...exchangeCommands, ...graphCommands, ...timelineCommands, ...evidenceCommands, ...mentionCommands, ...searchCommands, ...buildCommands, ...criteriaCommands, ...packageCommands, ...screeningCommands, ...listsCommands, ...devCommands]);
}
