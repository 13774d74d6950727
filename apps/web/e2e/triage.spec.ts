import { expect, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

test("a triager signs in, opens a new report, acknowledges it and sees it on the timeline", async ({ page }) => {
  await signIn(page, "triager");
  const table = page.getByRole("table", { name: "Reports" });
  await expect(table.getByRole("row").nth(1)).toBeVisible();

  await page.getByRole("tab", { name: /^New/ }).click();
  await expect(page.getByRole("tab", { name: /^New/ })).toHaveAttribute("aria-selected", "true");
  await expect(table).toHaveAttribute("aria-busy", "false");
  await expect(table.locator("tbody .state").filter({ hasNotText: /^New$/ })).toHaveCount(0);
  await expect(table.locator("tbody tr").first().locator(".state")).toHaveText("New");
  const firstLink = table.getByRole("row").nth(1).getByRole("link");
  const title = (await firstLink.textContent())!;
  await firstLink.click();

  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator(".report-head .state")).toHaveText("New");
  await page.getByRole("group", { name: "Report actions" }).getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Acknowledged. Next:" })).toBeVisible();
  await expect(page.locator(".report-head .state")).toHaveText("Acknowledged");
  // Acknowledge is no longer offered; the next valid steps are.
  const actions = page.getByRole("group", { name: "Report actions" });
  await expect(actions.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await expect(actions.getByRole("button", { name: "Triage" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Acknowledge: New → Acknowledged");
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("triager@embargo.test");
});

test("keyboard: j/k move, Enter opens, / focuses search", async ({ page }) => {
  await signIn(page, "triager");
  const rows = page.getByRole("table", { name: "Reports" }).locator("tbody tr");
  await expect(rows.first()).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await expect(rows.nth(1)).toHaveAttribute("aria-selected", "true");
  const key = (await rows.nth(1).locator(".key").textContent())!;
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/reports/${key}$`));
  await page.goto("/");
  await expect(rows.first()).toBeVisible();
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: "Search reports" })).toBeFocused();
});

test("search, filters and the CVSS score shown while typing", async ({ page }) => {
  await signIn(page, "triager");
  await page.getByRole("searchbox", { name: "Search reports" }).fill("YAML");
  await page.keyboard.press("Enter");
  const rows = page.getByRole("table", { name: "Reports" }).locator("tbody tr");
  await page.getByRole("tab", { name: /^All/ }).click();
  await expect(page.getByRole("tab", { name: /^All/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("table", { name: "Reports" })).toHaveAttribute("aria-busy", "false");
  await expect(rows.first()).toContainText("YAML");
  for (const text of await rows.allTextContents()) expect(text).toContain("YAML");

  await page.getByRole("link", { name: "New report" }).click();
  const vector = page.getByLabel("CVSS vector (optional)");
  await vector.fill("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  await expect(page.locator(".cvss-out")).toContainText("9.8");
  await expect(page.locator(".cvss-out")).toContainText("Critical");
  await vector.fill("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  await expect(page.locator(".cvss-out")).toContainText("AV");
});

test("leadership can read reports but is offered no triage action", async ({ page }) => {
  await signIn(page, "leadership");
  // Their home is the leadership panel; the inbox is one link away.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox" }).click();
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "New report" })).toHaveCount(0);
  const table = page.getByRole("table", { name: "Reports" });
  await table.locator("tbody tr").first().getByRole("link").click();
  await expect(page.getByRole("note")).toContainText("Read-only view for leadership");
  await expect(page.getByRole("group", { name: "Report actions" })).toHaveCount(0);
  // (Escalations are theirs to acknowledge: "Acknowledge escalation" is not a triage action.)
  await expect(page.getByRole("button", { name: /^(Acknowledge|Triage|Reopen|Start fix|Save CVSS)$/ })).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: "Assignee" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Steps to reproduce" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Proof of concept" })).toHaveCount(0);
  // The reporter's own words can hold exploit details: leadership sees none of them.
  await expect(page.getByRole("heading", { name: "Description" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Impact" })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("a hostile report body is shown as text and runs nothing", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await signIn(page, "triager");
  await page.getByRole("link", { name: "New report" }).click();
  await page.getByLabel("Title").fill("Hostile markup in body");
  const hostile = [
    "Look: <img src=x onerror=alert(1)> and <script>alert(2)</script>",
    "",
    "![tracker](https://attacker.example/pixel.png)",
    "",
    "[click](javascript:alert(3))",
  ].join("\n");
  await page.getByLabel("Description").fill(hostile);
  const remote: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("http://127.0.0.1")) remote.push(r.url());
  });
  await page.getByRole("button", { name: "Create report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hostile markup in body" })).toBeVisible();
  const content = page.getByRole("region", { name: "Report content" });
  await expect(content).toContainText("Look:");
  // The payload is evidence: shown as literal text, not dropped and not run.
  await expect(content).toContainText("<img src=x onerror=alert(1)>");
  await expect(content).toContainText("<script>alert(2)</script>");
  await expect(content.locator("script")).toHaveCount(0);
  await expect(content.locator("img")).toHaveCount(0);
  await expect(content.locator("[onerror]")).toHaveCount(0);
  await expect(content).toContainText("[image not loaded: tracker]");
  const jsLinks = await content.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  for (const href of jsLinks) expect(href.toLowerCase()).not.toContain("javascript:");
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
  expect(remote).toEqual([]);
});

test("a triager of another program cannot open a report outside it", async ({ page }) => {
  await signIn(page, "sense");
  const rows = page.getByRole("table", { name: "Reports" }).locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  for (const key of await rows.locator(".key").allTextContents()) expect(key).toMatch(/^SENSE-/);
  await page.goto("/reports/VOICE-1");
  await expect(page.getByRole("alert")).toContainText("Report VOICE-1 not found");
});
