import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { DURATION_UNITS } from "./enums.ts";
import { type RenderContext, renderSecurityMd, renderSecurityTxt, SECURITY_TXT_LIFETIME_DAYS } from "./render.ts";
import { defaultPolicy, type Policy, policySchema } from "./schema.ts";
import { parseSecurityMd } from "./security-md/index.ts";

// Copied verbatim from packages/db/src/seed/demo.ts (core must not import db).
const weekdays = ["mon", "tue", "wed", "thu", "fri"] as const;

const DEMO_PROGRAMS: { slug: string; name: string; keyPrefix: string; description: string; policy: Policy }[] = [
  {
    slug: "voice",
    name: "Voice Agent Platform",
    keyPrefix: "VOICE",
    description: "Hosted and self-hosted voice agents",
    policy: {
      acknowledge: { amount: 24, unit: "hours" },
      assess: { amount: 5, unit: "business_days" },
      update: { amount: 7, unit: "days" },
      emergency: { amount: 4, unit: "hours" },
      resolve: {
        critical: { amount: 7, unit: "days" },
        high: { amount: 7, unit: "days" },
        medium: { amount: 30, unit: "days" },
        low: "next_release",
      },
      disclosure: { amount: 90, unit: "days" },
      supportedVersions: [
        { range: "3.x", status: "supported" },
        { range: "2.4.x", status: "limited" },
        { range: "< 2.4", status: "unsupported" },
      ],
      calendar: {
        timeZone: "Europe/Berlin",
        workingDays: [...weekdays],
        holidays: ["2026-12-24", "2026-12-25", "2026-12-26", "2027-01-01"],
      },
      contacts: { security: ["security@voice.example"], emergency: ["oncall-security@voice.example"] },
      languages: ["en", "de"],
      pgpKeyUrl: null,
      policyUrl: null,
    },
  },
  {
    slug: "widget",
    name: "Support Widget SaaS",
    keyPrefix: "WIDGET",
    description: "Embeddable chat widget and admin console",
    policy: {
      acknowledge: { amount: 48, unit: "hours" },
      assess: { amount: 72, unit: "hours" },
      update: { amount: 14, unit: "days" },
      emergency: null,
      resolve: {
        critical: { amount: 14, unit: "days" },
        high: { amount: 30, unit: "days" },
        medium: { amount: 90, unit: "days" },
        low: null,
      },
      disclosure: { amount: 90, unit: "days" },
      supportedVersions: [{ range: "current (SaaS)", status: "supported" }],
      calendar: { timeZone: "America/New_York", workingDays: [...weekdays], holidays: ["2026-11-26", "2026-12-25"] },
      contacts: { security: ["security@widget.example"], emergency: [] },
      languages: ["en"],
      pgpKeyUrl: null,
      policyUrl: null,
    },
  },
  {
    slug: "edge",
    name: "Edge Vision Model",
    keyPrefix: "EDGE",
    description: "On-device vision model and updater",
    policy: {
      acknowledge: { amount: 3, unit: "business_days" },
      assess: { amount: 10, unit: "business_days" },
      update: null,
      emergency: null,
      resolve: {
        critical: { amount: 30, unit: "days" },
        high: { amount: 60, unit: "days" },
        medium: { amount: 120, unit: "days" },
        low: "next_release",
      },
      disclosure: { amount: 120, unit: "days" },
      supportedVersions: [
        { range: "2025.x", status: "supported" },
        { range: "2024.x", status: "unsupported" },
      ],
      calendar: { timeZone: "Asia/Tokyo", workingDays: [...weekdays], holidays: ["2026-11-23", "2027-01-01"] },
      contacts: { security: ["psirt@edge.example"], emergency: [] },
      languages: ["en", "ja"],
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
];

const ROUND_TRIP_FIELDS = [
  "acknowledge",
  "assess",
  "update",
  "emergency",
  "resolve",
  "disclosure",
  "contacts",
  "supportedVersions",
  "languages",
] as const;

function roundTrip(policy: Policy, ctx: RenderContext) {
  const md = renderSecurityMd(policy, ctx);
  const parsed = parseSecurityMd(md);
  for (const field of ROUND_TRIP_FIELDS) expect(parsed[field], `${field}\n${md}`).toEqual(policy[field]);
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
    const range = fc
      .stringMatching(/^[A-Za-z0-9 .<>=^~*|_()-]{1,30}$/)
      .filter((s) => s.trim() !== "" && s === s.trim().replace(/\s+/g, " "));
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
      supportedVersions: fc.array(
        fc.record({ range, status: fc.constantFrom("supported" as const, "limited" as const, "unsupported" as const) }),
        { maxLength: 6 },
      ),
      contacts: fc.record({
        security: fc.uniqueArray(email, { maxLength: 4, selector: (e) => e.toLowerCase() }),
        emergency: fc.uniqueArray(email, { maxLength: 3, selector: (e) => e.toLowerCase() }),
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
  });

  it("reads like a policy: table with symbols and words, promises in plain sentences", () => {
    const voice = DEMO_PROGRAMS[0];
    if (!voice) throw new Error("demo policy missing");
    const md = renderSecurityMd(voice.policy, ctxFor(voice.slug, voice.name));
    expect(md).toContain("# Security Policy for Voice Agent Platform");
    expect(md).toContain("| Version | Supported |");
    expect(md).toContain("| 3.x | \u2705 Supported |");
    expect(md).toContain("| 2.4.x | \u26a0\ufe0f Limited support |");
    expect(md).toContain("| < 2.4 | \u274c Not supported |");
    expect(md).toContain("Email your report to security@voice.example.");
    expect(md).toContain("## Emergency Contact");
    expect(md).toContain("oncall-security@voice.example");
    expect(md).toContain("We acknowledge reports within 24 hours.");
    expect(md).toContain("We complete an initial assessment within 5 business days.");
    expect(md).toContain("We send you a status update at least every 7 days");
    expect(md).toContain("Critical vulnerabilities get an emergency response within 4 hours.");
    expect(md).toContain("Critical: fix within 7 days");
    expect(md).toContain("Medium: fix within 30 days");
    expect(md).toContain("Low: fixed in the next release");
    expect(md).toContain("We disclose vulnerabilities publicly within 90 days of the initial report");
    expect(md).toContain("https://security.example.com/programs/voice/hall-of-fame");
    expect(md).toContain("We accept reports in English (en) and German (de).");
    expect(md.endsWith("\n")).toBe(true);
    expect(md).not.toContain("\r");
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
    expect(values("Acknowledgments")).toEqual(["https://security.example.com/programs/voice/hall-of-fame"]);
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
        "# Security contact for Voice Agent Platform",
        "# Generated by Embargo on 2026-11-23T10:11:12Z; see the Policy link for the full policy.",
        "Contact: mailto:security@voice.example",
        "Contact: mailto:oncall-security@voice.example",
        "Expires: 2027-11-22T10:11:12Z",
        "Acknowledgments: https://security.example.com/programs/voice/hall-of-fame",
        "Preferred-Languages: en, de",
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
