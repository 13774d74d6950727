import { expect, test } from "@playwright/test";
import { axeFindings, type Finding, reportOf } from "./axe-findings.ts";
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
          findings.push(...(await axeFindings(page, `${screen.name} · ${role} · ${scheme}`, scheme === "dark")));
        }
        // The dark pass means something only if the page did turn dark.
        expect(backgrounds[1], `${screen.name}: the dark theme did not apply`).not.toBe(backgrounds[0]);
      });
    }
    await context.close();
    expect(reportOf(findings), `${findings.length} violations`).toEqual([]);
  });
}
