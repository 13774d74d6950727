/// <reference path="./vendor.d.ts" />
import { createHash } from "node:crypto";
import { type AdvisoryDraft, CWE_ID_PATTERN, scoreCvss, severityFromScore } from "@embargo/core";
import { weaknesses } from "@secvisogram/csaf-validator-lib/cwe.js";
import type { AdvisoryExportInput, ExportError } from "./types.ts";

let cweNames: Map<string, string> | undefined;

/**
 * The CWE name of an id, from the catalogue the CSAF validator checks against (mandatory
 * test 6.1.11 refuses a name that differs from it), or null for an id it does not know.
 */
export function cweName(id: string): string | null {
  cweNames ??= new Map(weaknesses.map((w) => [w.id, w.name]));
  return cweNames.get(id) ?? null;
}

/** A CVSS vector scored again from the vector (base score and its rating), or an error. */
export function cvssOf(
  input: AdvisoryExportInput,
):
  | { ok: true; version: "3.1" | "4.0"; vector: string; baseScore: number; baseSeverity: string }
  | { ok: false; error: ExportError }
  | null {
  const cvss = input.report.cvss;
  if (cvss === null) return null;
  const scored = scoreCvss(cvss.vector);
  if (!scored.ok) return { ok: false, error: { field: "cvss", message: `CVSS vector: ${scored.message}` } };
  return {
    ok: true,
    version: scored.version,
    vector: scored.vector,
    baseScore: scored.baseScore,
    baseSeverity: severityFromScore(scored.baseScore).toUpperCase(),
  };
}

/** "2026-05-01T12:00:00.000Z" */
export const iso = (d: Date) => d.toISOString();

/** The draft's references plus the report's advisory URL (as an ADVISORY), each URL once. */
export function allReferences(input: AdvisoryExportInput, draft: AdvisoryDraft): AdvisoryDraft["references"] {
  const refs = [...draft.references];
  const url = input.report.advisoryUrl;
  if (url !== null && url.trim() !== "") refs.unshift({ url: url.trim(), type: "ADVISORY" });
  const seen = new Set<string>();
  return refs.filter((r) => {
    if (seen.has(r.url)) return false;
    seen.add(r.url);
    return true;
  });
}

/** "from 1.0.0 before 1.4.2", "up to 2.3 (included)" */
export function rangeText(r: AdvisoryDraft["affected"][number]["ranges"][number]): string {
  const from = r.introduced === null ? "" : `>= ${r.introduced} `;
  const to = r.fixed !== null ? `< ${r.fixed}` : `<= ${r.lastAffected}`;
  return `${from}${to}`;
}

/** Checks every format shares: products and their ranges, the CVSS vector. */
export function commonChecks(input: AdvisoryExportInput, draft: AdvisoryDraft): ExportError[] {
  const errors: ExportError[] = [];
  if (draft.affected.length === 0) {
    errors.push({ field: "affected", message: "affected versions: name at least one affected product" });
  }
  draft.affected.forEach((p) => {
    if (p.ranges.length === 0) {
      errors.push({
        field: "affected",
        message: `affected versions: at least one range is needed (${p.vendor} ${p.product})`,
      });
    }
  });
  for (const id of draft.cwes) {
    if (!CWE_ID_PATTERN.test(id)) errors.push({ field: "cwes", message: `weakness: ${id} is not a CWE id` });
  }
  const cvss = cvssOf(input);
  if (cvss !== null && !cvss.ok) errors.push(cvss.error);
  return errors;
}

/** JSON with object keys sorted, so equal content hashes equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));
  });
}

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export const prettyJson = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;
