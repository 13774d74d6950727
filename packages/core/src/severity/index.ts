export {
  type CvssError,
  type CvssScore,
  type CvssValidation,
  type CvssVersion,
  MAX_CVSS_VECTOR_LENGTH,
  SEVERITIES,
  type Severity,
  scoreCvss,
  severityFromScore,
  validateCvssVector,
} from "./cvss.ts";
export { SEVERITY_FILTERS, SEVERITY_SOURCES, type SeverityFilter, type SeveritySource } from "./levels.ts";
