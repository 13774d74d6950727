import {
  type AdvisoryDraft,
  type AdvisoryProduct,
  type AdvisoryRange,
  CREDIT_TYPES,
  type CreditType,
  type ReferenceType,
} from "@embargo/core";
import { allReferences, cvssOf, cweName, iso } from "./common.ts";
import type { AdvisoryExportInput, ExportError } from "./types.ts";

/** CVE JSON 5 record format version written (the bundled schema accepts 5.x; CVE Services publishes "5.1"). */
export const CVE_DATA_VERSION = "5.1";

const CVE_ID = /^CVE-[0-9]{4}-[0-9]{4,19}$/;
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-4[0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/;
/** CVE descriptions, solutions and workarounds hold at most this many characters. */
const CVE_TEXT_MAX = 4096;

/** CVE reference tags for OSV reference types (types without a fitting tag get none). */
const REFERENCE_TAGS: Partial<Record<ReferenceType, string>> = {
  ADVISORY: "vendor-advisory",
  ARTICLE: "technical-description",
  DETECTION: "signature",
  DISCUSSION: "mailing-list",
  REPORT: "issue-tracking",
  FIX: "patch",
  PACKAGE: "product",
  EVIDENCE: "exploit",
};

/**
 * Package collections (cna.affected[].collectionURL) for the OSV ecosystems that have one in
 * the CVE schema's examples, so a record names the package and parseCveRecord reads the
 * ecosystem back.
 */
const COLLECTIONS: Record<string, string> = {
  npm: "https://registry.npmjs.org",
  PyPI: "https://pypi.python.org",
  Maven: "https://repo.maven.apache.org/maven2",
  NuGet: "https://nuget.org/packages",
  RubyGems: "https://rubygems.org",
  "crates.io": "https://crates.io",
  Packagist: "https://packagist.org",
  Hex: "https://repo.hex.pm",
  Pub: "https://pub.dev",
  Go: "https://golang.org/pkg",
  CRAN: "https://cran.r-project.org",
  Hackage: "https://hackage.haskell.org",
};

export function cveChecks(input: AdvisoryExportInput, draft: AdvisoryDraft): ExportError[] {
  const errors: ExportError[] = [];
  const { cveId } = input.report;
  if (cveId === null || cveId.trim() === "") {
    errors.push({ field: "cveId", message: "CVE id: reserve a CVE id first (patch timeline)" });
  } else if (!CVE_ID.test(cveId)) {
    errors.push({ field: "cveId", message: "CVE id: must look like CVE-2026-1234" });
  }
  const { cveAssignerOrgId: orgId, cveAssignerShortName: shortName } = input.program;
  if (orgId === null || orgId.trim() === "") {
    errors.push({
      field: "program.cveAssignerOrgId",
      message: "CVE assigner org id: set it in the program's settings",
    });
  } else if (!UUID.test(orgId)) {
    errors.push({
      field: "program.cveAssignerOrgId",
      message: "CVE assigner org id: must be your CNA's UUID from CVE Services",
    });
  }
  if (shortName !== null && (shortName.length < 2 || shortName.length > 32)) {
    errors.push({
      field: "program.cveAssignerShortName",
      message: "CVE assigner short name: 2 to 32 characters",
    });
  }
  if (allReferences(input, draft).length === 0) {
    errors.push({
      field: "references",
      message: "references: a CVE record needs at least one reference (the advisory URL, for example)",
    });
  }
  if (draft.workaround !== null && draft.workaround.length > CVE_TEXT_MAX) {
    errors.push({ field: "workaround", message: `workaround: a CVE record takes at most ${CVE_TEXT_MAX} characters` });
  }
  return errors;
}

const cveCreditType = (t: CreditType) => t.replaceAll("_", " ");

export function buildCve(input: AdvisoryExportInput, draft: AdvisoryDraft): Record<string, unknown> {
  const { report, program, now } = input;
  const versionType = program.versionScheme === "semver" ? "semver" : "custom";
  const cvss = cvssOf(input);

  const affected = draft.affected.map((p) => {
    const collectionURL = p.ecosystem !== null ? COLLECTIONS[p.ecosystem] : undefined;
    return {
      vendor: p.vendor,
      product: p.product,
      ...(p.packageName !== null && { packageName: p.packageName }),
      ...(p.packageName !== null && collectionURL !== undefined && { collectionURL }),
      defaultStatus: "unaffected",
      versions: p.ranges.map((r) => ({
        version: r.introduced ?? "0",
        status: "affected",
        versionType,
        ...(r.fixed !== null ? { lessThan: r.fixed } : { lessThanOrEqual: r.lastAffected }),
      })),
    };
  });

  const metrics: Record<string, unknown>[] = [];
  if (cvss?.ok) {
    const key = cvss.version === "3.1" ? "cvssV3_1" : "cvssV4_0";
    metrics.push({
      format: "CVSS",
      scenarios: [{ lang: "en", value: "GENERAL" }],
      [key]: {
        version: cvss.version,
        vectorString: cvss.vector,
        baseScore: cvss.baseScore,
        baseSeverity: cvss.baseSeverity,
      },
    });
  } else if (report.severity !== null) {
    metrics.push({
      other: { type: "Textual description of severity", content: { text: report.severity } },
    });
  }

  const solutions: string[] = [];
  for (const p of draft.affected) {
    for (const r of p.ranges) {
      if (r.fixed !== null) solutions.push(`Update ${p.product} to version ${r.fixed} or later.`);
    }
  }
  if (solutions.length === 0 && report.fixedVersion !== null) {
    solutions.push(`Update to version ${report.fixedVersion} or later.`);
  }

  const references = allReferences(input, draft).map((r) => {
    const tag = REFERENCE_TAGS[r.type];
    return { url: r.url, ...(tag !== undefined && { tags: [tag] }) };
  });

  const cna: Record<string, unknown> = {
    providerMetadata: {
      orgId: program.cveAssignerOrgId,
      ...(program.cveAssignerShortName !== null && { shortName: program.cveAssignerShortName }),
      dateUpdated: iso(now),
    },
    title: draft.title,
    ...(report.disclosed && report.disclosedAt !== null && { datePublic: iso(report.disclosedAt) }),
    descriptions: [{ lang: "en", value: draft.summary }],
    affected,
    ...(draft.cwes.length > 0 && {
      problemTypes: [
        {
          descriptions: draft.cwes.map((id) => {
            const name = cweName(id);
            return { lang: "en", type: "CWE", cweId: id, description: name === null ? id : `${id} ${name}` };
          }),
        },
      ],
    }),
    ...(metrics.length > 0 && { metrics }),
    references,
    ...(input.credits.length > 0 && {
      credits: input.credits.map((c) => ({ lang: c.lang ?? "en", value: c.name, type: cveCreditType(c.type) })),
    }),
    ...(solutions.length > 0 && { solutions: [...new Set(solutions)].map((value) => ({ lang: "en", value })) }),
    ...(draft.workaround !== null && { workarounds: [{ lang: "en", value: draft.workaround }] }),
  };

  return {
    dataType: "CVE_RECORD",
    dataVersion: CVE_DATA_VERSION,
    cveMetadata: {
      cveId: report.cveId,
      assignerOrgId: program.cveAssignerOrgId,
      ...(program.cveAssignerShortName !== null && { assignerShortName: program.cveAssignerShortName }),
      state: "PUBLISHED",
      datePublished: iso(report.disclosedAt ?? now),
      dateUpdated: iso(now),
    },
    containers: { cna },
  };
}

export interface ParsedCveRecord {
  affected: AdvisoryProduct[];
  credits: { name: string; type: CreditType; lang: string }[];
}

/**
 * Reads the affected ranges and credits back from a CVE JSON 5 record (one this package wrote,
 * or any record whose versions use lessThan / lessThanOrEqual). A range from version "0" reads
 * back as "from the first version" (introduced null); an ecosystem reads back only when the
 * record names a package collection this package knows. Throws on anything that is not a
 * published CVE record.
 */
export function parseCveRecord(json: string | unknown): ParsedCveRecord {
  const record = (typeof json === "string" ? JSON.parse(json) : json) as {
    containers?: { cna?: { affected?: unknown[]; credits?: unknown[] } };
  };
  const cna = record?.containers?.cna;
  if (!cna || !Array.isArray(cna.affected)) throw new Error("Not a published CVE record: containers.cna.affected");
  const ecosystems = new Map(Object.entries(COLLECTIONS).map(([e, url]) => [url, e]));

  const affected = cna.affected.map((raw) => {
    const p = raw as {
      vendor?: string;
      product?: string;
      packageName?: string;
      collectionURL?: string;
      versions?: { version: string; status: string; lessThan?: string; lessThanOrEqual?: string }[];
    };
    const ranges: AdvisoryRange[] = (p.versions ?? [])
      .filter((v) => v.status === "affected" && (v.lessThan !== undefined || v.lessThanOrEqual !== undefined))
      .map((v) => ({
        introduced: v.version === "0" ? null : v.version,
        fixed: v.lessThan ?? null,
        lastAffected: v.lessThan === undefined ? (v.lessThanOrEqual ?? null) : null,
      }));
    return {
      vendor: p.vendor ?? "",
      product: p.product ?? "",
      ecosystem: p.collectionURL !== undefined ? (ecosystems.get(p.collectionURL) ?? null) : null,
      packageName: p.packageName ?? null,
      ranges,
    };
  });

  const credits = (cna.credits ?? []).map((raw) => {
    const c = raw as { lang?: string; value: string; type?: string };
    const type = (c.type ?? "finder").replaceAll(" ", "_");
    return {
      name: c.value,
      type: (CREDIT_TYPES as readonly string[]).includes(type) ? (type as CreditType) : "other",
      lang: c.lang ?? "en",
    };
  });
  return { affected, credits };
}
