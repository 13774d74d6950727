import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers.ts";
import { expectAccessible, screens } from "./trust-helpers.ts";

test.setTimeout(90_000);

const SHORT_FILE = "# Security\n\nWe acknowledge every report within 3 business days.\n";

/** The form's values for the promises the short file does not mention. */
async function untouchedFields(page: Page) {
  const v = async (label: string) => page.getByLabel(label, { exact: true }).inputValue();
  return {
    assess: [await v("Initial assessment within: amount"), await v("Initial assessment within: unit")],
    update: [await v("Status update every: amount"), await v("Status update every: unit")],
    critical: [await v("Critical: amount"), await v("Critical: unit")],
    disclosure: [await v("Disclose within: amount"), await v("Disclose within: unit")],
    security: await v("Security contacts (one email per line)"),
    languages: await v("Preferred languages (e.g. en, de)"),
  };
}

test("importing a file that mentions only acknowledge keeps every other promise through apply, save and reload", async ({
  page,
}) => {
  await signIn(page, "admin");
  await page.goto("/settings/policy/voice");
  const form = page.getByRole("form", { name: /^Policy of / });
  await expect(form).toBeVisible();
  const before = await untouchedFields(page);
  // The program has promises the file does not mention (the defect turned them into "no promise").
  expect(before.assess[1]).not.toBe("none");
  expect(before.critical[1]).not.toBe("none");
  expect(before.security).not.toBe("");
  const ackBefore = [
    await page.getByLabel("Acknowledge within: amount").inputValue(),
    await page.getByLabel("Acknowledge within: unit").inputValue(),
  ];

  await page.getByLabel("SECURITY.md text").fill(SHORT_FILE);
  await page.getByRole("button", { name: "Extract policy" }).click();
  const merge = page.getByRole("region", { name: "Merge the imported SECURITY.md" });
  await expect(merge).toBeVisible();
  const ackRow = merge.getByRole("row", { name: /^Acknowledge within/ });
  await expect(ackRow).toContainText("3 business days");
  await expect(ackRow).toContainText("From SECURITY.md: “We acknowledge every report within 3 business days.”");
  await expect(merge.getByLabel("Acknowledge within: choice")).toHaveValue("replace");
  await expect(merge.getByRole("status")).toHaveText("1 field will change: Acknowledge within.");
  // Only what the file speaks of is listed at first; the other fields are a click away (to clear one, say).
  await expect(merge.getByRole("row")).toHaveCount(2);
  await merge.screenshot({ path: "test-results/screens/policy-merge-collapsed-1366.png" });
  await merge.getByRole("button", { name: "Show the 15 fields the file does not mention" }).click();
  await expect(merge.getByRole("row")).toHaveCount(17);
  await expect(merge.getByRole("row", { name: /^Initial assessment within/ })).toContainText("not mentioned");
  await expect(merge.getByLabel("Initial assessment within: choice")).toHaveValue("keep");
  await expect(merge.getByLabel("Security contacts: choice")).toHaveValue("keep");
  // Taking an imported value the file does not state is not offered.
  await expect(merge.getByLabel("Disclose within: choice").locator("option[value=replace]")).toBeDisabled();

  // Nothing is in the form yet.
  await expect(page.getByLabel("Acknowledge within: amount")).toHaveValue(ackBefore[0] ?? "");

  await expectAccessible(page, "merge at 1366");
  await screens(page, "policy-merge");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, "merge at 390");
  // Stacked rows: the merge is no wider than the screen.
  const overflow = await merge.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const box = await merge.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await merge.screenshot({ path: "test-results/screens/policy-merge-region-390.png" });
  await page.setViewportSize({ width: 1366, height: 860 });

  await merge.getByRole("button", { name: "Apply to the form" }).click();
  await expect(merge).toBeHidden();
  await expect(page.getByLabel("Acknowledge within: amount")).toHaveValue("3");
  await expect(page.getByLabel("Acknowledge within: unit")).toHaveValue("business_days");
  await expect(page.getByText("From SECURITY.md: “We acknowledge every report within 3 business days.”")).toBeVisible();
  expect(await untouchedFields(page)).toEqual(before);

  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Policy saved/ })).toBeVisible();
  await page.reload();
  await expect(form).toBeVisible();
  await expect(page.getByLabel("Acknowledge within: amount")).toHaveValue("3");
  await expect(page.getByLabel("Acknowledge within: unit")).toHaveValue("business_days");
  expect(await untouchedFields(page)).toEqual(before);

  // Put the program's promise back for the specs that follow.
  await page.getByLabel("Acknowledge within: unit").selectOption(ackBefore[1] ?? "hours");
  await page.getByLabel("Acknowledge within: amount").fill(ackBefore[0] ?? "24");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Policy saved/ })).toBeVisible();
});

test("a choice clears a promise only when the admin makes it; a file nothing is understood of changes nothing", async ({
  page,
}) => {
  await signIn(page, "admin");
  await page.goto("/settings/policy/voice");
  await expect(page.getByRole("form", { name: /^Policy of / })).toBeVisible();
  const before = await untouchedFields(page);

  await page.getByLabel("SECURITY.md text").fill(SHORT_FILE);
  await page.getByRole("button", { name: "Extract policy" }).click();
  const merge = page.getByRole("region", { name: "Merge the imported SECURITY.md" });
  await merge.getByRole("button", { name: /^Show the \d+ fields/ }).click();
  await merge.getByLabel("Status update every: choice").selectOption("clear");
  await expect(merge.getByRole("row", { name: /^Status update every/ }).locator('td[data-label="Result"]')).toHaveText(
    "no promise",
  );
  await merge.getByRole("button", { name: "Apply to the form" }).click();
  await expect(page.getByLabel("Status update every: unit")).toHaveValue("none");
  await expect(page.getByLabel("Initial assessment within: unit")).toHaveValue(before.assess[1] ?? "");
  await page.getByRole("button", { name: "Discard changes" }).click();

  await page
    .getByLabel("SECURITY.md text")
    .fill("<!DOCTYPE html>\n<html><head><title>SECURITY.md · GitHub</title></head>\n<body>Sign in</body></html>\n");
  await page.getByRole("button", { name: "Extract policy" }).click();
  await expect(merge.getByRole("alert")).toContainText("web page (HTML)");
  await expect(merge.getByRole("alert")).toContainText("The policy is unchanged.");
  const lines = merge.getByRole("list", { name: "Lines not understood" });
  await expect(lines.getByRole("listitem")).toHaveCount(3);
  await expect(lines.getByRole("listitem").first()).toContainText("Line 1: <!DOCTYPE html>");
  await expect(merge.getByRole("button", { name: "Apply to the form" })).toHaveCount(0);
  await expectAccessible(page, "nothing understood");
  await screens(page, "policy-merge-junk");

  await page.getByLabel("SECURITY.md text").fill("lorem ipsum dolor\nsit amet\n");
  await page.getByRole("button", { name: "Extract policy" }).click();
  await expect(merge.getByRole("alert")).toContainText("Nothing in this file was understood.");
  await expect(lines.getByRole("listitem")).toHaveCount(2);
  await merge.getByRole("button", { name: "Close" }).click();
  await expect(merge).toBeHidden();
  expect(await untouchedFields(page)).toEqual(before);
});
