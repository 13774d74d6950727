import { describe, expect, it } from "vitest";
import {
  applyMerge,
  chooseMergeAction,
  formatMergeValue,
  type MergeRow,
  mergeImport,
  parseSecurityMd,
  policySchema,
  withPolicyDefaults,
} from "./index.ts";
import { STORED_BEFORE_OPTIONAL_FIELDS } from "./test-policies.ts";

/** A program with promises the short file below does not mention. */
const current = {
  ...STORED_BEFORE_OPTIONAL_FIELDS,
  emergency: { amount: 4, unit: "hours" as const },
  resolve: {
    critical: { amount: 7, unit: "days" as const },
    high: { amount: 30, unit: "days" as const },
    medium: null,
    low: "next_release" as const,
  },
  contacts: { security: ["security@before.example"], emergency: ["oncall@before.example"] },
  languages: ["en", "de"],
};

const SHORT_FILE = "# Security\n\nWe acknowledge every report within 2 business days.\n";

const row = (rows: MergeRow[], field: MergeRow["field"]) => {
  const r = rows.find((x) => x.field === field);
  if (!r) throw new Error(`no row ${field}`);
  return r;
};

describe("mergeImport", () => {
  it("import merge keeps unmentioned promises", () => {
    const rows = mergeImport(current, parseSecurityMd(SHORT_FILE));
    const ack = row(rows, "acknowledge");
    expect(ack.action).toBe("replace");
    expect(ack.current).toEqual({ amount: 24, unit: "hours" });
    expect(ack.imported?.value).toEqual({ amount: 2, unit: "business_days" });
    expect(ack.imported?.evidence).toBe("We acknowledge every report within 2 business days.");
    expect(ack.result).toEqual({ amount: 2, unit: "business_days" });

    const merged = applyMerge(current, rows);
    expect(merged.acknowledge).toEqual({ amount: 2, unit: "business_days" });
    // Everything the file does not mention is as it was: the defect was that these became "no promise".
    expect(merged.assess).toEqual({ amount: 5, unit: "business_days" });
    expect(merged.update).toEqual({ amount: 7, unit: "days" });
    expect(merged.emergency).toEqual({ amount: 4, unit: "hours" });
    expect(merged.resolve).toEqual(current.resolve);
    expect(merged.disclosure).toEqual({ amount: 90, unit: "days" });
    expect(merged.contacts).toEqual(current.contacts);
    expect(merged.supportedVersions).toEqual([{ range: "2.x", status: "supported" }]);
    expect(merged.languages).toEqual(["en", "de"]);
    expect(rows.filter((r) => r.action !== "keep").map((r) => r.field)).toEqual(["acknowledge"]);
    // Optional fields the stored policy lacks stay absent (they keep meaning their default).
    expect("credit" in merged).toBe(false);
  });

  it("replaces contacts, versions and languages only when the file names them", () => {
    const rows = mergeImport(
      current,
      parseSecurityMd(
        "# Security\n\nReport vulnerabilities to security@new.example.\n\n## Supported Versions\n\n| Version | Supported |\n|---|---|\n| 3.x | yes |\n",
      ),
    );
    const merged = applyMerge(current, rows);
    expect(merged.contacts.security).toEqual(["security@new.example"]);
    expect(merged.contacts.emergency).toEqual(["oncall@before.example"]);
    expect(merged.supportedVersions).toEqual([{ range: "3.x", status: "supported" }]);
    expect(merged.languages).toEqual(["en", "de"]);
  });

  it("clears a field only on the admin's explicit choice", () => {
    const parsed = parseSecurityMd(SHORT_FILE);
    const rows = mergeImport(current, parsed);
    expect(rows.some((r) => r.action === "clear")).toBe(false);
    const cleared = chooseMergeAction(rows, "emergency", "clear");
    expect(row(cleared, "emergency")).toMatchObject({ action: "clear", result: null });
    expect(applyMerge(current, cleared).emergency).toBeNull();
    const noContacts = chooseMergeAction(rows, "contacts.emergency", "clear");
    expect(applyMerge(current, noContacts).contacts.emergency).toEqual([]);
    // Back to keep restores the current value; "take imported" with nothing imported keeps it too.
    expect(applyMerge(current, chooseMergeAction(cleared, "emergency", "keep")).emergency).toEqual({
      amount: 4,
      unit: "hours",
    });
    expect(row(chooseMergeAction(rows, "assess", "replace"), "assess").action).toBe("keep");
    // Keeping the imported row's current value undoes the replacement.
    expect(applyMerge(current, chooseMergeAction(rows, "acknowledge", "keep")).acknowledge).toEqual({
      amount: 24,
      unit: "hours",
    });
  });

  it("does not apply a value read with low confidence: it shows as possibly relevant", () => {
    const parsed = parseSecurityMd(SHORT_FILE);
    // The reader's own threshold keeps such values out of its draft; a merge must not apply one it is handed either.
    parsed.confidence.acknowledge = 0.4;
    const rows = mergeImport(current, parsed);
    const ack = row(rows, "acknowledge");
    expect(ack.imported?.value).toEqual({ amount: 2, unit: "business_days" });
    expect(ack.action).toBe("keep");
    expect(ack.result).toEqual({ amount: 24, unit: "hours" });
    expect(ack.possiblyRelevant.map((p) => p.excerpt)).toEqual(["We acknowledge every report within 2 business days."]);
    expect(applyMerge(current, rows).acknowledge).toEqual({ amount: 24, unit: "hours" });
    // Taken by hand, it applies.
    expect(applyMerge(current, chooseMergeAction(rows, "acknowledge", "replace")).acknowledge).toEqual({
      amount: 2,
      unit: "business_days",
    });
  });

  it("attaches the reader's possibly relevant sentences to their rows, without a value", () => {
    const parsed = parseSecurityMd(SHORT_FILE);
    parsed.possiblyRelevant.push({ field: "resolve", excerpt: "Fixes ship fast.", reason: "test" });
    const rows = mergeImport(current, parsed);
    expect(row(rows, "resolve.high")).toMatchObject({ imported: null, action: "keep" });
    expect(row(rows, "resolve.high").possiblyRelevant).toHaveLength(1);
    expect(row(rows, "disclosure").possiblyRelevant).toHaveLength(0);
  });

  it("result equals what save will send, for every row and every choice", () => {
    const parsed = parseSecurityMd(
      [
        "# Security",
        "",
        "We acknowledge reports within 3 days and fix critical issues within 14 days.",
        "",
        "Email security@new.example. For emergencies, email pager@new.example.",
        "",
        "We credit reporters in the advisory if they wish.",
        "",
        "Fixes are published as GitHub Security Advisories. We follow coordinated disclosure.",
      ].join("\n"),
    );
    for (const action of ["keep", "replace", "clear"] as const) {
      let rows = mergeImport(current, parsed);
      for (const r of rows) rows = chooseMergeAction(rows, r.field, action);
      const saved = withPolicyDefaults(policySchema.parse(applyMerge(current, rows)));
      const read: Record<string, unknown> = {
        ...saved,
        "resolve.critical": saved.resolve.critical,
        "resolve.high": saved.resolve.high,
        "resolve.medium": saved.resolve.medium,
        "resolve.low": saved.resolve.low,
        "contacts.security": saved.contacts.security,
        "contacts.emergency": saved.contacts.emergency,
      };
      for (const r of rows) expect(read[r.field], `${action} ${r.field}`).toEqual(r.result);
    }
  });
});

