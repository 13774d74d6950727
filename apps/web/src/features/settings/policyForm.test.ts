import {
  applyMerge,
  chooseMergeAction,
  defaultPolicy,
  mergeImport,
  type Policy,
  parseSecurityMd,
  withPolicyDefaults,
} from "@embargo/core";
import { describe, expect, it } from "vitest";
import {
  draftFromMerge,
  draftFromPolicy,
  fieldLabelOf,
  importSummary,
  policyFromDraft,
  versionRowOf,
} from "./policyForm.ts";

/** A saved policy that uses the fields the form does not edit. */
const saved: Policy = {
  ...defaultPolicy(),
  emergency: { amount: 4, unit: "hours" },
  criticalDisclosure: { after: "patch_release", delay: null },
  coordinatedDisclosure: true,
  credit: { mode: "opt_in", places: [] },
  advisories: [
    { channel: "github", scope: "all" },
    { channel: "email", scope: "critical" },
  ],
  assessmentIncludes: ["confirmation", "severity", "fix_timeline"],
  immediateCriticalPatch: true,
  escalateCriticalToLeadership: true,
  criticalDependencyUpdate: { amount: 7, unit: "days" },
  contacts: {
    security: ["security@indivillage.example"],
    emergency: ["critical-security@indivillage.example"],
    support: ["support@indivillage.example"],
    subjects: {
      security: "[SECURITY] Voice Agent System - \u2026",
      emergency: "[CRITICAL SECURITY] Voice Agent System",
    },
  },
  pgpKeyUrl: "https://indivillage.example/pgp.asc",
};

describe("policyFromDraft", () => {
  it("saves an unchanged form as the policy it was loaded from", () => {
    expect(policyFromDraft(draftFromPolicy(saved), saved)).toEqual(saved);
  });

  it("applies the form's edits and keeps every field the form does not edit", () => {
    const draft = {
      ...draftFromPolicy(saved),
      acknowledge: { amount: "12", unit: "hours" },
      securityContacts: "psirt@indivillage.example",
      emergencyContacts: "",
    };
    const policy = policyFromDraft(draft, saved);
    expect(policy.acknowledge).toEqual({ amount: 12, unit: "hours" });
    expect(policy.contacts).toEqual({ ...saved.contacts, security: ["psirt@indivillage.example"], emergency: [] });
    const { acknowledge: _a, contacts: _c, ...rest } = policy;
    const { acknowledge: _sa, contacts: _sc, ...savedRest } = saved;
    expect(rest).toEqual(savedRest);
  });

  it("keeps them through a SECURITY.md import, which does not read them", () => {
    const parsed = parseSecurityMd(
      "Report to security@indivillage.example. We acknowledge reports within 48 hours.\n\nIf nobody answers, write to cto@indivillage.example.\n\nWe may disclose after about 90 days.\n",
    );
    const draft = draftFromMerge(draftFromPolicy(saved), mergeImport(saved, parsed));
    // Only report addresses become the program's security contacts; the escalation address is information.
    expect(draft.securityContacts).toBe("security@indivillage.example");
    expect(draft.emergencyContacts).toBe("critical-security@indivillage.example");
    const policy = policyFromDraft(draft, saved);
    expect(policy.acknowledge).toEqual({ amount: 48, unit: "hours" });
    expect(policy.credit).toEqual(saved.credit);
    expect(policy.advisories).toEqual(saved.advisories);
    expect(policy.contacts.subjects).toEqual(saved.contacts.subjects);
    expect(policy.contacts.support).toEqual(saved.contacts.support);
  });

  it("adds nothing to a policy saved before the optional fields existed", () => {
    const old: Policy = {
      acknowledge: { amount: 24, unit: "hours" },
      assess: { amount: 5, unit: "business_days" },
      update: { amount: 7, unit: "days" },
      emergency: null,
      resolve: { critical: { amount: 7, unit: "days" }, high: null, medium: null, low: "next_release" },
      disclosure: { amount: 90, unit: "days" },
      supportedVersions: [{ range: "2.x", status: "supported" }],
      calendar: { timeZone: "UTC", workingDays: ["mon", "tue", "wed", "thu", "fri"], holidays: [] },
      contacts: { security: ["security@before.example"], emergency: [] },
      languages: ["en"],
      pgpKeyUrl: null,
      policyUrl: null,
    };
    const policy = policyFromDraft(draftFromPolicy(old), old);
    expect(policy).toEqual(old);
    expect(Object.keys(policy).sort()).toEqual(Object.keys(old).sort());
    expect(Object.keys(policy.contacts).sort()).toEqual(["emergency", "security"]);
  });
});

