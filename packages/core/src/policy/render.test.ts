import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import {
  ADVISORY_CHANNELS,
  ADVISORY_SCOPES,
  ASSESSMENT_ITEMS,
  CREDIT_PLACES,
  type CreditPlace,
  DURATION_UNITS,
} from "./enums.ts";
import { type RenderContext, renderSecurityMd, renderSecurityTxt, SECURITY_TXT_LIFETIME_DAYS } from "./render.ts";
import { defaultPolicy, type Policy, policySchema, withPolicyDefaults } from "./schema.ts";
import { parseSecurityMd } from "./security-md/index.ts";
import { STORED_BEFORE_OPTIONAL_FIELDS } from "./test-policies.ts";

// The demo programs, copied verbatim from packages/db/src/seed/demo.ts without
// their report counts (core must not import db).
const weekdays = ["mon", "tue", "wed", "thu", "fri"] as const;

const DEMO_PROGRAMS: { slug: string; name: string; keyPrefix: string; description: string; policy: Policy }[] = [
  {
    slug: "voice",
    name: "IndiVillage Voice Agent System",
    keyPrefix: "VOICE",
    description:
      "Voice agents that answer customer-support calls: Deepgram speech recognition and synthesis, live audio over WebSockets, call transcripts and recordings.",
    policy: {
      acknowledge: { amount: 24, unit: "hours" },
      assess: { amount: 72, unit: "hours" },
      update: null,
      emergency: { amount: 4, unit: "hours" },
      resolve: { critical: { amount: 7, unit: "days" }, high: null, medium: null, low: null },
      disclosure: { amount: 90, unit: "days" },
      criticalDisclosure: { after: "patch_release", delay: null },
      coordinatedDisclosure: true,
      credit: { mode: "opt_in", places: [] },
      advisories: [
        { channel: "github", scope: "all" },
        { channel: "email", scope: "critical" },
      ],
      assessmentIncludes: [],
      immediateCriticalPatch: false,
      escalateCriticalToLeadership: true,
      criticalDependencyUpdate: null,
      supportedVersions: [
        { range: "1.0.x", status: "supported" },
        { range: "0.9.x", status: "limited" },
        { range: "0.8.x", status: "unsupported" },
        { range: "< 0.8", status: "unsupported" },
      ],
      // IndiVillage works from India: the team's calendar is India Standard Time
      // (no daylight saving) with the national holidays.
      calendar: {
        timeZone: "Asia/Kolkata",
        workingDays: [...weekdays],
        holidays: ["2026-08-15", "2026-10-02", "2026-12-25", "2027-01-26"],
      },
      contacts: {
        security: ["security@indivillage.example"],
        emergency: ["critical-security@indivillage.example"],
        support: [],
        subjects: {
          security: "[SECURITY] Voice Agent System - …",
          emergency: "[CRITICAL SECURITY] Voice Agent System",
        },
      },
      languages: ["en", "hi"],
      pgpKeyUrl: null,
      policyUrl: null,
    },
  },
  {
    slug: "echo",
    name: "Echo",
    keyPrefix: "ECHO",
    description:
      "Multi-tenant AI customer-support SaaS: an embeddable chat widget, voice calls, and a knowledge base each tenant trains on its own documents.",
    policy: {
      acknowledge: { amount: 48, unit: "hours" },
      assess: null,
      update: null,
      emergency: null,
      resolve: { critical: null, high: null, medium: null, low: null },
      disclosure: null,
      criticalDisclosure: null,
      coordinatedDisclosure: false,
      credit: { mode: "opt_in", places: [] },
      advisories: [],
      assessmentIncludes: ["fix_timeline"],
      immediateCriticalPatch: false,
      escalateCriticalToLeadership: false,
      criticalDependencyUpdate: { amount: 7, unit: "days" },
      supportedVersions: [{ range: "1.x.x", status: "supported" }],
      // A SaaS with tenants in every time zone, and none of Echo's promises
      // counts business days: UTC only decides how its dates are shown.
      calendar: { timeZone: "UTC", workingDays: [...weekdays], holidays: [] },
      contacts: {
        security: ["security@echo.example"],
        emergency: [],
        support: ["support@echo.example"],
        subjects: { security: null, emergency: null },
      },
      languages: [],
      pgpKeyUrl: null,
      policyUrl: null,
    },
  },
  {
    slug: "serenesense",
    name: "SereneSense",
    keyPrefix: "SENSE",
    description:
      "Audio-classification model that runs on edge devices: the quantised model, its on-device runtime and the signed model updates.",
    policy: {
      acknowledge: { amount: 48, unit: "hours" },
      assess: { amount: 5, unit: "business_days" },
      update: null,
      emergency: null,
      resolve: {
        critical: { amount: 30, unit: "days" },
        high: { amount: 7, unit: "days" },
        medium: { amount: 30, unit: "days" },
        low: "next_release",
      },
      disclosure: null,
      criticalDisclosure: null,
      coordinatedDisclosure: false,
      credit: { mode: "opt_out", places: ["advisory"] },
      advisories: [{ channel: "github", scope: "all" }],
      assessmentIncludes: ["confirmation", "severity", "fix_timeline"],
      immediateCriticalPatch: true,
      escalateCriticalToLeadership: false,
      criticalDependencyUpdate: null,
      supportedVersions: [
        { range: "1.0.x", status: "supported" },
        { range: "< 1.0", status: "unsupported" },
      ],
      // The policy names no place. Its 5-business-day assessment is the one
      // business-day clock of the demo, so it gets a zone with daylight-saving
      // changes and public holidays (Asia/Kolkata has neither kind of shift).
      calendar: {
        timeZone: "Europe/Berlin",
        workingDays: [...weekdays],
        holidays: ["2026-10-03", "2026-12-25", "2026-12-26", "2027-01-01"],
      },
      contacts: {
        security: ["security@serenesense.example"],
        emergency: [],
        support: [],
        subjects: { security: "[SECURITY] …", emergency: null },
      },
      languages: [],
      pgpKeyUrl: null,
      policyUrl: null,
    },
  },
];