describe("credit, advisories and coordinated disclosure rows", () => {
  it("offers the file's credit, advisory channels and coordinated disclosure with their sentences", () => {
    const rows = mergeImport(
      { ...current, coordinatedDisclosure: false, credit: { mode: "not_offered", places: [] } },
      parseSecurityMd(
        "We credit reporters in the advisory and in our hall of fame if they wish.\n\nSecurity fixes are announced on the mailing list and published as GitHub Security Advisories.\n\nWe follow coordinated disclosure.\n",
      ),
    );
    expect(row(rows, "credit")).toMatchObject({
      current: { mode: "not_offered", places: [] },
      action: "replace",
      result: { mode: "opt_in", places: ["advisory", "hall_of_fame"] },
    });
    expect(row(rows, "advisories").result).toEqual([
      { channel: "github", scope: "all" },
      { channel: "email", scope: "all" },
    ]);
    expect(row(rows, "coordinatedDisclosure")).toMatchObject({ current: false, result: true });
  });

  it("credit offered without saying whose choice keeps the current choice, and says so", () => {
    const rows = mergeImport(
      { ...current, credit: { mode: "opt_out", places: ["hall_of_fame"] } },
      parseSecurityMd("We credit every reporter in the advisory.\n"),
    );
    const credit = row(rows, "credit");
    expect(credit.result).toEqual({ mode: "opt_out", places: ["advisory"] });
    expect(credit.imported?.note).toMatch(/current choice stays/);
  });

  it("a CVE is information, not an advisory channel", () => {
    const rows = mergeImport(current, parseSecurityMd("We request a CVE and publish it with the fix.\n"));
    expect(row(rows, "advisories").imported).toBeNull();
  });
});

describe("formatMergeValue", () => {
  it("says each value in words", () => {
    expect(formatMergeValue("acknowledge", null)).toBe("no promise");
    expect(formatMergeValue("resolve.low", "next_release")).toBe("next release");
    expect(formatMergeValue("contacts.security", [])).toBe("none");
    expect(formatMergeValue("credit", { mode: "opt_in", places: ["advisory"] })).toBe(
      "reporters who ask, in the advisory",
    );
    expect(formatMergeValue("advisories", [{ channel: "email", scope: "critical" }])).toBe(
      "mailing list (critical only)",
    );
  });
});
