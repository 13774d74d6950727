import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";
import { d, h, promised } from "./test-helpers.ts";

/**
 * The rule classes added when the held-out set securitymd-14 was scored once and retired to a development set (dev-o;
 * see docs/decisions/0016). Every sentence here is written for the test, none is copied from a corpus file.
 */
const values = promised;
const contacts = (text: string) => parseSecurityMd(text).contacts;
const versions = (text: string) => parseSecurityMd(text).supportedVersions;

describe("version tables: support phases the file defines in its own words", () => {
  const table =
    "| Version | Stage | End of fixes |\n|---|---|---|\n| Gizmo 4 | Active Care | 2031-01-01 |\n| Gizmo 3 | Twilight Care | 2027-01-01 |\n";

  it("a phase the prose says gets no security fixes is unsupported, one it says gets them is supported", () => {
    const prose =
      "Security bugs are fixed for releases in the Active Care stage.\nReleases in the Twilight Care stage only get build fixes; they do not receive security fixes.\n\n";
    expect(versions(prose + table)).toEqual([
      { range: "Gizmo 4", status: "supported" },
      { range: "Gizmo 3", status: "unsupported" },
    ]);
  });

  it("without a defining sentence the phase words decide nothing: an end date still reads as support until then", () => {
    expect(versions(table)).toEqual([
      { range: "Gizmo 4", status: "supported" },
      { range: "Gizmo 3", status: "supported" },
    ]);
  });

  it("a status word the reader knows is not redefined by a sentence about its opposite", () => {
    const text =
      "Versions that are not supported do not receive security updates.\n\n| Version | Supported |\n|---|---|\n| 2.x | Supported |\n| 1.x | No |\n";
    expect(versions(text)).toEqual([
      { range: "2.x", status: "supported" },
      { range: "1.x", status: "unsupported" },
    ]);
  });

  it("a name inside a longer word is no phase ('Care' in 'Careful')", () => {
    const text =
      "Careful users do not receive security fixes faster.\n\n| Version | Stage |\n|---|---|\n| 9.0 | Care |\n";
    expect(versions(text)).toEqual([]);
  });
});

describe("clocks", () => {
  it("'respond within N to acknowledge … and discuss further steps' is the first answer and the assessment", () => {
    expect(values("We try to respond within 36 hours to acknowledge your note and discuss further steps.")).toEqual({
      acknowledge: h(36),
      assess: h(36),
    });
  });

  it("'to acknowledge receipt and begin looking' is only the first answer", () => {
    expect(values("We respond within 2 days to acknowledge receipt and begin the investigation.")).toEqual({
      acknowledge: d(2),
    });
  });

  it("how long the ecosystem usually takes is no promise of the project, even with an aside before the verb", () => {
    expect(
      values(
        "Keep a cooldown on new releases: the response to supply chain attacks (taking over accounts, yanking bad packages and publishing clean versions) usually takes a day or up to 48 hours.",
      ),
    ).toEqual({});
    expect(values("A maintainer in the wider ecosystem typically responds within 3 days.")).toEqual({});
  });

  it("an aside does not hide the subject of a clause: 'Bounties (paid through the platform) are sent within 30 days'", () => {
    expect(values("Bounties (paid through the platform) are sent within 30 days.")).toEqual({});
    // and our own answer with an aside is still one
    expect(values("We will respond (by email) within 3 days.")).toEqual({ acknowledge: d(3) });
  });
});

describe("addresses", () => {
  it("what is shared 'privately' is a finding: the address takes reports, whatever its name", () => {
    expect(
      contacts(
        "## Ground rules\n\n- **Privately** share the problems you find with us via helpdesk@widgetco.io right away.",
      ),
    ).toEqual({ security: ["helpdesk@widgetco.io"], emergency: [], escalation: [], support: [] });
    // without it, a help address under no reporting heading is not taken for a report address
    expect(contacts("## Ground rules\n\n- Share your ideas with us via helpdesk@widgetco.io.").security).toEqual([]);
  });

  it("a list introduced by 'if you have not received a reply …:' is where to escalate", () => {
    expect(
      contacts(
        "# Security\n\nUse the advisory form to report.\n\nIf you have had no reply after 3 days, you can also:\n\n- Ping the release manager (Ana <ana@widgetco.io>)\n- Write to the maintainers' list (maint@lists.widgetco.io)\n",
      ),
    ).toEqual({ security: [], emergency: [], escalation: ["ana@widgetco.io", "maint@lists.widgetco.io"], support: [] });
  });

  it("a lead-in that also says where reports go keeps its list's addresses as report addresses", () => {
    expect(
      contacts(
        "# Security\n\nReport vulnerabilities to one of these; if you do not hear back, write again:\n\n- sec@widgetco.io\n",
      ).security,
    ).toEqual(["sec@widgetco.io"]);
  });
});
