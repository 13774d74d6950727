import type { AdvisoryDraft } from "@embargo/core";
import { allReferences, cvssOf, iso } from "./common.ts";
import type { AdvisoryExportInput, ExportError } from "./types.ts";
import { osvEcosystemPattern } from "./validate.ts";

/** The OSV schema version of the bundled schema (ossf/osv-schema docs/schema.md at that commit). */
export const OSV_SCHEMA_VERSION = "1.7.5";

/**
 * The OSV id of a report: OSV ids start with a registered database prefix, and "x_" marks a
 * local database that OSV.dev does not aggregate ("x_VOICE-12").
 */
export const osvId = (reportKey: string) => `x_${reportKey}`;

export function osvChecks(_input: AdvisoryExportInput, draft: AdvisoryDraft): ExportError[] {
  const errors: ExportError[] = [];
  const ecosystem = osvEcosystemPattern();
  draft.affected.forEach((p, i) => {
    if (p.ecosystem === null || p.packageName === null) {
      errors.push({
        field: `affected[${i}]`,
        message: `affected[${i}] package: an OSV export needs an ecosystem and a package name`,
      });
    } else if (!ecosystem.test(p.ecosystem)) {
      errors.push({
        field: `affected[${i}].ecosystem`,
        message: `affected[${i}] ecosystem: "${p.ecosystem}" is not an OSV ecosystem (npm, PyPI, Maven, Go, crates.io, …)`,
      });
    }
  });
  return errors;
}

export function buildOsv(input: AdvisoryExportInput, draft: AdvisoryDraft): Record<string, unknown> {
  const { report, program, now } = input;
  const rangeType = program.versionScheme === "semver" ? "SEMVER" : "ECOSYSTEM";
  const cvss = cvssOf(input);
  // OSV's summary is one line and its details the whole text: the draft's title and its
  // public summary, technical details and workaround.
  const details = [draft.summary, draft.details, draft.workaround === null ? "" : `Workaround: ${draft.workaround}`]
    .filter((s) => s !== "")
    .join("\n\n");
  const databaseSpecific = {
    ...(draft.cwes.length > 0 && { cwe_ids: draft.cwes }),
    ...(report.severity !== null && { severity: report.severity }),
    program: program.name,
    ...(report.disclosureTargetAt !== null && { disclosure_target: iso(report.disclosureTargetAt) }),
  };
  return {
    schema_version: OSV_SCHEMA_VERSION,
    id: osvId(report.key),
    modified: iso(now),
    ...(report.disclosed && report.disclosedAt !== null && { published: iso(report.disclosedAt) }),
    ...(report.cveId !== null && { aliases: [report.cveId] }),
    summary: draft.title,
    details,
    ...(cvss?.ok && {
      severity: [{ type: cvss.version === "3.1" ? "CVSS_V3" : "CVSS_V4", score: cvss.vector }],
    }),
    affected: draft.affected.map((p) => ({
      package: { ecosystem: p.ecosystem ?? "", name: p.packageName ?? "" },
      ranges: p.ranges.map((r) => ({
        type: rangeType,
        events: [
          { introduced: r.introduced ?? "0" },
          r.fixed !== null ? { fixed: r.fixed } : { last_affected: r.lastAffected ?? "" },
        ],
      })),
    })),
    references: allReferences(input, draft).map((r) => ({ type: r.type, url: r.url })),
    ...(input.credits.length > 0 && {
      credits: input.credits.map((c) => ({ name: c.name, type: c.type.toUpperCase() })),
    }),
    database_specific: databaseSpecific,
  };
}