const NOW = new Date("2026-11-23T10:11:12.345Z");
const ctxFor = (slug: string, name: string): RenderContext => ({
  programName: name,
  programSlug: slug,
  baseUrl: "https://security.example.com",
  now: NOW,
});

function renderDemo(slug: string): string {
  const program = DEMO_PROGRAMS.find((p) => p.slug === slug);
  if (!program) throw new Error(`no demo program ${slug}`);
  return renderSecurityMd(program.policy, ctxFor(program.slug, program.name));
}

const nothingPromised: Policy = {
  ...defaultPolicy(),
  acknowledge: null,
  assess: null,
  update: null,
  emergency: null,
  resolve: { critical: null, high: null, medium: null, low: null },
  disclosure: null,
  supportedVersions: [],
  contacts: { security: [], emergency: [] },
  languages: [],
};

const edgeCases: { name: string; policy: Policy }[] = [
  { name: "default policy", policy: defaultPolicy() },
  { name: "nothing promised", policy: nothingPromised },
  {
    name: "singular units, weeks, several contacts, shared address, unusual ranges and languages",
    policy: {
      ...defaultPolicy(),
      acknowledge: { amount: 1, unit: "business_days" },
      assess: { amount: 1, unit: "weeks" },
      update: { amount: 2, unit: "weeks" },
      emergency: { amount: 1, unit: "hours" },
      resolve: {
        critical: { amount: 1, unit: "days" },
        high: null,
        medium: { amount: 10_000, unit: "hours" },
        low: null,
      },
      disclosure: { amount: 6, unit: "weeks" },
      supportedVersions: [
        { range: "v2 | v3 (LTS)", status: "supported" },
        { range: "*beta*_build_`x`", status: "limited" },
        { range: "<v1.0", status: "unsupported" },
        { range: "current (SaaS)", status: "supported" },
      ],
      contacts: {
        security: ["security@a.example", "psirt+intake@b.example", "first.last_name@c.example"],
        emergency: ["oncall@a.example", "security@a.example"],
      },
      languages: ["en", "pt-BR", "zh-Hant", "sr-Latn", "nb", "ja"],
    },
  },
  {
    name: "only a low next-release promise and an emergency contact",
    policy: {
      ...nothingPromised,
      resolve: { critical: null, high: null, medium: null, low: "next_release" },
      contacts: { security: [], emergency: ["pager@ops.example"] },
    },
  },
  {
    name: "the added promises in their other forms",
    policy: {
      ...defaultPolicy(),
      assess: null,
      disclosure: { amount: 120, unit: "days" },
      criticalDisclosure: { after: "patch_release", delay: { amount: 14, unit: "days" } },
      coordinatedDisclosure: false,
      credit: { mode: "not_offered", places: [] },
      advisories: [
        { channel: "website", scope: "critical" },
        { channel: "email", scope: "critical" },
      ],
      assessmentIncludes: ["severity", "confirmation"],
      immediateCriticalPatch: true,
      escalateCriticalToLeadership: true,
      criticalDependencyUpdate: { amount: 2, unit: "business_days" },
      contacts: {
        security: ["psirt@vendor.example"],
        emergency: ["pager@vendor.example"],
        support: ["help@vendor.example", "support@vendor.example"],
        subjects: { security: "Vulnerability report", emergency: "URGENT: [product] \u2026" },
      },
    },
  },
];

