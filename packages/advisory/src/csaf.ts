import { type AdvisoryDraft, CREDIT_TYPE_LABELS, type CreditType } from "@embargo/core";
import { allReferences, cvssOf, cweName, iso, rangeText } from "./common.ts";
import type { AdvisoryExportInput, ExportError } from "./types.ts";

const TLP_URL = "https://www.first.org/tlp/";

/**
 * CSAF's file name rule (CSAF 2.0, 5.1): the tracking id in lower case, every run of other
 * characters than a-z, 0-9, + and - replaced by "_", then ".json".
 */
export const csafFilename = (trackingId: string) => `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, "_")}.json`;

export function csafChecks(input: AdvisoryExportInput, draft: AdvisoryDraft): ExportError[] {
  const errors: ExportError[] = [];
  const { vendorName, publisherUrl } = input.program;
  if (vendorName === null || vendorName.trim() === "") {
    errors.push({ field: "program.vendorName", message: "vendor name: set it in the program's settings" });
  }
  if (!URL.canParse(publisherUrl) || !/^https?:$/.test(new URL(publisherUrl).protocol)) {
    errors.push({
      field: "program.publisherUrl",
      message: "publisher URL: must be a web address (https://…) that names the publisher",
    });
  }
  for (const id of draft.cwes) {
    if (cweName(id) === null) {
      errors.push({
        field: "cwes",
        message: `weakness: ${id} is not in the CWE catalogue a CSAF validator checks against`,
      });
    }
  }
  if (input.revisions.length === 0) {
    errors.push({ field: "revisions", message: "revision history: empty (record a revision with nextCsafRevisions)" });
  }
  return errors;
}

/** vers (https://github.com/package-url/vers-spec), which CSAF recommends for product_version_range. */
function vers(scheme: string, r: AdvisoryDraft["affected"][number]["ranges"][number]): string {
  const parts = [
    ...(r.introduced === null ? [] : [`>=${r.introduced}`]),
    r.fixed !== null ? `<${r.fixed}` : `<=${r.lastAffected}`,
  ];
  return `vers:${scheme}/${parts.map(encodeURIComponent).join("|").replaceAll("%3E", ">").replaceAll("%3C", "<").replaceAll("%3D", "=")}`;
}

