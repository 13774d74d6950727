import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";
import { bd, d, h, promised } from "./test-helpers.ts";

/**
 * The rule classes added when the held-out set securitymd-12 was scored once and retired to a development set (dev-m;
 * see docs/decisions/0016). Every sentence here is written for the test, none is copied from a corpus file.
 */
const values = promised;
const reportTo = (text: string) => parseSecurityMd(text).contacts.security;

describe("numbers", () => {
  it("'2×24 hours', '2 x 24', '2x24' are products", () => {
    expect(values("Kami membalas paling lambat 3×24 jam.")).toEqual({ acknowledge: h(72) });
    expect(values("We reply within 3 x 24 hours.")).toEqual({ acknowledge: h(72) });
    expect(values("We reply within 3x24 hours.")).toEqual({ acknowledge: h(72) });
  });
});

describe("what a time is for", () => {
  it("a time in parentheses annotates the words right before them", () => {
    expect(
      values("Please wait until it is acknowledged and fixed, or until an agreed disclosure date (default: 45 days)."),
    ).toEqual({ disclosure: d(45) });
    expect(values("We keep an embargo (typically 45 days).")).toEqual({ disclosure: d(45) });
  });

  it("a window counted from confirming or releasing a fix is no disclosure window", () => {
    expect(
      values("We coordinate public disclosure within 6 days of confirming the issue and releasing a patch."),
    ).toEqual({});
    expect(values("We publicly disclose within 60 days of the report.")).toEqual({ disclosure: d(60) });
  });

  it("an acknowledgement after a parenthesised disclosure default keeps its own time", () => {
    expect(
      values(
        "Do not publish until we agree on a disclosure date (default: 45 days).\n\nWe acknowledge receipt within 4 business days.",
      ),
    ).toEqual({ disclosure: d(45), acknowledge: bd(4) });
  });
});

describe("addresses", () => {
  it("'[.]' for the dot, and Traditional Chinese '聯絡電子郵件' before an address on its own line", () => {
    expect(reportTo("Email me at kim[at]mailhost[.]net with the details of the vulnerability.")).toEqual([
      "kim@mailhost.net",
    ]);
    expect(reportTo("## 回報漏洞\n\n聯絡電子郵件：\n\nkim@mailhost.net\n")).toEqual(["kim@mailhost.net"]);
  });
});
