import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";
import { bd, d, h, promised } from "./test-helpers.ts";

/**
 * The rule classes added when the held-out sets holdout-2 and securitymd-4 were scored once and retired to development
 * sets (dev-d, dev-e; see docs/decisions/0016). Every sentence here is written for the test, none is copied from a
 * corpus file. Each class has its non-promises and, next to them, a promise the rule must still read.
 */
const values = promised;
const versions = (md: string) => parseSecurityMd(md).supportedVersions;
const table = (head: string, rows: string[]) => `## Supported versions\n\n| ${head} |\n|---|---|\n${rows.join("\n")}\n`;

describe("a list item that is a paragraph of its own is not timed by its list's lead-in", () => {
  it("a lead-in that names a clock times label items, not paragraphs", () => {
    const lead = "We determine the severity of each report and patch it within:\n\n";
    expect(parseSecurityMd(`${lead}- **Medium**: 21 days\n`).resolve.medium).toEqual(d(21));
    expect(
      values(`${lead}- **Moderate**. These bugs stay private; we hope to keep that under 45 days where we can.\n`),
    ).toEqual({});
  });
});

describe("version tables: more words, dates, images and dashes", () => {
  it("a date under a column that says when support ends is support until then", () => {
    expect(versions(table("Release | Fixes until", ["| 9.2 | March 3rd, 2031 |", "| 9.1 | 2030-01-15 |"]))).toEqual([
      { range: "9.2", status: "supported" },
      { range: "9.1", status: "supported" },
    ]);
    // a date in a status column that is not about an end is no status
    expect(versions(table("Release | Supported", ["| 9.2 | March 3rd, 2031 |"]))).toEqual([]);
  });

  it("a tick or cross image, and a lone dash", () => {
    expect(
      versions(
        table("Version | Supported", [
          '| 8.x | <img src="/icons/check-green.svg" width="16"> |',
          '| 7.x | <img alt="cross" src="/icons/c.svg"> |',
          "| 6.x | — |",
        ]),
      ),
    ).toEqual([
      { range: "8.x", status: "supported" },
      { range: "7.x", status: "unsupported" },
      { range: "6.x", status: "unsupported" },
    ]);
  });

  it("Hindi and Portuguese status words, and a cell that names only security support", () => {
    expect(
      versions(
        "## समर्थित संस्करण\n\n| संस्करण | समर्थन स्थिति |\n|---|---|\n| 4.x | ✅ सक्रिय |\n| 3.x | ✅ सुरक्षा |\n| 2.x | ❌ असमर्थित |\n",
      ),
    ).toEqual([
      { range: "4.x", status: "supported" },
      { range: "3.x", status: "limited" },
      { range: "2.x", status: "unsupported" },
    ]);
    expect(
      versions(
        "## Versões\n\n| Versão | Situação |\n|---|---|\n| 4.x | Recebe correções |\n| 3.x | Manutenção reduzida |\n| 2.x | Fim do suporte |\n",
      ),
    ).toEqual([
      { range: "4.x", status: "supported" },
      { range: "3.x", status: "limited" },
      { range: "2.x", status: "unsupported" },
    ]);
    expect(
      versions(table("Version | Supported", ["| 4.x | ✅ Security |", "| 3.x | ✅ Security and features |"])),
    ).toEqual([
      { range: "4.x", status: "limited" },
      { range: "3.x", status: "supported" },
    ]);
  });
});

describe("an address written 'security-at-host'", () => {
  it("is read when its name is a mailbox for reports, and a hyphenated 'at' in prose is not", () => {
    expect(parseSecurityMd("Send reports to vuln-at-projectmail.net.").contacts.security).toEqual([
      "vuln@projectmail.net",
    ]);
    expect(
      parseSecurityMd("Reports about data-at-rest.projectmail.net encryption are welcome.").contacts.security,
    ).toEqual([]);
  });
});

describe("step tables: Hindi steps, and a severity in the value's own cell", () => {
  it("reads triage and a fix time for critical cases only", () => {
    const md =
      "## प्रतिक्रिया समयसीमा\n\n| चरण | लक्ष्य |\n|---|---|\n| अभिस्वीकृति | 36 घंटे |\n| ट्राइएज और आकलन | 4 कार्यदिवस |\n| पैच | 12 कार्यदिवस (गंभीर मामलों में) |\n";
    expect(values(md)).toEqual({
      acknowledge: h(36),
      assess: bd(4),
      resolve: { critical: bd(12), high: null, medium: null, low: null },
    });
    expect(
      values("## Targets\n\n| Step | Target |\n|---|---|\n| Patch | 12 days (critical issues) |\n").resolve,
    ).toEqual({
      critical: d(12),
      high: null,
      medium: null,
      low: null,
    });
  });
});

describe("a time before coordinated verbs covers a plan after 'and'; a time after the first verb is that verb's", () => {
  it("German word order: confirm and set a fix schedule, both within the time", () => {
    expect(
      values("Wir versuchen, Meldungen innerhalb von 36 Stunden zu bestätigen und einen Zeitplan festzulegen."),
    ).toEqual({ acknowledge: h(36), assess: h(36) });
  });

  it("English word order: the plan after 'and' has no time of its own; neither does the start of an assessment", () => {
    expect(values("We acknowledge reports within 36 hours and provide a remediation plan.")).toEqual({
      acknowledge: h(36),
    });
    expect(
      values("Innerhalb von 36 Stunden bestätigen wir den Eingang und beginnen die Bewertung.").assess,
    ).toBeUndefined();
    expect(values("We respond within 36 hours and work with you to fix it.")).toEqual({ acknowledge: h(36) });
  });
});

describe("probed before the securitymd-5 draw was scored", () => {
  it("'answer' and 'confirmation email' are responses; a request that the reporter answer is not our clock", () => {
    expect(values("Expect an answer within 6 days at the latest.")).toEqual({ acknowledge: d(6) });
    expect(values("We send a confirmation email within 2 hours.")).toEqual({ acknowledge: h(2) });
    expect(values("Please answer our questions within 10 days.")).toEqual({});
    expect(values("Please allow up to 8 business days for us to respond.")).toEqual({ acknowledge: bd(8) });
  });

  it("'updated' is a cadence of updates to the reporter only when the reporter is updated", () => {
    expect(values("The FAQ, updated every 30 days, answers most questions.")).toEqual({});
    expect(values("You will be updated every 9 days.")).toEqual({ update: d(9) });
  });

  it("修正方針 (the plan for a fix) is an assessment", () => {
    expect(values("受領後、12日以内に修正方針をお知らせします。")).toEqual({ assess: d(12) });
  });
});
