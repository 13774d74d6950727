import { type AdvisoryDraft, advisoryDraftSchema, type CsafRevision } from "@embargo/core";
import { canonicalJson, commonChecks, prettyJson, sha256 } from "./common.ts";
import { buildCsaf, csafChecks, csafFilename } from "./csaf.ts";
import { buildCve, cveChecks } from "./cve.ts";
import { buildOsv, osvChecks } from "./osv.ts";
import type { AdvisoryExportInput, AdvisoryFormat, ExportError, ExportResult } from "./types.ts";
import { validateAdvisoryDocument } from "./validate.ts";

export { cweName } from "./common.ts";
export { csafFilename } from "./csaf.ts";
export { CVE_DATA_VERSION, type ParsedCveRecord, parseCveRecord } from "./cve.ts";
export { OSV_SCHEMA_VERSION, osvId } from "./osv.ts";
export {
  ADVISORY_FORMATS,
  type AdvisoryExportInput,
  type AdvisoryFormat,
  type ExportError,
  type ExportResult,
} from "./types.ts";
export { validateAdvisoryDocument, warmAdvisoryValidators } from "./validate.ts";
export type { CsafRevision };

const LABELS: Record<string, string> = {
  title: "title",
  summary: "summary",
  details: "details",
  workaround: "workaround",
  affected: "affected versions",
  cwes: "weaknesses",
  references: "references",
};

/** The draft as the schema reads it, or its problems named by field ("affected[0].ranges[1].fixed"). */
function parseDraft(draft: AdvisoryDraft): { ok: true; draft: AdvisoryDraft } | { ok: false; errors: ExportError[] } {
  const parsed = advisoryDraftSchema.safeParse(draft);
  if (parsed.success) return { ok: true, draft: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => {
      const field = issue.path
        .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
        .join("");
      const top = String(issue.path[0] ?? "");
      return { field: field || "draft", message: `${LABELS[top] ?? (top || "advisory")}: ${issue.message}` };
    }),
  };
}

const builders = { cve: buildCve, osv: buildOsv, csaf: buildCsaf } as const;
const checks = { cve: cveChecks, osv: osvChecks, csaf: csafChecks } as const;

function filename(format: AdvisoryFormat, input: AdvisoryExportInput): string {
  if (format === "cve") return `${input.report.cveId}.json`;
  if (format === "osv") return `${input.report.key}.osv.json`;
  return csafFilename(input.report.key);
}

/**
 * Builds one advisory document. First the draft and what the format needs are checked, with
 * errors in words the team knows; then the document is validated against the format's
 * official schema (and, for CSAF, the mandatory tests). A document that fails is never
 * returned as ok.
 */
export function exportAdvisory(format: AdvisoryFormat, input: AdvisoryExportInput): ExportResult {
  const parsed = parseDraft(input.draft);
  if (!parsed.ok) return { ok: false, format, errors: parsed.errors };
  const { draft } = parsed;
  const errors = [...commonChecks(input, draft), ...checks[format](input, draft)];
  if (errors.length > 0) return { ok: false, format, errors };
  const document = builders[format](input, draft);
  const invalid = validateAdvisoryDocument(format, document);
  if (invalid.length > 0) return { ok: false, format, errors: invalid };
  return {
    ok: true,
    format,
    document,
    json: prettyJson(document),
    filename: filename(format, input),
    mediaType: "application/json",
  };
}

/** The document without what changes on every export (tracking, timestamps). */
function withoutTracking(format: AdvisoryFormat, document: Record<string, unknown>): Record<string, unknown> {
  const doc = structuredClone(document) as Record<string, Record<string, Record<string, unknown>>>;
  if (format === "csaf") {
    delete doc.document?.tracking;
  } else if (format === "osv") {
    delete doc.modified;
    delete doc.published;
  } else {
    delete doc.cveMetadata?.datePublished;
    delete doc.cveMetadata?.dateUpdated;
    delete (doc.containers?.cna?.providerMetadata as Record<string, unknown> | undefined)?.dateUpdated;
  }
  return doc;
}

/**
 * SHA-256 (hex) of what a format's document says, without its tracking and timestamps: equal
 * content gives an equal hash whenever it is exported. For CSAF, nextCsafRevisions compares it
 * with the last revision's to decide whether the advisory changed.
 */
export function contentHash(format: AdvisoryFormat, input: AdvisoryExportInput): string {
  const parsed = advisoryDraftSchema.safeParse(input.draft);
  const draft = parsed.success ? parsed.data : input.draft;
  return sha256(canonicalJson(withoutTracking(format, builders[format](input, draft))));
}

/**
 * The CSAF revision history for an export: unchanged when `hash` equals `lastHash` (the hash
 * of the last export, which the last revision records: pass `revisions.at(-1)?.hash ?? null`),
 * else with a new revision numbered one more than the last ("1", "2", …) that records `hash`.
 */
export function nextCsafRevisions(
  revisions: CsafRevision[],
  hash: string,
  lastHash: string | null,
  now: Date,
  summary: string,
): { revisions: CsafRevision[]; changed: boolean } {
  if (revisions.length > 0 && lastHash !== null && hash === lastHash) return { revisions, changed: false };
  const last = revisions.reduce((n, r) => Math.max(n, Number.parseInt(r.number, 10) || 0), 0);
  return {
    revisions: [...revisions, { number: String(last + 1), date: now.toISOString(), summary, hash }],
    changed: true,
  };
}
