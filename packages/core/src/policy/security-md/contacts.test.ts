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
      emergency: ["oncall-sec@example.com", "cso@example.com"],
    });
    expect(p.evidence["contacts.security"]).toBe(
      "Report vulnerabilities to security@example.com or psirt@example.com.",
    );
    expect(p.evidence["contacts.emergency"]).toBe(
      "For emergencies, page oncall-sec@example.com.\n\nIf you get no answer, escalate to cso@example.com.",
    );
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
    });
    expect(result.evidence).toEqual({ "contacts.security": "one", "contacts.emergency": "three" });
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
    ).toEqual({ security: ["sec@example.com"], emergency: ["oncall@example.com"] });
  });

  it("skips no-reply addresses", () => {
    expect(parseSecurityMd("Report vulnerabilities to noreply@example.com.").contacts.security).toEqual([]);
  });
});
