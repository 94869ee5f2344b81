/** The activity log's wording lives in shared/ (main's log export uses the same). */
export { actionLabel, detailSummary, formatTimestamp, localTimeZone, shortHash } from '../../shared/audit-format';
