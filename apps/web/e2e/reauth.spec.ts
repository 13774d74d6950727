import { expect, test } from "@playwright/test";
import { withRunDb } from "./helpers.ts";
import { enrolTotp, expectAccessible, newMember, PASSWORD, screens } from "./trust-helpers.ts";

// Re-authentication (issue 17 §2): a sensitive action more than 10 minutes after
// the last proof of identity opens the "Confirm it is you" prompt; once the
// password is proven, the refused action goes through without a second click.
// The spec ages the session's proof in the run's database instead of waiting
// 10 minutes (e2e/run.mjs passes its path as E2E_DB).

function ageProofOfIdentity(email: string, minutes: number) {
  withRunDb((db) => {
    const { changes } = db
      .prepare("UPDATE sessions SET authenticated_at = ? WHERE user_id = (SELECT id FROM users WHERE email = ?)")
      .run(Date.now() - minutes * 60_000, email);
    expect(changes).toBeGreaterThan(0);
  });
}

test("a sensitive action after 10 minutes asks for the password, then goes through; Cancel changes nothing", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { email, page } = await newMember(browser, "reauth");
  await expect(page.getByRole("heading", { name: "Inbox", exact: true, level: 1 })).toBeVisible();
  await page.goto("/profile");
  const { codes: first } = await enrolTotp(page);

  // Within 10 minutes of signing in: no prompt.
  const regenerate = page.getByRole("button", { name: "New recovery codes" });
  await regenerate.click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.locator("code").first()).not.toHaveText(first[0] ?? "");
  const second = (await list.locator("code").allTextContents()).map((c) => c.trim());
  expect(second).toHaveLength(10);
  await expect(page.getByRole("dialog", { name: "Confirm it is you" })).toBeHidden();

  // Eleven minutes later: the prompt opens; Cancel refuses and nothing changes.
  ageProofOfIdentity(email, 11);
  await regenerate.click();
  const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Your password")).toBeFocused();
  await expectAccessible(page, "re-authentication prompt");
  await screens(page, "reauth-prompt");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(regenerate).toBeFocused();
  expect((await list.locator("code").allTextContents()).map((c) => c.trim())).toEqual(second);

  // A wrong password is refused in the prompt, which stays open.
  await regenerate.click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Your password").fill("not my password at all");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByRole("alert")).toBeVisible();
  await expect(dialog).toBeVisible();

  // The right password: the prompt closes and the same action completes.
  await dialog.getByLabel("Your password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  await expect(list.locator("code").first()).not.toHaveText(second[0] ?? "");
  const third = (await list.locator("code").allTextContents()).map((c) => c.trim());
  expect(third).toHaveLength(10);
  expect(third.some((c) => second.includes(c))).toBe(false);

  // Proven again: the next sensitive action within 10 minutes asks nothing.
  await regenerate.click();
  await expect(list.locator("code").first()).not.toHaveText(third[0] ?? "");
  await expect(dialog).toBeHidden();
});
