import { mkdirSync, readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

const SHOTS = "/tmp/shots";

async function noSeriousAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const table = (page: Page) => page.getByRole("table", { name: "Audit log" });
/** The entries shown are those of the URL's filters (the previous ones stay while the next load). */
const settled = (page: Page) =>
  expect(page.getByRole("region", { name: "Entries", exact: true })).toHaveAttribute("aria-busy", "false");
/** The action column (4th) of every entry shown. */
const actionCells = (page: Page) => table(page).locator("tbody tr td:nth-child(4)");

test("an administrator of all programs filters the log, opens a report, downloads the CSV and verifies the chain", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit", exact: true }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle("Audit · Embargo");
  await expect(table(page).locator("tbody tr").first()).toBeVisible();
  // The last verification is on top from the start (serve verified at start).
  const chain = page.getByRole("region", { name: "Chain verification" });
  await expect(chain).toContainText(/Intact: [\d,]+ entries/);
  await expect(chain).toContainText("at server start");

  // Newest first.
  const ids = (await table(page).locator("tbody tr td:first-child").allTextContents()).map(Number);
  expect(ids.length).toBeGreaterThan(1);
  expect([...ids].sort((a, b) => b - a)).toEqual(ids);

  // A prefix: every report action.
  const filters = page.getByRole("form", { name: "Filter the audit log" });
  await filters.getByRole("combobox", { name: "Action" }).fill("report.");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]action=report\.(&|$)/);
  await settled(page);
  await expect(actionCells(page).first()).toBeVisible();
  // The previous entries stay on screen until the filtered page arrives: wait for it.
  await expect
    .poll(async () => (await actionCells(page).allTextContents()).every((a) => /^report\./.test(a)))
    .toBe(true);

  // One exact action, then the page reloaded: the filter survives.
  const action = (await actionCells(page).first().textContent())?.trim() ?? "";
  await filters.getByRole("combobox", { name: "Action" }).fill(action);
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]action=${action.replace(".", "\\.")}(&|$)`));
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Action" })).toHaveValue(action);
  await settled(page);
  await expect(actionCells(page).first()).toBeVisible();
  for (const a of await actionCells(page).allTextContents()) expect(a).toBe(action);
  const shownIds = (await table(page).locator("tbody tr td:first-child").allTextContents()).map(Number);

  // The CSV of the same filter: the chain columns, and the same entries.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^embargo-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path()) ?? "", "utf8");
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe("id,at,actor,action,entity_type,entity_id,program,data,prev_hash,hash");
  const csvIds = lines.slice(1).map((l) => Number(l.split(",")[0]));
  expect(csvIds.slice(0, shownIds.length)).toEqual(shownIds);
  for (const l of lines.slice(1)) expect(l.split(",")[3]).toBe(action);
  expect(lines[1]).toMatch(/,[0-9a-f]{64},[0-9a-f]{64}$/);
  await expect(page.getByText(/entries downloaded/)).toBeVisible();

  // An invalid action from a shared link: the server's field error beside the field.
  await page.goto("/audit?action=Report!");
  await expect(page.locator(".audit-field.has-error")).toContainText("Use an action name such as report.acknowledge");
  await expect(page.getByRole("combobox", { name: "Action" })).toHaveAttribute("aria-invalid", "true");

  // Verify the chain.
  await page.goto("/audit");
  await page.getByRole("button", { name: "Verify the chain" }).click();
  await expect(chain).toContainText("from this page");
  await expect(chain).toContainText(/Intact: [\d,]+ entries, checked/);
  await expect(chain.getByRole("alert")).toHaveCount(0);

  // A report's key opens the report.
  await page.getByRole("combobox", { name: "Action" }).fill("report.");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=report\./);
  await settled(page);
  const link = table(page).locator("td.entity a").first();
  const key = (await link.textContent())?.trim() ?? "";
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/reports/${key}$`));
  await expect(page.getByText(key).first()).toBeVisible();
});

test("older entries page back through the log", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/audit");
  await expect(table(page).locator("tbody tr").first()).toBeVisible();
  const firstPage = (await table(page).locator("tbody tr td:first-child").allTextContents()).map(Number);
  const older = page
    .getByRole("navigation", { name: "Audit log pages" })
    .getByRole("button", { name: "Older entries" });
  if ((await older.count()) === 0) return; // A small log fits one page.
  await older.click();
  await expect(page).toHaveURL(/before=\d+/);
  await settled(page);
  await expect(table(page).locator("tbody tr td:first-child").first()).not.toHaveText(String(firstPage[0]));
  const next = (await table(page).locator("tbody tr td:first-child").allTextContents()).map(Number);
  expect(Math.max(...next)).toBeLessThan(Math.min(...firstPage));
});

test("a triager has no Audit entry and /audit says it is not allowed", async ({ page }) => {
  await signIn(page, "triager");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" })).toHaveCount(0);
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();
  await expect(page.getByText("Not allowed")).toBeVisible();
  await expect(page.getByText(/program administrators only/)).toBeVisible();
});

test("the page has no serious accessibility problems at 1366 and 390 px, and no sideways scrolling on a phone", async ({
  page,
}) => {
  // axe walks every cell of 50 entries twice, on a shared machine.
  test.setTimeout(240_000);
  mkdirSync(SHOTS, { recursive: true });
  await signIn(page, "admin");
  await page.goto("/audit");
  await expect(table(page).locator("tbody tr").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Chain verification" })).toContainText("Intact");
  // One entry's data and hash opened, as someone checking it would.
  await table(page).locator("td.hash summary").first().click();
  await page.screenshot({ path: `${SHOTS}/audit-1366.png` });
  await noSeriousAxeViolations(page);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(table(page).locator("tbody tr").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/audit-390.png` });
  await page.screenshot({ path: `${SHOTS}/audit-390-full.png`, fullPage: true });
  const overflow = await page.evaluate(() => {
    const main = document.querySelector("main")!;
    return { page: document.documentElement.scrollWidth, main: main.scrollWidth, width: main.clientWidth };
  });
  expect(overflow.page).toBeLessThanOrEqual(390);
  expect(overflow.main).toBeLessThanOrEqual(overflow.width);
  await expect(page.getByRole("region", { name: /Audit entries/ })).toBeVisible();
  await noSeriousAxeViolations(page);
});
