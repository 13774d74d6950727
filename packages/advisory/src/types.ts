import type { AdvisoryDraft, CreditType, CsafRevision, Severity } from "@embargo/core";

export const ADVISORY_FORMATS = ["cve", "osv", "csaf"] as const;
export type AdvisoryFormat = (typeof ADVISORY_FORMATS)[number];

export interface AdvisoryExportInput {
  draft: AdvisoryDraft;
  report: {
    key: string;
    cveId: string | null;
    severity: Severity | null;
    cvss: { version: string /* "3.1" | "4.0" */; vector: string; score: number } | null;
    receivedAt: Date;
    disclosed: boolean;
    disclosedAt: Date | null;
    fixedVersion: string | null;
    advisoryUrl: string | null;
    disclosureTargetAt: Date | null;
    updatedAt: Date;
  };
  program: {
    name: string;
    keyPrefix: string;
    versionScheme: "semver" | "calver" | "other";
    vendorName: string | null;
    cveAssignerOrgId: string | null;
    cveAssignerShortName: string | null;
    /** The publisher's namespace in CSAF (document.publisher.namespace), e.g. https://example.com. */
    publisherUrl: string;
  };
  /** Only people who accepted credit, already rendered (name or handle). */
  credits: { name: string; type: CreditType; lang?: string }[];
  /** CSAF tracking history, oldest first (see nextCsafRevisions). */
  revisions: CsafRevision[];
  now: Date;
}

/** A problem with the export, named by the field a person can fix (or, from a schema, the document path). */
export interface ExportError {
  field: string;
  message: string;
}

export type ExportResult =
  | {
      ok: true;
      format: AdvisoryFormat;
      document: Record<string, unknown>;
      /** Pretty JSON, 2 spaces, trailing newline. */
      json: string;
      filename: string;
      mediaType: "application/json";
    }
  | { ok: false; format: AdvisoryFormat; errors: ExportError[] };
