import type { AdvisoryDraft, ReferenceType } from "@embargo/core";

/**
 * The advisory form's state: every box a string (an empty box is "", never
 * null), turned back into the draft the server validates on save.
 */
export interface RangeForm {
  introduced: string;
  fixed: string;
  lastAffected: string;
}
export interface ProductForm {
  vendor: string;
  product: string;
  ecosystem: string;
  packageName: string;
  ranges: RangeForm[];
}
export interface AdvisoryForm {
  title: string;
  summary: string;
  details: string;
  workaround: string;
  affected: ProductForm[];
  /** CWE ids as typed: "CWE-79, CWE-20". */
  cwes: string;
  references: { url: string; type: ReferenceType }[];
}

export const emptyRange = (): RangeForm => ({ introduced: "", fixed: "", lastAffected: "" });
export const emptyProduct = (vendor = "", product = ""): ProductForm => ({
  vendor,
  product,
  ecosystem: "",
  packageName: "",
  ranges: [emptyRange()],
});

export function formOfDraft(d: AdvisoryDraft): AdvisoryForm {
  return {
    title: d.title,
    summary: d.summary,
    details: d.details,
    workaround: d.workaround ?? "",
    affected: d.affected.map((p) => ({
      vendor: p.vendor,
      product: p.product,
      ecosystem: p.ecosystem ?? "",
      packageName: p.packageName ?? "",
      ranges: p.ranges.map((r) => ({
        introduced: r.introduced ?? "",
        fixed: r.fixed ?? "",
        lastAffected: r.lastAffected ?? "",
      })),
    })),
    cwes: d.cwes.join(", "),
    references: d.references.map((r) => ({ url: r.url, type: r.type })),
  };
}

/** The draft to save; the server's schema trims, upper-cases and turns "" into null. */
export function draftOfForm(f: AdvisoryForm) {
  return {
    title: f.title,
    summary: f.summary,
    details: f.details,
    workaround: f.workaround,
    affected: f.affected.map((p) => ({
      vendor: p.vendor,
      product: p.product,
      ecosystem: p.ecosystem,
      packageName: p.packageName,
      // Rows are sent as they stand (no dropping of empty ones), so the server's
      // error paths (affected.0.ranges.1.fixed) point at the rows on screen.
      ranges: p.ranges,
    })),
    cwes: f.cwes
      .split(/[\s,;]+/)
      .map((c) => c.trim())
      .filter(Boolean),
    references: f.references,
  };
}

const NAMES: Record<string, string> = {
  draft: "Advisory",
  title: "Title",
  summary: "Summary",
  details: "Details",
  workaround: "Workaround",
  affected: "Affected product",
  ranges: "range",
  introduced: "introduced",
  fixed: "fixed version",
  lastAffected: "last affected version",
  vendor: "vendor",
  product: "product",
  ecosystem: "ecosystem",
  packageName: "package name",
  cwes: "Weaknesses (CWE)",
  references: "Reference",
  url: "URL",
  type: "type",
  cveId: "CVE id",
  cvss: "CVSS",
  revisions: "Revision history",
  program: "Program settings:",
  cveAssignerOrgId: "CVE assigner organisation id",
  cveAssignerShortName: "CVE assigner short name",
  publisherUrl: "publisher URL",
  vendorName: "vendor name",
};

/**
 * An export error's field path in words: "affected[0].ranges[1].fixed" →
 * "Affected product 1, range 2, fixed version". A path inside the built
 * document ("/document/title") is named as the document's.
 */
export function describeAdvisoryField(path: string): string {
  if (path.startsWith("/")) return path === "/" ? "The document" : `The document at ${path}`;
  const parts: string[] = [];
  for (const m of path.matchAll(/([A-Za-z_]+)|\[(\d+)\]/g)) {
    if (m[1] !== undefined) parts.push(NAMES[m[1]] ?? m[1]);
    else if (m[2] !== undefined && parts.length > 0) parts[parts.length - 1] += ` ${Number(m[2]) + 1}`;
  }
  return parts.join(", ").replace(":,", ":") || "The advisory";
}
