import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { contextFor, makeScreenData, openScreen, ROLES, type Role, screensFor } from "./screen-list.ts";

/**
 * Every screen, for every role that can see it, in the light and the dark theme:
 * no serious or critical axe violation, nor a broken outline or landmark (STRUCTURE_RULES).
 * A new screen joins SCREENS in screen-list.ts.
 *
 * Fast by construction: one browser; each role signs in once and its storage
 * state is reused; each screen is loaded once and checked in both themes by
 * switching the emulated colour scheme (the theme follows it by default).
 */
test.setTimeout(180_000);

interface Finding {
  where: string;
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * Moderate rules held too: the page's outline and landmarks, which screen reader users
 * navigate by (all clean when this sweep was written).
 */
const STRUCTURE_RULES = ["heading-order", "landmark-one-main", "landmark-unique", "page-has-heading-one"];

/** Rules whose outcome depends on the colours: all that can change between the themes. */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/** Every rule in the light theme; in the dark one, the colour rules only (the page is otherwise the same). */
async function audit(page: Page, scheme: "light" | "dark", where: string): Promise<Finding[]> {
  // Legacy mode runs axe in the page itself: the default opens a blank page per run to
  // gather frames' results (this app has no frames), about 2 s a run on two cores.
  let axe = new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ["violations"] });
  if (scheme === "dark") axe = axe.withRules(COLOUR_RULES);
  const results = await axe.analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical" || STRUCTURE_RULES.includes(v.id))
    .map((v) => ({
      where,
      rule: v.id,
      impact: v.impact ?? "",
      help: v.help,
      nodes: v.nodes
        .slice(0, 3)
        .map(
          (n) =>
            `${n.target.join(" ")}${n.failureSummary ? ` (${n.failureSummary.split("\n").slice(1).join(" ").trim()})` : ""}`,
        ),
    }));
}

test.beforeAll(async ({ browser }) => makeScreenData(browser));

for (const role of Object.keys(ROLES) as Role[]) {
  test(`every screen ${role === "public" ? "without an account" : `as ${role}`}, light and dark`, async ({
    browser,
  }) => {
    const context = await contextFor(browser, role);
    const page = await context.newPage();
    const findings: Finding[] = [];
    for (const screen of screensFor(role)) {
      await test.step(screen.name, async () => {
        await page.emulateMedia({ colorScheme: "light" });
        await openScreen(page, screen);
        const backgrounds: string[] = [];
        for (const scheme of ["light", "dark"] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
          findings.push(...(await audit(page, scheme, `${screen.name} · ${role} · ${scheme}`)));
        }
        // The dark pass means something only if the page did turn dark.
        expect(backgrounds[1], `${screen.name}: the dark theme did not apply`).not.toBe(backgrounds[0]);
      });
    }
    await context.close();
    const report = findings.map(
      (f) => `${f.rule} (${f.impact}) on ${f.where}: ${f.help}\n    ${f.nodes.join("\n    ")}`,
    );
    expect(report, `${findings.length} violations`).toEqual([]);
  });
}