const storedBefore = STORED_BEFORE_OPTIONAL_FIELDS;

// What parseSecurityMd reads back (contacts too, the support address among
// them). It does not read the promises the policy model gained for the demo
// programs (subject lines, critical disclosure, coordinated disclosure, credit,
// advisories, assessment contents, immediate patch, escalation to leadership,
// dependency updates): the round trip
// checks that their sentences leave these fields alone, and "renders every
// promise in words" below checks their wording.
const ROUND_TRIP_FIELDS = [
  "acknowledge",
  "assess",
  "update",
  "emergency",
  "resolve",
  "disclosure",
  "supportedVersions",
  "languages",
] as const;

function roundTrip(policy: Policy, ctx: RenderContext) {
  const md = renderSecurityMd(policy, ctx);
  const parsed = parseSecurityMd(md);
  for (const field of ROUND_TRIP_FIELDS) expect(parsed[field], `${field}\n${md}`).toEqual(policy[field]);
  for (const role of ["security", "emergency", "support"] as const) {
    expect(parsed.contacts[role], `contacts.${role}\n${md}`).toEqual(policy.contacts[role] ?? []);
  }
  expect(parsed.contacts.escalation).toEqual([]);
  return md;
}

describe("renderSecurityMd", () => {
  it.each(DEMO_PROGRAMS.map((p) => [p.slug, p] as const))("round-trips the %s demo policy", (_slug, program) => {
    policySchema.parse(program.policy);
    roundTrip(program.policy, ctxFor(program.slug, program.name));
  });

  it.each(edgeCases.map((c) => [c.name, c.policy] as const))("round-trips: %s", (_name, policy) => {
    policySchema.parse(policy);
    roundTrip(policy, ctxFor("edge-cases", "Edge Cases"));
  });

  it("round-trips any valid policy (property)", () => {
    const duration = fc.record({
      amount: fc.integer({ min: 1, max: 10_000 }),
      unit: fc.constantFrom(...DURATION_UNITS),
    });
    const word = fc.stringMatching(/^[a-z0-9]{1,10}$/);
    const email = fc
      .tuple(
        fc.stringMatching(/^[a-z0-9]([a-z0-9._+-]{0,14}[a-z0-9])?$/),
        word,
        fc.constantFrom("example", "com", "org"),
      )
      .filter(([local]) => !local.includes(".."))
      .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
    const subject = fc
      .stringMatching(/^[A-Za-z0-9 [\]:.\u2026-]{1,40}$/)
      .filter((s) => s.trim() !== "")
      .map((s) => s.trim());
    const range = fc
      .stringMatching(/^[A-Za-z0-9 .<>=^~*|_()-]{1,30}$/)
      .filter((s) => /[A-Za-z0-9]/.test(s) && s === s.trim().replace(/\s+/g, " "));
    const policy = fc.record({
      acknowledge: fc.option(duration),
      assess: fc.option(duration),
      update: fc.option(duration),
      emergency: fc.option(duration),
      resolve: fc.record({
        critical: fc.option(duration),
        high: fc.option(duration),
        medium: fc.option(duration),
        low: fc.option(fc.oneof(duration, fc.constant("next_release" as const))),
      }),
      disclosure: fc.option(duration),
      // The promises the parser does not read, so their sentences are shown to leave the others alone.
      criticalDisclosure: fc.option(
        fc.record({ after: fc.constant("patch_release" as const), delay: fc.option(duration) }),
      ),
      coordinatedDisclosure: fc.boolean(),
      credit: fc.oneof(
        fc.constant({ mode: "not_offered" as const, places: [] as CreditPlace[] }),
        fc.record({
          mode: fc.constantFrom("opt_in" as const, "opt_out" as const),
          places: fc.subarray([...CREDIT_PLACES]),
        }),
      ),
      advisories: fc.uniqueArray(
        fc.record({ channel: fc.constantFrom(...ADVISORY_CHANNELS), scope: fc.constantFrom(...ADVISORY_SCOPES) }),
        { selector: (a) => a.channel },
      ),
      assessmentIncludes: fc.subarray([...ASSESSMENT_ITEMS]),
      immediateCriticalPatch: fc.boolean(),
      escalateCriticalToLeadership: fc.boolean(),
      criticalDependencyUpdate: fc.option(duration),
      supportedVersions: fc.array(
        fc.record({ range, status: fc.constantFrom("supported" as const, "limited" as const, "unsupported" as const) }),
        { maxLength: 6 },
      ),
      contacts: fc.record({
        security: fc.uniqueArray(email, { maxLength: 4, selector: (e) => e.toLowerCase() }),
        emergency: fc.uniqueArray(email, { maxLength: 3, selector: (e) => e.toLowerCase() }),
        support: fc.uniqueArray(email, { maxLength: 2, selector: (e) => e.toLowerCase() }),
        subjects: fc.record({ security: fc.option(subject), emergency: fc.option(subject) }),
      }),
      languages: fc.uniqueArray(
        fc.constantFrom("en", "de", "fr", "es", "ja", "zh-Hans", "pt-BR", "nl", "sv", "ko", "tlh"),
        {
          maxLength: 4,
        },
      ),
    });
    fc.assert(
      fc.property(policy, (partial) => {
        const full: Policy = { ...defaultPolicy(), ...partial };
        policySchema.parse(full);
        roundTrip(full, ctxFor("prop", "Property Program"));
      }),
      { numRuns: 300 },
    );
    // About two seconds alone; room for a busy machine.
  }, 20_000);

  it("reads like a policy: table with symbols and words, promises in plain sentences", () => {
    const md = renderDemo("voice");
    expect(md).toContain("# Security Policy for IndiVillage Voice Agent System");
    expect(md).toContain("| Version | Supported |");
    expect(md).toContain("| 1.0.x | \u2705 Supported |");
    expect(md).toContain("| 0.9.x | \u26a0\ufe0f Limited support |");
    expect(md).toContain("| 0.8.x | \u274c Not supported |");
    expect(md).toContain("| < 0.8 | \u274c Not supported |");
    expect(md).toContain("Email your report to security@indivillage.example.");
    expect(md).toContain("## Emergency Contact");
    expect(md).toContain("critical-security@indivillage.example");
    expect(md).toContain("We acknowledge reports within 24 hours.");
    expect(md).toContain("We complete an initial assessment within 72 hours.");
    expect(md).toContain("Critical vulnerabilities get an emergency response within 4 hours.");
    expect(md).toContain("Critical: fix within 7 days");
    expect(md).not.toContain("High:");
    expect(md).not.toContain("status update");
    expect(md).toContain(
      "We disclose non-critical vulnerabilities publicly within 90 days of the initial report, and we agree the exact date with you.",
    );
    expect(md).toContain("We accept reports in English (en) and Hindi (hi).");
    expect(md.endsWith("\n")).toBe(true);
    expect(md).not.toContain("\r");
  });

  describe("renders every promise in words", () => {
    it("subject lines for the security and the emergency address", () => {
      const md = renderDemo("voice");
      expect(md).toContain(
        "Email your report to security@indivillage.example.\n\nUse this subject line, with a short summary in place of \u201c\u2026\u201d:\n\n```text\n[SECURITY] Voice Agent System - \u2026\n```\n",
      );
      expect(md).toContain(
        "also email critical-security@indivillage.example.\n\nUse this subject line:\n\n```text\n[CRITICAL SECURITY] Voice Agent System\n```\n",
      );
      expect(renderDemo("serenesense")).toContain("```text\n[SECURITY] \u2026\n```");
      expect(renderDemo("echo")).not.toContain("subject line");
    });

    it("a general support address", () => {
      expect(renderDemo("echo")).toContain("For general product support, email support@echo.example.");
      expect(renderDemo("voice")).not.toContain("support, email");
    });

    it("critical issues disclosed once the patch is available, or a delay after its release", () => {
      expect(renderDemo("voice")).toContain(
        "Critical vulnerabilities are disclosed immediately once the patch is available.",
      );
      const md = renderSecurityMd(
        {
          ...defaultPolicy(),
          criticalDisclosure: { after: "patch_release", delay: { amount: 14, unit: "days" } },
        },
        ctxFor("p", "P"),
      );
      expect(md).toContain("Critical vulnerabilities are disclosed 14 days after the patch is released.");
      expect(md).toContain("We disclose non-critical vulnerabilities publicly within 90 days");
      expect(renderDemo("serenesense")).not.toContain("Critical vulnerabilities are disclosed");
    });

    it("coordinated disclosure: the date agreed with the reporter, or not promised", () => {
      const coordinated = renderSecurityMd({ ...defaultPolicy(), disclosure: null }, ctxFor("p", "P"));
      expect(coordinated).toContain("We agree the public disclosure date with you.");
      const window = renderSecurityMd({ ...defaultPolicy(), coordinatedDisclosure: false }, ctxFor("p", "P"));
      expect(window).toContain("We disclose vulnerabilities publicly within 90 days of the initial report.");
      expect(window).not.toContain("agree");
      expect(renderDemo("echo")).not.toContain("agree");
    });

    it("credit: opt-in, opt-out with its places, or none", () => {
      expect(renderDemo("voice")).toContain(
        "We credit reporters who want to be credited, and only with their permission.",
      );
      expect(renderDemo("echo")).toContain(
        "We credit reporters who want to be credited, and only with their permission.",
      );
      expect(renderDemo("serenesense")).toContain(
        "We credit reporters in the advisory, unless they prefer to stay anonymous.",
      );
      const none = { ...defaultPolicy(), credit: { mode: "not_offered" as const, places: [] } };
      expect(renderSecurityMd(none, ctxFor("p", "P"))).not.toContain("credit");
      expect(renderSecurityTxt(none, ctxFor("p", "P"))).not.toContain("Acknowledgments:");
    });

    it("advisory channels, with those for critical updates only", () => {
      const md = renderDemo("voice");
      expect(md).toContain("We publish security advisories on GitHub Security Advisories.");
      expect(md).toContain("Advisories for critical updates also go out by email.");
      expect(renderDemo("serenesense")).toContain("We publish security advisories on GitHub Security Advisories.");
      const onlyCritical = renderSecurityMd(
        { ...defaultPolicy(), advisories: [{ channel: "website", scope: "critical" }] },
        ctxFor("p", "P"),
      );
      expect(onlyCritical).toContain("We publish advisories for critical updates on our website.");
      expect(renderDemo("echo")).not.toContain("advisories");
    });

    it("what the initial assessment tells the reporter, or the fix timeline alone", () => {
      expect(renderDemo("serenesense")).toContain(
        "- In the initial assessment we confirm whether the issue is a vulnerability, rate its severity and provide a timeline for the fix.",
      );
      expect(renderDemo("echo")).toContain("- We will provide a timeline for the fix.");
    });

    it("an immediate patch release for critical issues", () => {
      expect(renderDemo("serenesense")).toContain("- Critical vulnerabilities get an immediate patch release.");
      expect(renderDemo("voice")).not.toContain("immediate patch");
    });

    it("critical issues escalated to the leadership team", () => {
      expect(renderDemo("voice")).toContain("- We escalate critical vulnerabilities to our leadership team.");
      expect(renderDemo("echo")).not.toContain("leadership");
    });

    it("updates of dependencies with a critical vulnerability", () => {
      expect(renderDemo("echo")).toContain(
        "- We update dependencies that have a critical vulnerability within 7 days.",
      );
      expect(renderDemo("serenesense")).not.toContain("dependencies");
    });

    it("a policy stored before these promises existed reads as it always did", () => {
      const md = renderSecurityMd(storedBefore, ctxFor("before", "Before"));
      expect(md).toContain(
        "We disclose vulnerabilities publicly within 90 days of the initial report, and we agree the exact date with you.",
      );
      expect(md).toContain(
        "We credit reporters in the advisory and in our hall of fame at https://security.example.com/thanks/before, unless they prefer to stay anonymous.",
      );
      expect(md).not.toMatch(/subject line|general product support|advisories|escalate|immediate|dependencies/);
      roundTrip(storedBefore, ctxFor("before", "Before"));
      expect(renderSecurityTxt(storedBefore, ctxFor("before", "Before"))).toContain("Acknowledgments:");
    });
  });

  it("says nothing it was not given", () => {
    const md = renderSecurityMd(nothingPromised, ctxFor("quiet", "Quiet"));
    expect(md).not.toContain("## Supported Versions");
    expect(md).not.toContain("## What Happens Next");
    expect(md).not.toContain("## Emergency Contact");
    expect(md).not.toContain("## Preferred Languages");
    expect(md).toContain("We agree the public disclosure date with you.");
    expect(md).toContain("https://security.example.com/programs/quiet/security-policy");
    expect(md).not.toMatch(/\d+ (hours?|days?|weeks?)/);
  });

  it("keeps a hostile program name from changing the document's structure", () => {
    const md = renderSecurityMd(defaultPolicy(), {
      ...ctxFor("x", ""),
      programName: "Evil\n# Injected heading\n<script>alert(1)</script> [link](javascript:x) | pipe",
    });
    expect(
      md
        .split("\n")
        .filter((l) => l.startsWith("#"))
        .map((l) => l.replace(/ for .*/, "")),
    ).toEqual([
      "# Security Policy",
      "## Reporting a Vulnerability",
      "## What Happens Next",
      "## Disclosure Policy",
      "## Preferred Languages",
    ]);
    expect(md).not.toContain("<script>");
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/); // the brackets are escaped: no link
  });
});