describe("import notes", () => {
  it("names the form field a possibly relevant sentence may concern", () => {
    expect(fieldLabelOf("acknowledge")).toBe("Acknowledge within");
    expect(fieldLabelOf("resolve")).toBe("Resolution (every severity)");
    expect(fieldLabelOf("resolve.high")).toBe("Resolution: high");
    expect(fieldLabelOf("contacts.escalation")).toBe("Escalation contact (information only)");
    expect(fieldLabelOf("something.new")).toBe("something.new");
  });

  it("says how many values were filled and how many sentences to read by hand", () => {
    expect(importSummary(3, 0)).toBe("Found 3 values. Review them in the form, then save.");
    expect(importSummary(1, 2)).toBe(
      "Found 1 value. Review them in the form, then save. 2 sentences may state more: see “Possibly relevant” and fill by hand.",
    );
    expect(importSummary(0, 1)).toBe(
      "No promises found in this file. 1 sentence may state more: see “Possibly relevant” and fill by hand.",
    );
    expect(importSummary(0, 0)).toBe("No promises found in this file.");
  });
});

describe("draftFromMerge", () => {
  const SHORT = "# Security\n\nWe acknowledge every report within 2 business days.\n";

  it("import merge keeps unmentioned promises: only the mentioned one changes in the form", () => {
    const before = draftFromPolicy(saved);
    const draft = draftFromMerge(before, mergeImport(saved, parseSecurityMd(SHORT)));
    expect(draft).toEqual({ ...before, acknowledge: { amount: "2", unit: "business_days" } });
    expect(policyFromDraft(draft, saved)).toEqual({ ...saved, acknowledge: { amount: 2, unit: "business_days" } });
  });

  it("keeps what the admin typed before importing, unless a row replaces it", () => {
    const edited = { ...draftFromPolicy(saved), update: { amount: "3", unit: "days" }, timeZone: "Asia/Kolkata" };
    const current = policyFromDraft(edited, saved);
    const draft = draftFromMerge(edited, mergeImport(current, parseSecurityMd(SHORT)));
    expect(draft.update).toEqual({ amount: "3", unit: "days" });
    expect(draft.timeZone).toBe("Asia/Kolkata");
  });

  it("the form saves exactly the merge's policy, for every choice, including credit and advisories", () => {
    const parsed = parseSecurityMd(
      [
        "We acknowledge reports within 3 days. Critical issues are fixed within 14 days.",
        "",
        "Report to psirt@indivillage.example.",
        "",
        "We credit reporters in our hall of fame, unless they prefer to remain anonymous.",
        "",
        "Fixes are announced on the security mailing list. We follow coordinated disclosure.",
        "",
        "| Version | Supported |",
        "|---|---|",
        "| 3.x | yes |",
      ].join("\n"),
    );
    for (const action of ["keep", "replace", "clear"] as const) {
      let rows = mergeImport(saved, parsed);
      for (const r of rows) rows = chooseMergeAction(rows, r.field, action);
      const sent = policyFromDraft(draftFromMerge(draftFromPolicy(saved), rows), saved);
      expect(sent, action).toEqual(applyMerge(saved, rows));
    }
    const taken = policyFromDraft(draftFromMerge(draftFromPolicy(saved), mergeImport(saved, parsed)), saved);
    expect(withPolicyDefaults(taken).credit).toEqual({ mode: "opt_out", places: ["hall_of_fame"] });
    expect(taken.advisories).toEqual([{ channel: "email", scope: "all" }]);
    expect(taken.resolve.critical).toEqual({ amount: 14, unit: "days" });
    expect(taken.disclosure).toEqual(saved.disclosure);
  });
});

describe("versionRowOf", () => {
  it("names the version row a field error points at, or none", () => {
    expect(versionRowOf(["policy.calendar.timeZone", "policy.supportedVersions.2.range"])).toBe(2);
    expect(versionRowOf(["policy.calendar.timeZone"])).toBeNull();
  });
});
