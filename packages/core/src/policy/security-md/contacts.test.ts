import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";

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
