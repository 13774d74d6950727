import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";

const read = (md: string) => parseSecurityMd(md).statements;

describe("credit statements", () => {
  it("reads credit offered with its mode, places and sentence", () => {
    const s = read(
      "# Security\n\nWe will credit you in the advisory and in our hall of fame, unless you prefer to remain anonymous.\n",
    );
    expect(s.credit).toEqual({
      offered: true,
      mode: "opt_out",
      places: ["advisory", "hall_of_fame"],
      evidence: "We will credit you in the advisory and in our hall of fame, unless you prefer to remain anonymous.",
      confidence: 1,
    });
    expect(s.anonymous).toMatchObject({ allowed: true, about: "credit" });
  });

  it("keeping the name confidential on request is opt-out credit", () => {
    expect(
      read("We credit reporters, although we keep your name confidential if you request it.").credit,
    ).toMatchObject({
      mode: "opt_out",
    });
  });

  it("reads opt-in credit", () => {
    expect(read("With your permission, we will publicly acknowledge your contribution.").credit).toMatchObject({
      offered: true,
      mode: "opt_in",
    });
  });

  it("reads credit that is not offered, and a bounty refusal does not deny credit", () => {
    expect(read("We do not give credit for reports.").credit).toMatchObject({ offered: false, places: [] });
    expect(read("We do not run a bug bounty, but we credit every reporter.").credit).toMatchObject({
      offered: true,
      mode: null,
    });
  });

  it("a later sentence adds the mode; contradicting sentences lower the confidence", () => {
    const s = read("We credit reporters in the advisory. If you prefer not to be credited, tell us.").credit;
    expect(s).toMatchObject({ offered: true, mode: "opt_out", places: ["advisory"] });
    expect(s?.evidence).toContain("\n\n");
    expect(read("We credit reporters. We do not give credit for duplicates.").credit?.confidence).toBeLessThan(0.6);
  });

  it("says nothing when the file says nothing, and headings state nothing", () => {
    const s = read("## Credits\n\nReport to security@example.com. We accept credit cards.\n");
    expect(s).toEqual({ credit: null, anonymous: null, coordinatedDisclosure: null, advisories: [] });
  });
});

describe("anonymity and coordinated disclosure", () => {
  it("reads anonymous reporting allowed or refused", () => {
    expect(read("You may report anonymously.").anonymous).toEqual({
      allowed: true,
      about: "reporting",
      evidence: "You may report anonymously.",
    });
    expect(read("We cannot accept anonymous reports.").anonymous).toMatchObject({ allowed: false });
    // The product's anonymity is not the reporter's.
    expect(read("It is not an anonymity feature.").anonymous).toBeNull();
  });

  it("reads coordinated disclosure", () => {
    expect(read("We follow coordinated disclosure.").coordinatedDisclosure).toEqual({
      evidence: "We follow coordinated disclosure.",
    });
    expect(read("We do not do coordinated disclosure.").coordinatedDisclosure).toBeNull();
    expect(read("We encourage responsible disclosure.").coordinatedDisclosure).toBeNull();
  });
});

describe("advisory channels", () => {
  it("reads GitHub Security Advisories, a mailing list, CVE and a website with its address", () => {
    const s = read(
      [
        "Fixes are published as GitHub Security Advisories.",
        "",
        "Critical updates are announced on the security-announce mailing list.",
        "",
        "We request a CVE and publish it with the fix.",
        "",
        "Advisories are also posted at https://Example.com/Security.",
      ].join("\n"),
    );
    expect(s.advisories.map((a) => [a.channel, a.scope, a.url])).toEqual([
      ["github", "all", null],
      ["email", "critical", null],
      ["cve", "all", null],
      ["website", "all", "https://Example.com/Security"],
    ]);
    expect(s.advisories[0]?.evidence).toBe("Fixes are published as GitHub Security Advisories.");
  });

  it("a reporting channel is not an advisory channel", () => {
    expect(read("Please report vulnerabilities through GitHub Security Advisories.").advisories).toEqual([]);
    expect(read("Do not disclose the issue publicly; use GitHub Security Advisories.").advisories).toEqual([]);
    expect(
      read(
        "We disclose every advisory within 60 days of the report received through the [GitHub security advisory channel](https://github.com/o/r/security/advisories/new).",
      ).advisories,
    ).toEqual([]);
    expect(read("We might post-process reports on GitHub Security Advisories.").advisories).toEqual([]);
  });
});