export function buildCsaf(input: AdvisoryExportInput, draft: AdvisoryDraft): Record<string, unknown> {
  const { report, program, now } = input;
  const scheme = program.versionScheme === "semver" ? "semver" : "generic";
  const cvss = cvssOf(input);

  // Product tree: vendor → product name → the affected ranges and the fixed versions.
  let count = 0;
  const nextId = () => `CSAFPID-${String(++count).padStart(4, "0")}`;
  const vendors = new Map<string, Map<string, Record<string, unknown>[]>>();
  const knownAffected: string[] = [];
  const fixed: string[] = [];
  const fixedIds = new Map<string, string>();
  const fixes = new Map<string, { details: string; productIds: string[] }>();
  for (const p of draft.affected) {
    const products = vendors.get(p.vendor) ?? new Map<string, Record<string, unknown>[]>();
    vendors.set(p.vendor, products);
    const versions = products.get(p.product) ?? [];
    products.set(p.product, versions);
    for (const r of p.ranges) {
      const id = nextId();
      knownAffected.push(id);
      versions.push({
        category: "product_version_range",
        name: vers(scheme, r),
        product: { product_id: id, name: `${p.vendor} ${p.product} ${rangeText(r)}` },
      });
      if (r.fixed !== null) {
        const key = JSON.stringify([p.vendor, p.product, r.fixed]);
        let fixedId = fixedIds.get(key);
        if (fixedId === undefined) {
          fixedId = nextId();
          fixedIds.set(key, fixedId);
          fixed.push(fixedId);
          versions.push({
            category: "product_version",
            name: r.fixed,
            product: { product_id: fixedId, name: `${p.vendor} ${p.product} ${r.fixed}` },
          });
        }
        const fix = fixes.get(key) ?? {
          details: `Update ${p.product} to version ${r.fixed} or later.`,
          productIds: [],
        };
        fix.productIds.push(id);
        fixes.set(key, fix);
      }
    }
  }
  const branches = [...vendors].map(([vendor, products]) => ({
    category: "vendor",
    name: vendor,
    branches: [...products].map(([product, versions]) => ({
      category: "product_name",
      name: product,
      branches: versions,
    })),
  }));

  const remediations: Record<string, unknown>[] = [...fixes.values()].map((f) => ({
    category: "vendor_fix",
    details: f.details,
    product_ids: f.productIds,
  }));
  if (remediations.length === 0 && report.fixedVersion !== null && knownAffected.length > 0) {
    remediations.push({
      category: "vendor_fix",
      details: `Update to version ${report.fixedVersion} or later.`,
      product_ids: knownAffected,
    });
  }
  if (draft.workaround !== null && knownAffected.length > 0) {
    remediations.push({ category: "workaround", details: draft.workaround, product_ids: knownAffected });
  }
  if (remediations.length === 0 && knownAffected.length > 0) {
    remediations.push({ category: "none_available", details: "No fix is available yet.", product_ids: knownAffected });
  }

  const [cwe, ...otherCwes] = draft.cwes;
  const vulnerabilityNotes: Record<string, unknown>[] = [
    { category: "description", title: "Description", text: draft.summary },
  ];
  if (otherCwes.length > 0) {
    vulnerabilityNotes.push({
      category: "other",
      title: "Other weaknesses",
      text: otherCwes.map((id) => `${id}: ${cweName(id) ?? id}`).join("\n"),
    });
  }
  if (cvss?.ok && cvss.version === "4.0") {
    // CSAF 2.0 scores hold CVSS v2 and v3 only.
    vulnerabilityNotes.push({
      category: "other",
      title: "CVSS v4.0",
      text: `${cvss.vector} (base score ${cvss.baseScore}, ${cvss.baseSeverity})`,
    });
  }

  const credits = new Map<CreditType, string[]>();
  for (const c of input.credits) credits.set(c.type, [...(credits.get(c.type) ?? []), c.name]);

  const revisions = input.revisions;
  const first = revisions[0];
  const last = revisions[revisions.length - 1];
  const references = allReferences(input, draft);
  const advisory = references.find((r) => r.url === report.advisoryUrl);

  const vulnerability: Record<string, unknown> = {
    ...(report.cveId !== null
      ? { cve: report.cveId }
      : { ids: [{ system_name: `${program.vendorName ?? program.name} security reports`, text: report.key }] }),
    ...(cwe !== undefined && { cwe: { id: cwe, name: cweName(cwe) ?? cwe } }),
    title: draft.title,
    discovery_date: iso(report.receivedAt),
    ...(report.disclosed && report.disclosedAt !== null && { release_date: iso(report.disclosedAt) }),
    notes: vulnerabilityNotes,
    product_status: {
      ...(knownAffected.length > 0 && { known_affected: knownAffected }),
      ...(fixed.length > 0 && { fixed }),
    },
    ...(remediations.length > 0 && { remediations }),
    ...(cvss?.ok &&
      cvss.version === "3.1" &&
      knownAffected.length > 0 && {
        scores: [
          {
            cvss_v3: {
              version: "3.1",
              vectorString: cvss.vector,
              baseScore: cvss.baseScore,
              baseSeverity: cvss.baseSeverity,
            },
            products: knownAffected,
          },
        ],
      }),
    ...(references.length > 0 && {
      references: references.map((r) => ({
        category: "external",
        summary: r.type.charAt(0) + r.type.slice(1).toLowerCase(),
        url: r.url,
      })),
    }),
  };

  const target = report.disclosureTargetAt;
  const embargoText =
    target === null
      ? "Embargoed until the advisory is published — do not share"
      : `Embargoed until ${iso(target).slice(0, 16).replace("T", " ")} UTC — do not share`;

  return {
    document: {
      category: "csaf_security_advisory",
      csaf_version: "2.0",
      title: draft.title,
      lang: "en",
      publisher: { category: "vendor", name: program.vendorName ?? "", namespace: program.publisherUrl },
      tracking: {
        id: report.key,
        status: report.disclosed ? "final" : "interim",
        version: last?.number ?? "",
        revision_history: revisions.map((r) => ({ number: r.number, date: r.date, summary: r.summary })),
        initial_release_date: first?.date ?? "",
        current_release_date: last?.date ?? "",
        generator: { engine: { name: "Embargo" }, date: iso(now) },
      },
      distribution: report.disclosed
        ? { tlp: { label: "WHITE", url: TLP_URL } }
        : { text: embargoText, tlp: { label: "AMBER", url: TLP_URL } },
      ...(report.severity !== null && {
        aggregate_severity: { text: report.severity.charAt(0).toUpperCase() + report.severity.slice(1) },
      }),
      ...(credits.size > 0 && {
        acknowledgments: [...credits].map(([type, names]) => ({ names, summary: CREDIT_TYPE_LABELS[type] })),
      }),
      notes: [
        { category: "summary", title: "Summary", text: draft.summary },
        ...(draft.details !== "" ? [{ category: "details", title: "Details", text: draft.details }] : []),
      ],
      ...(advisory !== undefined && {
        references: [{ category: "external", summary: "Advisory", url: advisory.url }],
      }),
    },
    product_tree: { branches },
    vulnerabilities: [vulnerability],
  };
}