// RFC 9116 §4 (ABNF), simplified to what this renderer can emit.
const FIELD_LINE = /^([!-9;-~]+): (\S(?:.*\S)?)$/; // field-name (RFC 5322 ftext) fs SP value
const COMMENT_LINE = /^#[\t\x20-\x7e\u0080-\u{10ffff}]*$/u;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const LANG_VALUES = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*(\s*,\s*[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)*$/;

function fields(txt: string): [string, string][] {
  return txt
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const m = FIELD_LINE.exec(l);
      if (!m?.[1] || !m[2]) throw new Error(`not a field line: ${l}`);
      return [m[1], m[2]];
    });
}

describe("renderSecurityTxt (RFC 9116)", () => {
  const all = [...DEMO_PROGRAMS.map((p) => ({ name: p.slug, policy: p.policy })), ...edgeCases];

  it.each(all.map((c) => [c.name, c.policy] as const))("is a valid security.txt for %s", (_name, policy) => {
    const txt = renderSecurityTxt(policy, ctxFor("voice", "Voice Agent Platform"));
    expect(txt.endsWith("\n")).toBe(true);
    expect(txt).not.toContain("\r");
    const lines = txt.slice(0, -1).split("\n");
    for (const line of lines) {
      expect(line === "" || COMMENT_LINE.test(line) || FIELD_LINE.test(line), line).toBe(true);
      expect(line.length, line).toBeLessThanOrEqual(200);
    }
    const f = fields(txt);
    const values = (name: string) => f.filter(([n]) => n === name).map(([, v]) => v);

    // Contact: at least one, one line per address, security first, then emergency; no duplicates.
    const expectedAddresses: string[] = [];
    for (const e of [...policy.contacts.security, ...policy.contacts.emergency]) {
      if (!expectedAddresses.some((x) => x.toLowerCase() === e.toLowerCase())) expectedAddresses.push(e);
    }
    const contacts = values("Contact");
    if (expectedAddresses.length > 0) expect(contacts).toEqual(expectedAddresses.map((e) => `mailto:${e}`));
    else expect(contacts).toEqual(["https://security.example.com/programs/voice/security-policy"]);
    for (const c of contacts) expect(c).toMatch(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/);

    // Expires: exactly once, RFC 3339, after now and within a year.
    const expires = values("Expires");
    expect(expires).toHaveLength(1);
    const exp = expires[0] ?? "";
    expect(exp).toMatch(RFC3339);
    const at = new Date(exp).getTime();
    expect(at).toBeGreaterThan(NOW.getTime());
    expect(at).toBeLessThanOrEqual(NOW.getTime() + 365 * 24 * 3600 * 1000);
    expect(exp).toBe("2027-11-22T10:11:12Z");

    expect(values("Policy")).toEqual(["https://security.example.com/programs/voice/security-policy"]);
    expect(values("Acknowledgments")).toEqual(
      withPolicyDefaults(policy).credit.mode === "not_offered" ? [] : ["https://security.example.com/thanks/voice"],
    );
    expect(values("Canonical")).toEqual(["https://security.example.com/.well-known/security.txt"]);
    const langs = values("Preferred-Languages");
    if (policy.languages.length > 0) {
      expect(langs).toEqual([policy.languages.join(", ")]);
      expect(langs[0]).toMatch(LANG_VALUES);
    } else expect(langs).toEqual([]);
    for (const [name, value] of f) {
      if (["Policy", "Acknowledgments", "Canonical", "Encryption", "Hiring"].includes(name)) {
        expect(value).toMatch(/^https:\/\//); // §2.5: web URIs MUST begin with https://
      }
    }
  });

  it("keeps the exact lines for the voice demo", () => {
    const voice = DEMO_PROGRAMS[0];
    if (!voice) throw new Error("demo policy missing");
    expect(renderSecurityTxt(voice.policy, ctxFor(voice.slug, voice.name))).toBe(
      [
        "# Security contact for IndiVillage Voice Agent System",
        "# Generated by Embargo on 2026-11-23T10:11:12Z; see the Policy link for the full policy.",
        "Contact: mailto:security@indivillage.example",
        "Contact: mailto:critical-security@indivillage.example",
        "Expires: 2027-11-22T10:11:12Z",
        "Acknowledgments: https://security.example.com/thanks/voice",
        "Preferred-Languages: en, hi",
        "Canonical: https://security.example.com/.well-known/security.txt",
        "Policy: https://security.example.com/programs/voice/security-policy",
        "",
      ].join("\n"),
    );
  });

  it("expires within a year for any now, and later than now", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01"), max: new Date("2200-01-01"), noInvalidDate: true }), (now) => {
        const txt = renderSecurityTxt(defaultPolicy(), { ...ctxFor("p", "P"), now });
        const exp = /^Expires: (.+)$/m.exec(txt)?.[1] ?? "";
        expect(exp).toMatch(RFC3339);
        const at = new Date(exp).getTime();
        expect(at).toBeGreaterThan(now.getTime());
        expect(at - now.getTime()).toBeLessThanOrEqual(SECURITY_TXT_LIFETIME_DAYS * 24 * 3600 * 1000);
      }),
    );
  });

  it("adds an https Encryption key, escapes unusual address characters, keeps comments single-line", () => {
    const txt = renderSecurityTxt(
      {
        ...defaultPolicy(),
        pgpKeyUrl: "https://security.example.com/pgp.asc",
        contacts: { security: ["we%ird@x.example"], emergency: [] },
      },
      { ...ctxFor("a b", "Line\nbreak\u0007 program"), baseUrl: "https://security.example.com/" },
    );
    expect(txt).toContain("Encryption: https://security.example.com/pgp.asc\n");
    expect(txt).toContain("Contact: mailto:we%25ird@x.example\n");
    expect(txt).toContain("Policy: https://security.example.com/programs/a%20b/security-policy\n");
    expect(txt.split("\n")[0]).toBe("# Security contact for Line break program");
    const noHttpsKey = renderSecurityTxt(
      { ...defaultPolicy(), pgpKeyUrl: "http://insecure.example/key" },
      ctxFor("p", "P"),
    );
    expect(noHttpsKey).not.toContain("Encryption:");
  });

  it("rejects a bad base URL or date with a validation error", () => {
    expect(() => renderSecurityTxt(defaultPolicy(), { ...ctxFor("p", "P"), baseUrl: "not a url" })).toThrowError(
      DomainError,
    );
    expect(() => renderSecurityTxt(defaultPolicy(), { ...ctxFor("p", "P"), baseUrl: "ftp://x.example" })).toThrowError(
      DomainError,
    );
    expect(() => renderSecurityMd(defaultPolicy(), { ...ctxFor("p", "P"), now: new Date("nope") })).toThrowError(
      DomainError,
    );
  });
});
