import { expect, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

const SECURITY_MD = `# Security Policy

## Supported Versions

| Version | Supported          |
| ------- | ------------------ |
| 2025.x  | :white_check_mark: |
| 2024.x  | :x:                |

## Reporting a Vulnerability

Please email security@edge.example. We will acknowledge receipt of your report within 48 hours
and send an initial assessment within 5 business days.
`;

test("an admin imports a SECURITY.md, corrects a value, saves, and the program's reports show the new clocks", async ({
  page,
}) => {
  await signIn(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Edge Vision Model" }).click();
  await page.getByLabel("SECURITY.md text").fill(SECURITY_MD);
  await page.getByRole("button", { name: "Extract policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Found \d+ values/ })).toBeVisible();

  const ackAmount = page.getByLabel("Acknowledge within: amount");
  await expect(ackAmount).toHaveValue("48");
  await expect(page.getByLabel("Acknowledge within: unit")).toHaveValue("hours");
  // The sentence the value came from is shown beside it.
  await expect(page.getByText(/From SECURITY.md: .*within 48 hours/).first()).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Version range 1" })).toHaveValue("2025.x");
  await expect(page.getByLabel("Status of version range 2")).toHaveValue("unsupported");

  // The human corrects one value before saving.
  await ackAmount.fill("12");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: /Policy saved\. Clocks of \d+ open reports? recomputed/ }),
  ).toBeVisible();

  await page.goto("/?program=edge&tab=new");
  const rows = page.getByRole("table", { name: "Reports" }).locator("tbody tr");
  await expect(rows.first().locator(".key")).toHaveText(/^EDGE-/);
  await rows.first().getByRole("link").click();
  const ack = page.getByRole("list", { name: "SLA clocks" }).getByRole("listitem", { name: "Acknowledge" });
  await expect(ack).toContainText("12 hours");
  await expect(ack).toContainText("Asia/Tokyo");
});

test("an invalid policy value is refused with a field error", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/settings/voice");
  await page.getByLabel("Time zone").fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("alert")).toContainText("not saved");
  await expect(page.getByText("Must be an IANA time zone such as Europe/Berlin")).toBeVisible();
});
