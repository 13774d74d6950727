import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

// The e2e server runs without EMBARGO_SMTP_URL: every email waits in the outbox.
const BANNER = /No SMTP server is configured: (\d+) emails? (?:is|are) waiting in the outbox\./;

async function waitingCount(page: Page): Promise<number> {
  const banner = page.getByText(BANNER);
  await expect(banner).toBeVisible();
  return Number(BANNER.exec((await banner.textContent()) ?? "")?.[1]);
}

test("without SMTP, an admin sees how many emails wait and a message to the reporter says it waits too", async ({
  page,
}) => {
  await signIn(page, "admin");
  const before = await waitingCount(page);

  // VOICE-1's reporter has an email address: the message queues one email.
  await page.goto("/reports/VOICE-1");
  await page.getByRole("radio", { name: "Message to reporter" }).check();
  await page
    .getByRole("textbox", { name: "Message to reporter" })
    .fill("Could you tell us which firmware build you tested?");
  await page.getByRole("button", { name: "Send to reporter" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Message to the reporter saved. No SMTP server is configured" }),
  ).toContainText("the email waits in the outbox");
  await expect.poll(() => waitingCount(page)).toBe(before + 1);

  await page.getByRole("link", { name: "Open the outbox" }).click();
  await expect(page.getByRole("heading", { name: "Outbox", level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "Outbox" }).locator("tbody tr").first()).toContainText("report.message");
});

test("a triager is not shown the outbox banner", async ({ page }) => {
  await signIn(page, "triager");
  await expect(page.getByRole("table", { name: "Reports" }).getByRole("row").nth(1)).toBeVisible();
  await expect(page.getByText(/No SMTP server is configured/)).toHaveCount(0);
});
