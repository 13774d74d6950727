import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { signIn } from "./helpers.ts";

/** Serious or critical axe violations on the page as it is now. */
export async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Screenshots at 1366 and 390 px wide, into test-results/screens. */
export async function screens(page: Page, name: string) {
  const before = page.viewportSize() ?? { width: 1366, height: 860 };
  for (const [width, height] of [
    [1366, 860],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `test-results/screens/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(before);
}

export const PASSWORD = "a long enough passphrase";

/**
 * A new triager, invited by the demo admin and joined through the link (no SMTP
 * in e2e: the link is shown), so no demo user ever gets a factor.
 */
export async function newMember(
  browser: Browser,
  who: string,
): Promise<{ email: string; context: BrowserContext; page: Page }> {
  const email = `${who}.${Date.now()}@embargo.test`;
  const admin = await browser.newContext();
  const page = await admin.newPage();
  await signIn(page, "admin");
  await page.goto("/members");
  const invite = page.getByRole("region", { name: "Invite someone" });
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Role").selectOption("triager");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  const linkBox = invite.getByRole("textbox", { name: "Invitation link" });
  await expect(linkBox).toHaveValue(/\/invite\?token=/);
  const link = new URL(await linkBox.inputValue());
  await admin.close();
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(link.pathname + link.search);
  await p.getByLabel("Your name").fill(`Test ${who}`);
  await p.getByLabel("Password").fill(PASSWORD);
  await p.getByRole("button", { name: "Create account and join" }).click();
  return { email, context, page: p };
}

export async function signInAs(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export const totpNow = (secret: string) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });

/** Wait until the next 30-second step starts (a code of the current step was already used). */
export async function nextStep(page: Page) {
  const ms = 30_000 - (Date.now() % 30_000) + 500;
  await page.waitForTimeout(ms);
}

/** Enrol an authenticator app from the card or page on screen; returns the secret and the recovery codes. */
export async function enrolTotp(page: Page): Promise<{ secret: string; codes: string[] }> {
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = ((await page.locator("code.secret").textContent()) ?? "").replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from the app").fill(totpNow(secret));
  await page.getByRole("button", { name: "Confirm and turn on" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list).toBeVisible();
  const codes = (await list.locator("code").allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  return { secret, codes };
}
