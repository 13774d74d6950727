import { expect, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

// An admin fills in what a program's advisory exports say about it: a bad CNA
// UUID is refused beside its field and nothing is saved; a good one is kept.
test("program advisory settings: field errors in place, then saved", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/settings/programs/echo");
  const form = page.getByRole("form", { name: "Advisories" });
  await expect(form).toBeVisible();
  // The demo program comes with its settings.
  await expect(form.getByLabel("OSV ecosystem")).toHaveValue("npm");
  const before = await form.getByLabel("CVE assigner organisation ID").inputValue();

  await form.getByLabel("CVE assigner organisation ID").fill("not-a-uuid");
  await form.getByLabel("CNA short name").fill("no spaces allowed");
  await form.getByRole("button", { name: "Save advisory settings" }).click();
  await expect(form.getByRole("alert")).toContainText("Nothing was saved");
  await expect(form.getByLabel("CVE assigner organisation ID")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("CNA short name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Vendor name")).toHaveAttribute("aria-invalid", "false");

  await page.reload();
  await expect(form.getByLabel("CVE assigner organisation ID")).toHaveValue(before);

  const uuid = "5d1f0c3a-7b2e-4e9a-9c41-0a6b8d2e7f13";
  await form.getByLabel("Vendor name").fill("Echo Support Labs GmbH");
  await form.getByLabel("CVE assigner organisation ID").fill(uuid);
  await form.getByLabel("CNA short name").fill("echo-labs");
  await form.getByLabel("OSV ecosystem").fill("PyPI");
  await form.getByRole("button", { name: "Save advisory settings" }).click();
  await expect(page.getByRole("status")).toContainText("Advisory settings saved");

  await page.reload();
  await expect(form.getByLabel("Vendor name")).toHaveValue("Echo Support Labs GmbH");
  await expect(form.getByLabel("CVE assigner organisation ID")).toHaveValue(uuid);
  await expect(form.getByLabel("OSV ecosystem")).toHaveValue("PyPI");
});
