import { describe, expect, it } from "vitest";
import { defaultPolicy, POLICY_DEFAULTS, policySchema, withPolicyDefaults } from "./schema.ts";
import { STORED_BEFORE_OPTIONAL_FIELDS } from "./test-policies.ts";

const storedBefore = STORED_BEFORE_OPTIONAL_FIELDS;

/** The field path of the first error when `change` is applied to the default policy. */
function errorPathOf(change: (p: Record<string, unknown>) => void): string {
  const p = structuredClone(defaultPolicy()) as unknown as Record<string, unknown>;
  change(p);
  const r = policySchema.safeParse(p);
  if (r.success) throw new Error("expected a validation error");
  return r.error.issues[0]?.path.join(".") ?? "";
}

describe("policySchema: the optional promises", () => {
  it("still reads a policy stored before they existed, and leaves them absent", () => {
    const parsed = policySchema.parse(storedBefore);
    expect(parsed).toEqual(storedBefore);
    expect(parsed.credit).toBeUndefined();
    expect(parsed.contacts.support).toBeUndefined();
  });

  it("reads an absent field as what it meant before: credit offered unless anonymous, dates agreed, nothing else", () => {
    const p = withPolicyDefaults(policySchema.parse(storedBefore));
    expect(p.criticalDisclosure).toBeNull();
    expect(p.coordinatedDisclosure).toBe(true);
    expect(p.credit).toEqual({ mode: "opt_out", places: ["advisory", "hall_of_fame"] });
    expect(p.advisories).toEqual([]);
    expect(p.assessmentIncludes).toEqual([]);
    expect(p.immediateCriticalPatch).toBe(false);
    expect(p.escalateCriticalToLeadership).toBe(false);
    expect(p.criticalDependencyUpdate).toBeNull();
    expect(p.contacts).toEqual({
      security: ["security@before.example"],
      emergency: [],
      support: [],
      subjects: { security: null, emergency: null },
    });
    // The stored values win over the defaults, false and null included.
    const set = withPolicyDefaults({
      ...defaultPolicy(),
      coordinatedDisclosure: false,
      credit: { mode: "opt_in", places: [] },
    });
    expect(set.coordinatedDisclosure).toBe(false);
    expect(set.credit).toEqual({ mode: "opt_in", places: [] });
  });

  it("puts the defaults in defaultPolicy, as separate copies", () => {
    const p = defaultPolicy();
    expect(policySchema.parse(p)).toEqual(p);
    expect(withPolicyDefaults(p)).toEqual(p);
    expect(p.credit).toEqual(POLICY_DEFAULTS.credit);
    expect(p.contacts.subjects).toEqual({ security: null, emergency: null });
    p.credit.places.pop();
    expect(defaultPolicy().credit.places).toEqual(["advisory", "hall_of_fame"]);
    expect(POLICY_DEFAULTS.credit.places).toEqual(["advisory", "hall_of_fame"]);
  });

  it("trims a subject line and takes a critical disclosure with no delay", () => {
    // The demo policies themselves are parsed in render.test.ts.
    const base = defaultPolicy();
    const parsed = policySchema.parse({
      ...base,
      criticalDisclosure: { after: "patch_release", delay: null },
      contacts: { ...base.contacts, subjects: { security: " [SECURITY] \u2026 ", emergency: null } },
    });
    expect(parsed.contacts.subjects?.security).toBe("[SECURITY] \u2026");
    expect(parsed.criticalDisclosure).toEqual({ after: "patch_release", delay: null });
  });

  it.each<[string, (p: Record<string, unknown>) => void, string]>([
    [
      "an unknown disclosure anchor",
      (p) => (p.criticalDisclosure = { after: "advisory", delay: null }),
      "criticalDisclosure.after",
    ],
    [
      "a critical disclosure delay of 0",
      (p) => (p.criticalDisclosure = { after: "patch_release", delay: { amount: 0, unit: "days" } }),
      "criticalDisclosure.delay.amount",
    ],
    ["coordinated disclosure as a word", (p) => (p.coordinatedDisclosure = "yes"), "coordinatedDisclosure"],
    ["an unknown credit mode", (p) => (p.credit = { mode: "always", places: [] }), "credit.mode"],
    ["an unknown credit place", (p) => (p.credit = { mode: "opt_in", places: ["billboard"] }), "credit.places.0"],
    [
      "a credit place named twice",
      (p) => (p.credit = { mode: "opt_in", places: ["advisory", "advisory"] }),
      "credit.places",
    ],
    [
      "places for credit not offered",
      (p) => (p.credit = { mode: "not_offered", places: ["advisory"] }),
      "credit.places",
    ],
    ["an unknown advisory channel", (p) => (p.advisories = [{ channel: "fax", scope: "all" }]), "advisories.0.channel"],
    ["an unknown advisory scope", (p) => (p.advisories = [{ channel: "email", scope: "high" }]), "advisories.0.scope"],
    [
      "an advisory channel named twice",
      (p) =>
        (p.advisories = [
          { channel: "email", scope: "all" },
          { channel: "email", scope: "critical" },
        ]),
      "advisories",
    ],
    ["an unknown assessment item", (p) => (p.assessmentIncludes = ["apology"]), "assessmentIncludes.0"],
    ["an immediate patch as a number", (p) => (p.immediateCriticalPatch = 1), "immediateCriticalPatch"],
    ["escalation as null", (p) => (p.escalateCriticalToLeadership = null), "escalateCriticalToLeadership"],
    [
      "a dependency update in months",
      (p) => (p.criticalDependencyUpdate = { amount: 1, unit: "months" }),
      "criticalDependencyUpdate.unit",
    ],
    [
      "a support address that is not one",
      (p) => ((p.contacts as Record<string, unknown>).support = ["help desk"]),
      "contacts.support.0",
    ],
    [
      "an empty subject line",
      (p) => ((p.contacts as Record<string, unknown>).subjects = { security: "  ", emergency: null }),
      "contacts.subjects.security",
    ],
    [
      "a subject line over two lines",
      (p) => ((p.contacts as Record<string, unknown>).subjects = { security: null, emergency: "[URGENT]\nBcc: x" }),
      "contacts.subjects.emergency",
    ],
    [
      "a subject line with a backtick",
      (p) => ((p.contacts as Record<string, unknown>).subjects = { security: "[SECURITY] `x`", emergency: null }),
      "contacts.subjects.security",
    ],
  ])("refuses %s, naming the field", (_name, change, path) => {
    expect(errorPathOf(change)).toBe(path);
  });
});

describe("policySchema: supported versions", () => {
  it("refuses a range with no letter or digit, naming the field and the problem", () => {
    const p = structuredClone(defaultPolicy()) as unknown as Record<string, unknown>;
    p.supportedVersions = [{ range: "-", status: "unsupported" }];
    const r = policySchema.safeParse(p);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join(".")).toBe("supportedVersions.0.range");
    expect(r.error?.issues[0]?.message).toMatch(/letter or digit/);
    p.supportedVersions = [{ range: "< 2", status: "unsupported" }];
    expect(policySchema.safeParse(p).success).toBe(true);
  });
});
