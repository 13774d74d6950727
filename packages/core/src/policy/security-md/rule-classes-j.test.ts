import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";
import { promised, w } from "./test-helpers.ts";

/**
 * The rule classes added when the held-out set securitymd-9 was scored once and retired to a development set (dev-j;
 * see docs/decisions/0016). Every sentence here is written for the test, none is copied from a corpus file.
 */
const values = promised;
const contacts = (text: string) => parseSecurityMd(text).contacts;
const versions = (table: string) => parseSecurityMd(table).supportedVersions;

describe("updates at a cadence, in the word order of Portuguese, Spanish, French and German", () => {
  it("'updates … every N' with the verb and an adjective between", () => {
    expect(values("As atualizações regulares serão enviadas a cada 3 semanas.")).toEqual({ update: w(3) });
    expect(values("Las actualizaciones serán enviadas cada 3 semanas.")).toEqual({ update: w(3) });
    expect(values("Regular updates will be provided every 3 weeks until the fix ships.")).toEqual({ update: w(3) });
  });

  it("updates of the product at a cadence stay no promise to the reporter", () => {
    expect(values("We ship security updates every 3 weeks.")).toEqual({});
    expect(values("As atualizações do software serão publicadas a cada 3 semanas.")).toEqual({});
  });
});

describe("version tables", () => {
  it("an LTS column beside a support column says how long, not whether", () => {
    expect(versions("| Version | Supported | LTS |\n|---|---|---|\n| 3.x | ✅ | ❌ |\n| 2.x | ✅ | ✅ |\n")).toEqual([
      { range: "3.x", status: "supported" },
      { range: "2.x", status: "supported" },
    ]);
    // alone, it is the support column
    expect(versions("| Version | LTS |\n|---|---|\n| 3.x | ✅ |\n| 2.x | ❌ |\n")).toEqual([
      { range: "3.x", status: "supported" },
      { range: "2.x", status: "unsupported" },
    ]);
    // two real support columns still combine
    expect(
      versions("| Version | Security fixes | Bug fixes |\n|---|---|---|\n| 3.x | ✅ | ✅ |\n| 2.x | ✅ | ❌ |\n"),
    ).toEqual([
      { range: "3.x", status: "supported" },
      { range: "2.x", status: "limited" },
    ]);
  });
});

describe("addresses", () => {
  it("'security at host dot org' after 'email' and a backtick or quote", () => {
    expect(contacts("Please email `security at projmail dot org`.").security).toEqual(["security@projmail.org"]);
    expect(contacts('Please email "security at projmail dot org".').security).toEqual(["security@projmail.org"]);
    // in prose, "security at scale" stays prose
    expect(contacts("We care about security at scale dot by dot.").security).toEqual([]);
  });

  it("'if you didn't recieve an update' (as often written) makes an escalation address", () => {
    const text =
      "## Reporting\n\nReport to guard@projmail.net.\n\nIf you didn't recieve any update within a week, send a copy to lead@projmail.net.";
    expect(contacts(text)).toEqual({
      security: ["guard@projmail.net"],
      emergency: [],
      escalation: ["lead@projmail.net"],
      support: [],
    });
  });
});
