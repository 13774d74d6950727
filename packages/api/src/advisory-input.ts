import {
  type AdvisoryExportInput,
  type AdvisoryFormat,
  contentHash,
  type ExportResult,
  exportAdvisory,
  nextCsafRevisions,
} from "@embargo/advisory";
import { type AdvisoryDraft, emptyAdvisoryDraft } from "@embargo/core";
import {
  advisoryCreditsOf,
  advisoryOf,
  type Db,
  milestoneOf,
  programById,
  type ReportRow,
  recordCsafRevisions,
} from "@embargo/db";

/**
 * One builder of an advisory export's input from the stored report, program
 * and draft, for the dashboard, the public advisory page and the CLI, so the
 * three can never describe the same advisory differently.
 */

/**
 * Credits in an advisory: every accepted, not withdrawn credit of the report, named
 * as the person chose, with its CVE credit type. Anonymous credits are left out:
 * CVE, OSV and CSAF credits name someone, and a nameless entry credits no one.
 */
export function creditsOf(db: Db, report: ReportRow): AdvisoryExportInput["credits"] {
  return advisoryCreditsOf(db, report.id).map((c) => ({ name: c.name, type: c.type, lang: "en" }));
}

export function draftOf(
  db: Db,
  report: ReportRow,
  vendor: string,
  product: string,
): { draft: AdvisoryDraft; saved: boolean } {
  const row = advisoryOf(db, report.id);
  if (row) return { draft: row.draft, saved: true };
  return { draft: emptyAdvisoryDraft({ title: report.title, cwe: report.cwe, vendor, product }), saved: false };
}

export function exportInputOf(db: Db, report: ReportRow, publicUrl: string, now: Date): AdvisoryExportInput | null {
  const program = programById(db, report.programId)!;
  const saved = advisoryOf(db, report.id);
  if (!saved) return null;
  return {
    draft: saved.draft,
    report: {
      key: report.key,
      cveId: report.cveId,
      severity: report.severity,
      cvss:
        report.cvssVector && report.cvssVersion && report.cvssScore !== null
          ? { version: report.cvssVersion, vector: report.cvssVector, score: report.cvssScore }
          : null,
      receivedAt: report.receivedAt,
      disclosed: report.state === "disclosed",
      // The publication instant, not the row's last change (a later reply would move it).
      disclosedAt:
        report.state === "disclosed"
          ? (milestoneOf(db, report.id, "advisory_published")?.actualAt ?? report.updatedAt)
          : null,
      fixedVersion: report.fixedVersion,
      advisoryUrl: report.advisoryUrl,
      disclosureTargetAt: report.disclosureTargetAt,
      updatedAt: saved.updatedAt,
    },
    program: {
      name: program.name,
      keyPrefix: program.keyPrefix,
      versionScheme: program.versionScheme,
      vendorName: program.vendorName,
      cveAssignerOrgId: program.cveAssignerOrgId,
      cveAssignerShortName: program.cveAssignerShortName,
      publisherUrl: publicUrl,
    },
    credits: creditsOf(db, report),
    revisions: saved.revisions.map(({ number, date, summary }) => ({ number, date, summary })),
    now,
  };
}

/**
 * Export a report's saved advisory in one format, validated. With
 * growRevisions, a CSAF export whose content changed since the last one adds
 * a revision to the stored tracking history (the dashboard and the CLI do;
 * the public page only reads). Undefined when no advisory is saved.
 */
export function exportReportAdvisory(
  db: Db,
  report: ReportRow,
  format: AdvisoryFormat,
  opts: { publicUrl: string; now: Date; growRevisions: boolean },
): ExportResult | undefined {
  const base = exportInputOf(db, report, opts.publicUrl, opts.now);
  const saved = advisoryOf(db, report.id);
  if (!base || !saved) return undefined;
  if (format !== "csaf") return exportAdvisory(format, base);
  if (!opts.growRevisions) {
    if (base.revisions.length > 0) return exportAdvisory(format, base);
    // Never exported from the dashboard, so no history is stored: read-only, the one
    // revision is the publication itself (a fixed instant, so every download is the same).
    const at = base.report.disclosedAt ?? saved.updatedAt;
    return exportAdvisory(format, {
      ...base,
      revisions: [{ number: "1", date: at.toISOString(), summary: "Initial public release" }],
    });
  }
  const hash = contentHash("csaf", base);
  const next = nextCsafRevisions(
    base.revisions,
    hash,
    saved.revisions.at(-1)?.hash ?? null,
    opts.now,
    "Advisory updated",
  );
  const result = exportAdvisory(format, { ...base, revisions: next.revisions });
  if (result.ok && next.changed) {
    recordCsafRevisions(
      db,
      report.id,
      next.revisions.map((r) => ({ ...r, hash: r.hash ?? hash })),
    );
  }
  return result;
}
