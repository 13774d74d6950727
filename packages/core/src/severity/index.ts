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
