import { expect, test } from "@playwright/test";
import { postPublicReport, signIn } from "./helpers.ts";

// The rough edges of issue 14 that a keyboard or a screen reader meets first.

test("the skip link is the first Tab stop and moves focus past the navigation to the screen", async ({ page }) => {
  await signIn(page, "triager");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  // Off screen until focused; on screen once it is.
  const box = await skip.boundingBox();
  expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
  expect(new URL(page.url()).hash).toBe("");
  // The next Tab stop is inside the screen, not the navigation.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => !!document.activeElement?.closest("main"))).toBe(true);
});

test("each screen names itself in the title; inbox tabs read and are named with their count", async ({ page }) => {
  await page.goto("/login");
  await expect(page).toHaveTitle("Sign in · Embargo");
  await signIn(page, "triager");
  await expect(page).toHaveTitle("Inbox · Embargo");

  const open = page.getByRole("tab", { name: /^Open \d+ reports?$/ });
  await expect(open).toHaveAttribute("aria-selected", "true");
  // What the eye reads: the words a screen reader alone gets left out.
  const seen = await open.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const hidden of copy.querySelectorAll(".sr-only")) hidden.remove();
    return copy.textContent;
  });
  expect(seen).toMatch(/^Open \d+$/);
  await expect(page.getByRole("tab", { name: /^Needs info \d+ reports?$/ })).toBeVisible();

  await page.goto("/reports/VOICE-1");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page).toHaveTitle("VOICE-1 · Embargo");
  await page.goto("/disclosures");
  await expect(page).toHaveTitle("Disclosures · Embargo");
});

test("a handle typed with its @ is shown with one", async ({ page }) => {
  const stamp = Date.now();
  const { key } = await postPublicReport(page, `Handle display ${stamp}`, {
    name: "Rosa Researcher",
    handle: `@rosa${stamp}`,
    email: `rosa${stamp}@researcher.example`,
  });
  await signIn(page, "triager");
  await page.goto(`/reports/${key}`);
  const details = page.getByRole("region", { name: "Details" });
  await expect(details).toContainText(`Rosa Researcher @rosa${stamp}`);
  await expect(details).not.toContainText("@@");
});

test("a new API token is copied with its Copy button, which says so", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "admin");
  await page.goto("/settings/voice");
  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("Token name").fill(`copy-test-${Date.now()}`);
  await tokens.getByRole("button", { name: "Create token" }).click();
  const copy = tokens.getByRole("button", { name: "Copy new token" });
  await expect(copy).toBeVisible();
  const token = ((await tokens.locator("pre.preview").textContent()) ?? "").trim();
  expect(token.length).toBeGreaterThan(20);
  await copy.click();
  await expect(tokens.getByRole("button", { name: "Copied new token" })).toBeVisible();
  await expect(tokens.getByText("Copied to the clipboard")).toBeAttached();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
});

test("the theme follows the system until chosen in the profile, and the choice survives a reload", async ({ page }) => {
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await signIn(page, "triager");
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/profile");
  const theme = page.getByRole("group", { name: "Theme" });
  await expect(theme.getByRole("radio", { name: /^System/ })).toBeChecked();
  const light = await background();
  await page.emulateMedia({ colorScheme: "dark" });
  const dark = await background();
  expect(dark).not.toBe(light);

  // Chosen light on a dark system: light, after a reload too.
  await theme.getByRole("radio", { name: "Light", exact: true }).check();
  expect(await background()).toBe(light);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("light");
  expect(await background()).toBe(light);
  await expect(theme.getByRole("radio", { name: "Light", exact: true })).toBeChecked();

  // Chosen dark on a light system.
  await page.emulateMedia({ colorScheme: "light" });
  await theme.getByRole("radio", { name: "Dark", exact: true }).check();
  expect(await background()).toBe(dark);

  // Back to the system's: the choice is forgotten and the system rules again.
  await theme.getByRole("radio", { name: /^System/ }).check();
  expect(await background()).toBe(light);
  expect(await page.evaluate(() => localStorage.getItem("embargo.theme"))).toBeNull();
  expect(await page.evaluate(() => document.documentElement.hasAttribute("data-theme"))).toBe(false);
});

test("the prompt to confirm it is you holds the focus, and Escape gives it back where it was", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/settings/voice");
  // The server asks again after ten minutes; here its first answer to one call says so.
  let asked = false;
  await page.route("**/api/trpc/programs.createApiToken**", async (route) => {
    if (asked) return route.continue();
    asked = true;
    const data = { code: "FORBIDDEN", httpStatus: 403, reason: "reauth_required" };
    await route.fulfill({
      status: 403,
      contentType: "application/json",
      body: JSON.stringify([{ error: { json: { message: "Confirm it is you", code: -32003, data } } }]),
    });
  });
  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("Token name").fill("prompt-test");
  const create = tokens.getByRole("button", { name: "Create token" });
  await create.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Your password")).toBeFocused();
  // Tab goes round the dialog's controls and, past the last, out to the browser's own, never to the
  // page behind it (inert while the dialog is open): the next Tab is back in the dialog.
  const inDialogOrBrowser = () =>
    page.evaluate(() => document.activeElement === document.body || !!document.activeElement?.closest("dialog"));
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Tab");
    expect(await inDialogOrBrowser()).toBe(true);
  }
  await page.keyboard.press("Tab");
  await expect(dialog.getByLabel("Your password")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(create).toBeFocused();
});
