import { describe, expect, it } from "vitest";
import { type ContactHit, collectContacts } from "./contacts.ts";
import { emptyParsedPolicy, parseSecurityMd } from "./index.ts";

describe("parseSecurityMd contacts", () => {
  it("separates security, emergency and unrelated addresses", () => {
    const p = parseSecurityMd(
      [
        "# Security Policy",
        "",
        "Report vulnerabilities to security@example.com or psirt@example.com.",
        "For emergencies, page oncall-sec@example.com.",
        "",
        "## Escalation",
        "",
        "If you get no answer, escalate to cso@example.com.",
        "",
        "## Code of conduct",
        "",
        "Report code of conduct violations to conduct@example.com.",
        "",
        "## Maintainers",
        "",
        "- Jane Doe <jane.doe@example.org>",
        "",
        "## License",
        "",
        "Copyright Jane Doe (jane@example.org). Questions about licensing: legal@example.com",
      ].join("\n"),
    );
    expect(p.contacts).toEqual({
      security: ["security@example.com", "psirt@example.com"],
      emergency: ["oncall-sec@example.com"],
      escalation: ["cso@example.com"],
      support: [],
    });
    expect(p.evidence["contacts.security"]).toBe(
      "Report vulnerabilities to security@example.com or psirt@example.com.",
    );
    expect(p.evidence["contacts.emergency"]).toBe("For emergencies, page oncall-sec@example.com.");
    expect(p.evidence["contacts.escalation"]).toBe("If you get no answer, escalate to cso@example.com.");
  });

  it("reads mailto links, inline code and list items under a reporting heading; ignores handles and URLs", () => {
    const p = parseSecurityMd(
      [
        "## Reporting a Vulnerability",
        "",
        "Please report it by e-mail to the following address:",
        "",
        "* `report@example.net`",
        "",
        "Or [write to us](mailto:sec@example.net?subject=Vuln).",
        "Matrix: `@admin:matrix.example.org`; web: https://user@host.example.com/form",
      ].join("\n"),
    );
    expect(p.contacts.security).toEqual(["report@example.net", "sec@example.net"]);
  });
});

describe("collectContacts", () => {
  const hit = (email: string, role: ContactHit["role"], evidence: string): ContactHit => ({
    email,
    role,
    pos: 0,
    evidence,
    signals: [],
  });

  it("keeps each address once per role, as first written, and each excerpt once", () => {
    const result = emptyParsedPolicy();
    collectContacts(
      [
        hit("Sec@Example.com", "security", "one"),
        hit("sec@example.com", "security", "two"),
        hit("psirt@example.com", "security", "one"),
        hit("sec@example.com", "emergency", "three"),
      ],
      result,
    );
    expect(result.contacts).toEqual({
      security: ["Sec@Example.com", "psirt@example.com"],
      emergency: ["sec@example.com"],
      escalation: [],
      support: [],
    });
    expect(result.evidence).toEqual({ "contacts.security": "one", "contacts.emergency": "three" });
    expect(result.confidence).toEqual({ "contacts.security": 1, "contacts.emergency": 1 });
  });

  it("keeps at most ten addresses per role", () => {
    const result = emptyParsedPolicy();
    collectContacts(
      Array.from({ length: 12 }, (_, i) => hit(`sec${i}@example.com`, "security", `line ${i}`)),
      result,
    );
    expect(result.contacts.security).toHaveLength(10);
    expect(result.evidence["contacts.security"]?.split("\n\n")).toHaveLength(10);
  });
});

describe("parseSecurityMd contact roles", () => {
  it("gives two addresses in one sentence the role of their own clause", () => {
    expect(
      parseSecurityMd("Report vulnerabilities to sec@example.com, and for emergencies page oncall@example.com.")
        .contacts,
    ).toEqual({ security: ["sec@example.com"], emergency: ["oncall@example.com"], escalation: [], support: [] });
  });

  it.each([
    ["If you do not hear back within 5 business days, write to cto@example.com.", "escalation"],
    ["If you receive no response, contact lead@example.com.", "escalation"],
    ["Report vulnerabilities to sec@example.com; to escalate, mail boss@example.com.", "escalation"],
    ["For urgent issues, email pager@example.com.", "emergency"],
    ["For general support, email support@example.com.", "support"],
    ["Questions about your subscription go to billing@example.com.", "support"],
    ["For anything else, mail info@example.com.", "support"],
  ])("%s → the address is for %s", (text, role) => {
    const p = parseSecurityMd(text);
    const last = /[\w.-]+@example\.com(?=\.?$)/.exec(text)?.[0];
    expect(p.contacts[role as "escalation" | "emergency" | "support"]).toEqual([last]);
    expect(p.contacts.security).not.toContain(last);
  });

  it("keeps only report addresses as security contacts when one file names all four kinds", () => {
    const p = parseSecurityMd(
      [
        "## Reporting a vulnerability",
        "",
        "Send reports to security@example.org. For critical issues that need an urgent answer, page critical@example.org.",
        "If you have not heard back after a week, escalate to security-lead@example.org.",
        "",
        "## Other questions",
        "",
        "This address is not for security issues: for help with your account, write to support@example.org.",
      ].join("\n"),
    );
    expect(p.contacts).toEqual({
      security: ["security@example.org"],
      emergency: ["critical@example.org"],
      escalation: ["security-lead@example.org"],
      support: ["support@example.org"],
    });
  });

  it("does not list an address that nothing ties to reports; offers its sentence as possibly relevant", () => {
    const p = parseSecurityMd("# Project\n\nYou can email hello@example.com.");
    expect(p.contacts.security).toEqual([]);
    expect(p.possiblyRelevant).toEqual([
      { field: "contacts.security", excerpt: "You can email hello@example.com.", reason: expect.any(String) },
    ]);
  });

  it("lists an address tied to reports only by its heading, with lower confidence", () => {
    const p = parseSecurityMd("## Reporting a vulnerability\n\nEmail team@example.com.");
    expect(p.contacts.security).toEqual(["team@example.com"]);
    expect(p.confidence["contacts.security"]).toBeLessThan(1);
    expect(p.confidence["contacts.security"]).toBeGreaterThanOrEqual(0.6);
  });

  it("skips a documentation-domain address shown as an example to other projects", () => {
    expect(
      parseSecurityMd(
        "Report vulnerabilities to sec@vendor.org. Projects using this library should state a contact, for example `security-contact: security@example.com`.",
      ).contacts.security,
    ).toEqual(["sec@vendor.org"]);
  });

  it("skips no-reply addresses", () => {
    expect(parseSecurityMd("Report vulnerabilities to noreply@example.com.").contacts.security).toEqual([]);
  });
});
