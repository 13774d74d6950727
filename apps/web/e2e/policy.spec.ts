import { expect, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

const SECURITY_MD = `# Security Policy

## Supported Versions

| Version | Supported          |
| ------- | ------------------ |
| 1.0.x   | :white_check_mark: |
| < 1.0   | :x:                |

## Reporting a Vulnerability

Please email security@serenesense.example. We will acknowledge receipt of your report within 48 hours
and send an initial assessment within 5 business days.

## Escalation

If you do not hear back within 5 business days, escalate to cto@serenesense.example.

## Response targets

| Severity | Days |
| -------- | ---- |
| Critical | 2    |
| Low      | 10   |
`;

test("an admin imports a SECURITY.md, corrects a value, saves, and the program's reports show the new clocks", async ({
  page,
}) => {
  await signIn(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "SereneSense" }).click();
  // Settings opens on the first program (Echo); wait for SereneSense's editor before typing into it.
  await expect(page.getByRole("form", { name: "Policy of SereneSense" })).toBeVisible();
  await page.getByLabel("SECURITY.md text").fill(SECURITY_MD);
  await page.getByRole("button", { name: "Extract policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Found \d+ values/ })).toBeVisible();
  // The file's values are offered field by field; a table whose role and unit are both guessed offers none.
  const merge = page.getByRole("region", { name: "Merge the imported SECURITY.md" });
  await expect(merge.getByLabel("Acknowledge within: choice")).toHaveValue("replace");
  await expect(merge.getByLabel("Emergency response (critical): choice")).toHaveValue("keep");
  await expect(merge.getByRole("row", { name: /^Emergency response/ })).toContainText("Possibly relevant");
  await merge.getByRole("button", { name: "Apply to the form" }).click();

  const ackAmount = page.getByLabel("Acknowledge within: amount");
  await expect(ackAmount).toHaveValue("48");
  await expect(page.getByLabel("Acknowledge within: unit")).toHaveValue("hours");
  // The sentence the value came from is shown beside it.
  await expect(page.getByText(/From SECURITY.md: .*within 48 hours/).first()).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Version range 1" })).toHaveValue("1.0.x");
  // Only the report address becomes a security contact; the escalation address is shown, not applied.
  await expect(page.getByLabel("Security contacts (one email per line)")).toHaveValue("security@serenesense.example");
  await expect(page.getByRole("definition").filter({ hasText: "cto@serenesense.example" })).toBeVisible();
  // A table whose role and unit are both guessed fills nothing: its rows are listed for the admin instead.
  await expect(page.getByRole("list", { name: "Possibly relevant" })).toContainText("| Critical | 2    |");
  await expect(page.getByRole("list", { name: "Possibly relevant" })).toContainText("Emergency response (critical)");
  await expect(page.getByLabel("Status of version range 2")).toHaveValue("unsupported");

  // The human corrects one value before saving.
  await ackAmount.fill("12");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: /Policy saved\. Clocks of \d+ open reports? recomputed/ }),
  ).toBeVisible();

  // The promises the form has no fields for (advisories, credit, immediate patch) are kept.
  const preview = page.getByRole("document", { name: "SECURITY.md preview" });
  await expect(preview).toContainText("We acknowledge reports within 12 hours.");
  await expect(preview).toContainText("Critical vulnerabilities get an immediate patch release.");
  await expect(preview).toContainText("We publish security advisories on GitHub Security Advisories.");
  await expect(preview).toContainText("We credit reporters in the advisory, unless they prefer to stay anonymous.");

  await page.goto("/?program=serenesense&tab=new");
  const rows = page.getByRole("table", { name: "Reports" }).locator("tbody tr");
  await expect(rows.first().locator(".key")).toHaveText(/^SENSE-/);
  await rows.first().getByRole("link").click();
  const ack = page.getByRole("list", { name: "SLA clocks" }).getByRole("listitem", { name: "Acknowledge" });
  await expect(ack).toContainText("12 hours");
  await expect(ack).toContainText("Europe/Berlin");
});

test("an invalid policy value is refused with a field error", async ({ page }) => {
  await signIn(page, "admin");
  // The older address still leads to the policy, now under /settings/policy/ (no slug can clash with a settings screen).
  await page.goto("/settings/voice");
  await expect(page).toHaveURL(/\/settings\/policy\/voice$/);
  await page.getByLabel("Time zone").fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("alert")).toContainText("not saved");
  await expect(page.getByText("Must be an IANA time zone such as Europe/Berlin")).toBeVisible();

  // A version range with no letter or digit names no version: the row is marked and named.
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByRole("textbox", { name: "Version range 1" }).fill("-");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(
    page.getByText("Version range 1: Name the version range with at least one letter or digit"),
  ).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Version range 1" })).toHaveAttribute("aria-invalid", "true");
});
