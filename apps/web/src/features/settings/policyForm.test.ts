import { defaultPolicy, type Policy } from "@embargo/core";
import { describe, expect, it } from "vitest";
import { draftFromParsed, draftFromPolicy, policyFromDraft } from "./policyForm.ts";

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
    const parsed = {
      acknowledge: { amount: 48, unit: "hours" },
      assess: null,
      update: null,
      emergency: null,
      resolve: { critical: null, high: null, medium: null, low: null },
      disclosure: null,
      contacts: { security: ["security@indivillage.example"], emergency: [] },
      supportedVersions: [{ range: "1.0.x", status: "supported" }],
      languages: [],
    };
    const policy = policyFromDraft(draftFromParsed(draftFromPolicy(saved), parsed), saved);
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
