import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { signIn, USERS } from "./helpers.ts";

/** "YYYY-MM-DDT12:00" some days from now, as a datetime-local field takes it. */
const localDaysAhead = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T12:00`;
};

async function newVoiceReport(page: Page, title: string): Promise<string> {
  await page.getByRole("link", { name: "New report" }).click();
  await page
    .getByRole("group", { name: "Where it came from" })
    .getByLabel("Program")
    .selectOption({ label: "IndiVillage Voice Agent System" });
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("The transcript export includes other tenants' calls.");
  await page.getByRole("button", { name: "Create report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  return (await page.locator(".report-head .key").textContent())!.trim();
}

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/**
 * A CSAF document names the vendor, which the demo program may not have yet:
 * an admin sets it through the same API the settings page uses.
 */
async function setVendorName(browser: Browser, baseURL: string) {
  const ctx = await browser.newContext();
  const admin = await ctx.newPage();
  await signIn(admin, "admin");
  const res = await ctx.request.post(`${baseURL}/api/trpc/programs.update`, {
    headers: { origin: baseURL, "content-type": "application/json" },
    data: { json: { program: "voice", advisory: { vendorName: "IndiVillage" } } },
  });
  expect(res.ok(), await res.text()).toBe(true);
  await ctx.close();
}

test("a report goes from triage to a published advisory through its disclosure plan", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  await setVendorName(browser, baseURL!);
  await signIn(page, "triager");
  const title = `Cross-tenant transcripts ${Date.now()}`;
  const key = await newVoiceReport(page, title);
  const actions = page.getByRole("group", { name: "Report actions" });
  const card = page.getByRole("region", { name: "Disclosure" });
  const head = page.locator(".report-head");

  // A medium issue (triage needs a severity): the program's 90-day window applies, not the critical rule.
  await page.getByLabel("CVSS vector").fill("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N");
  await page.getByRole("button", { name: "Save CVSS" }).click();
  await expect(head.locator(".sev")).toContainText(/medium/i);

  // Triage proposes a date from the program's window: shown with a time, a zone and a countdown.
  await expect(card).toContainText("No disclosure date yet");
  await actions.getByRole("button", { name: "Triage" }).click();
  await expect(head.locator(".state")).toHaveText("Triaged");
  await expect(card).toContainText("Proposed, waiting for the reporter to agree");
  await expect(card).toContainText("the policy's disclosure window");
  await expect(card.locator("dd time").first()).toHaveText(/\d{4}, \d{2}:\d{2} \S+/);
  await expect(head).toContainText(/Discloses in \d+ d/);
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Disclosure date proposed:");

  // Accept it; focus lands on the card's heading, not on <body>.
  await card.getByRole("button", { name: "Accept date" }).click();
  await expect(card).toContainText("Agreed with the reporter");
  await expect(card.getByRole("heading", { name: "Disclosure" })).toBeFocused();
  await expect(card.getByRole("button", { name: "Accept date" })).toHaveCount(0);

  // A team extension with its reason: applied at once and kept in the history.
  await card.getByRole("button", { name: "Extend" }).click();
  const extend = card.getByRole("form", { name: "Extend disclosure date" });
  await extend.getByLabel("New disclosure date and time").fill(localDaysAhead(120));
  await extend.getByLabel("Time zone").selectOption("Europe/Berlin");
  await extend.getByLabel("Reason").fill("The <b>vendor</b> ships the fix with the next quarterly release");
  await extend.getByRole("button", { name: "Extend date" }).click();
  await expect(card).toContainText("Agreed, then extended");
  const history = card.getByRole("list", { name: "Requests to move the date" });
  await expect(history).toContainText("Team extension");
  // The reason is text, not markup.
  await expect(history).toContainText("The <b>vendor</b> ships the fix");
  await expect(history.locator("b")).toHaveCount(0);
  await expect(history).toContainText(USERS.triager.email);
  await expect(card.locator("dd").nth(1)).toContainText("Europe/Berlin");

  // The milestone form says what saving will do, and does it.
  const patch = page.getByRole("region", { name: "Patch timeline" });
  await patch.getByRole("button", { name: "Edit Fix released" }).click();
  const form = patch.getByRole("form", { name: "Edit Fix released" });
  await expect(form.getByRole("button", { name: "Save", exact: true })).toBeVisible();
  await form.getByRole("button", { name: "Actual: now" }).click();
  await form.getByRole("button", { name: "Save and mark fixed" }).click();
  // Reached without a version: refused beside the field.
  await expect(form.getByLabel("Fixed version")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Fixed version").fill("1.0.1");
  await form.getByRole("button", { name: "Save and mark fixed" }).click();
  await expect(head.locator(".state")).toHaveText("Fixed");
  await expect(patch.getByRole("table")).toContainText("1.0.1");
  await expect(patch.getByRole("heading", { name: "Patch timeline" })).toBeFocused();
  const track = patch.getByRole("list", { name: "Milestone track" });
  await expect(track.getByRole("listitem").filter({ hasText: "Fix released" })).toContainText("done");
  await expect(track.getByRole("listitem").filter({ hasText: "Disclosure" })).toContainText("planned");

  // The advisory: written, saved, exported as CSAF and downloaded.
  const advisory = page.getByRole("region", { name: "Advisory" });
  await advisory.getByRole("button", { name: "Write advisory" }).click();
  const editor = advisory.getByRole("form", { name: "Advisory" });
  await expect(editor.getByLabel("Title")).toHaveValue(title);
  await editor.getByLabel("Summary").fill("Any signed-in tenant could download other tenants' call transcripts.");
  await editor.getByRole("button", { name: "Add version range to product 1" }).click();
  await editor.getByLabel("Introduced").fill("1.0.0");
  await editor.getByLabel("Fixed", { exact: true }).fill("1.0.1");
  await editor.getByRole("button", { name: "Add reference" }).click();
  await editor.getByLabel("Reference 1 URL").fill("https://example.com/voice/releases/1.0.1");
  await editor.getByLabel("Reference 1 type").selectOption("FIX");
  await expectNoSeriousAxeViolations(page);
  await editor.getByRole("button", { name: "Save advisory" }).click();
  await expect(advisory.getByRole("status")).toContainText("Advisory saved.");
  await expect(advisory.getByRole("heading", { name: "Advisory" })).toBeFocused();

  await advisory.getByRole("button", { name: "CSAF 2.0" }).click();
  const preview = advisory.getByLabel("CSAF 2.0 preview");
  // The server's first CSAF export compiles the official schema and tests (seconds, more on a busy machine).
  await expect(preview).toContainText("csaf_version", { timeout: 60_000 });
  const downloading = page.waitForEvent("download");
  await advisory.getByRole("button", { name: /^Download / }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  const csaf = JSON.parse(await readFile((await download.path())!, "utf8"));
  expect(csaf.document.category).toBe("csaf_security_advisory");
  // Not disclosed yet: the document is marked for limited sharing, not TLP:WHITE.
  expect(csaf.document.distribution.tlp.label).toBe("AMBER");
  expect(JSON.stringify(csaf.product_tree)).toContain("1.0.1");

  await expectNoSeriousAxeViolations(page);

  // Publishing before the agreed date needs a reason; then the report is disclosed.
  await expect(actions.getByRole("button", { name: "Mark disclosed" })).toHaveCount(0);
  await actions.getByRole("button", { name: "Publish advisory…" }).click();
  const publish = page.getByRole("form", { name: "Publish advisory" });
  await expect(publish.getByLabel("Use the advisory written here")).toBeChecked();
  await publish.getByRole("button", { name: "Publish and disclose" }).click();
  await expect(publish.getByLabel("Reason to publish early")).toBeFocused(); // required, so the browser stops here
  await publish.getByLabel("Reason to publish early").fill("Exploited in the wild; users must upgrade now");
  await publish.getByRole("button", { name: "Publish and disclose" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Advisory published" })).toBeFocused();
  await expect(head.locator(".state")).toHaveText("Disclosed");
  await expect(head).toContainText("Disclosed");
  await expect(card).toContainText("Published");
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText(
    "Advisory published before the disclosure date — “Exploited in the wild",
  );

  // Leadership reads the plan, not the reasons, and is offered nothing to change.
  const ctx = await browser.newContext();
  const lead = await ctx.newPage();
  await signIn(lead, "leadership");
  await lead.goto(`/reports/${key}`);
  const leadCard = lead.getByRole("region", { name: "Disclosure" });
  await expect(leadCard).toContainText("Published");
  await expect(leadCard).toContainText("Team extension");
  await expect(leadCard).not.toContainText("quarterly release");
  await expect(leadCard.getByRole("button")).toHaveCount(0);
  await expect(lead.getByRole("region", { name: "Patch timeline" }).getByRole("button")).toHaveCount(0);
  const leadAdvisory = lead.getByRole("region", { name: "Advisory" });
  await expect(leadAdvisory).toContainText("Any signed-in tenant could download");
  await expect(leadAdvisory.getByRole("button")).toHaveCount(0);
  await expect(lead.getByRole("list", { name: "Timeline" })).not.toContainText("Exploited in the wild");
  await ctx.close();
});
