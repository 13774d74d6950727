import { expect, test } from "@playwright/test";
import { signIn } from "./helpers.ts";
import { enrolTotp, expectAccessible, newMember, nextStep, screens, signInAs, totpNow } from "./trust-helpers.ts";

// Second factors end to end (issue 17 §1): TOTP with a computed code, a recovery
// code, a passkey on a virtual authenticator, and forced enrolment. Each test
// uses its own invited member, so the demo users keep signing in with a password.

const inbox = (page: import("@playwright/test").Page) =>
  expect(page.getByRole("heading", { name: "Inbox", exact: true, level: 1 })).toBeVisible();

test("TOTP: enrol on the profile, sign in with a computed code; a replayed code and a used recovery code are refused", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { email, context, page } = await newMember(browser, "totp");
  await inbox(page);
  await page.goto("/profile");
  const card = page.getByRole("region", { name: "Second factor" });
  await expect(card).toContainText("No second factor yet");
  await expectAccessible(page, "profile, no factor");
  await card.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(card.getByRole("img", { name: /QR code/ })).toBeVisible();
  await screens(page, "profile-totp-setup");
  await expectAccessible(page, "profile, TOTP set-up");
  const secret = ((await card.locator("code.secret").textContent()) ?? "").replace(/\s+/g, "");
  // A wrong first code changes nothing.
  const first = totpNow(secret);
  await card.getByLabel("Code from the app").fill(first === "000000" ? "111111" : "000000");
  await card.getByRole("button", { name: "Confirm and turn on" }).click();
  await expect(card.getByText(/does not match/)).toBeVisible();
  const enrolCode = totpNow(secret);
  const enrolStep = Math.floor(Date.now() / 30_000);
  await card.getByLabel("Code from the app").fill(enrolCode);
  await card.getByRole("button", { name: "Confirm and turn on" }).click();
  const list = card.getByRole("list", { name: "Recovery codes" });
  await expect(list).toBeVisible();
  const codes = (await list.locator("code").allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await screens(page, "profile-recovery-codes");
  await expectAccessible(page, "profile, recovery codes");
  await card.getByRole("button", { name: "I have saved them" }).click();
  await expect(card.getByRole("list", { name: "Your second factors" })).toContainText("Authenticator app");
  await screens(page, "profile-factors");

  // Sign in again: two steps. The code used for enrolment is refused as a replay.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await signInAs(page, email);
  await expect(page.getByRole("heading", { name: "Second step" })).toBeVisible();
  await expectAccessible(page, "second step");
  await screens(page, "sign-in-second-step");
  const codeBox = page.getByLabel("6-digit code from your authenticator app");
  // The enrolment code stays inside the ±1-step window for up to a minute: refused as a replay there.
  if (Math.floor(Date.now() / 30_000) - enrolStep <= 1) {
    await codeBox.fill(enrolCode);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByText("This code was already used. Wait for the next one.")).toBeVisible();
  }
  if (Math.floor(Date.now() / 30_000) === enrolStep) await nextStep(page);
  await codeBox.fill(totpNow(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await inbox(page);

  // A recovery code works once.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await signInAs(page, email);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(codes[0] as string);
  await page.getByRole("button", { name: "Verify" }).click();
  await inbox(page);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await signInAs(page, email);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(codes[0] as string);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("This recovery code is wrong or was already used")).toBeVisible();
  await screens(page, "sign-in-recovery-refused");
  await expectAccessible(page, "second step, refused recovery code");
  await context.close();
});

test("passkey: enrol with a virtual authenticator, then sign in with it as the second step", async ({ browser }) => {
  test.setTimeout(90_000);
  const { email, context: joined } = await newMember(browser, "passkey");
  await joined.close();
  // WebAuthn needs a domain, not an IP address: the relying party is the server's public URL (localhost).
  const port = new URL(test.info().project.use.baseURL ?? "http://127.0.0.1:3217").port;
  const context = await browser.newContext({ baseURL: `http://localhost:${port}` });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  await signInAs(page, email);
  await inbox(page);
  await page.goto("/profile");
  const card = page.getByRole("region", { name: "Second factor" });
  await card.getByLabel("Name for this passkey").fill("Laptop");
  await card.getByRole("button", { name: "Add a passkey" }).click();
  await expect(card.getByRole("list", { name: "Recovery codes" })).toBeVisible();
  await card.getByRole("button", { name: "I have saved them" }).click();
  await expect(card.getByRole("list", { name: "Your second factors" })).toContainText("Laptop");
  await expectAccessible(page, "profile with a passkey");

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await signInAs(page, email);
  await expect(page.getByRole("heading", { name: "Second step" })).toBeVisible();
  await screens(page, "sign-in-second-step-passkey");
  await page.getByRole("button", { name: "Use your passkey" }).click();
  await inbox(page);
  await context.close();
});

test("forced enrolment: with a second factor required for everyone, a member without one can only set one up", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { email, context: joined } = await newMember(browser, "forced");
  await joined.close();
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin");
  await admin.goto("/settings");
  await admin.getByRole("link", { name: "Security" }).click();
  await expect(admin.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  await expectAccessible(admin, "security settings");
  await screens(admin, "settings-security");
  await admin.getByRole("radio", { name: "Everyone" }).check();
  await admin.getByRole("button", { name: "Save security settings" }).click();
  await expect(admin.getByText("Security settings saved.")).toBeVisible();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, email);
    await expect(page.getByRole("heading", { name: "Set up a second factor" })).toBeVisible();
    await expect(page).toHaveURL(/\/enrol$/);
    // Nothing else is reachable: the app sends the session back to enrolment.
    await page.goto("/members");
    await expect(page.getByRole("heading", { name: "Set up a second factor" })).toBeVisible();
    await expectAccessible(page, "forced enrolment");
    await screens(page, "enrol-forced");
    const { codes } = await enrolTotp(page);
    expect(codes).toHaveLength(10);
    await screens(page, "enrol-recovery-codes");
    await page.getByRole("button", { name: "I have saved them" }).click();
    await inbox(page);
    await context.close();
  } finally {
    // Put the demo back: the other specs sign in with passwords alone.
    await admin.getByRole("radio", { name: /Nobody/ }).check();
    await admin.getByRole("button", { name: "Save security settings" }).click();
    await expect(admin.getByText("Security settings saved.")).toBeVisible();
    await adminContext.close();
  }
});
