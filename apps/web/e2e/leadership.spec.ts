import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

async function noSeriousAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** The width A4 leaves inside the panel's 12 mm margins (Letter leaves more), in CSS pixels. */
const A4_PRINTABLE_PX = ((210 - 2 * 12) / 25.4) * 96;

/** Pages of a PDF: its page objects (`/Type /Page`), not the page tree (`/Type /Pages`). */
const pdfPages = (pdf: Buffer) => pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;

/** The quarter before the current one (UTC), as the period picker chooses it. */
function previousQuarter(now = new Date()): string {
  const q = Math.floor(now.getUTCMonth() / 3) + 1;
  return q === 1 ? `${now.getUTCFullYear() - 1}-Q4` : `${now.getUTCFullYear()}-Q${q - 1}`;
}

test("leadership lands on the panel, acknowledges an escalation, changes the period and opens a figure", async ({
  page,
}) => {
  await signIn(page, "leadership");
  await expect(page).toHaveURL(/\/leadership$/);
  await expect(page.getByRole("heading", { level: 1, name: "Leadership", exact: true })).toBeVisible();
  // The sections, in the order a leader acts on them (the "now" lists arrive with the panel's
  // own query, after the page heading, so wait for the first of them before reading the order).
  await expect(page.getByRole("heading", { level: 2, name: /^Open escalations/ })).toBeVisible();
  const headings = await page.getByRole("heading", { level: 2 }).allTextContents();
  expect(headings.map((h) => h.replace(/\s*\d+$/, ""))).toEqual([
    "Open escalations",
    "Open critical reports",
    "Clocks breached and at risk",
    "Disclosures due in the next 30 days",
    "Key figures: Last 90 days",
    "Trends: last 12 months",
  ]);

  // An open escalation, acknowledged with a note.
  const escalations = page.getByRole("region", { name: /^Open escalations/ });
  const item = escalations
    .getByRole("listitem")
    .filter({ has: page.getByRole("button", { name: "Acknowledge" }) })
    .first();
  const key = (await item.locator(".esc-key").textContent())!.trim();
  const reason = (await item.locator(".esc-reason").textContent())!.trim();
  const named = escalations.getByRole("listitem", { name: `${key} ${reason}`, exact: true });
  await named.getByRole("button", { name: "Acknowledge" }).click();
  const note = page.getByLabel("Note (optional)");
  await expect(note).toBeFocused();
  // Escape puts the prompt away and the focus back where it was.
  await page.keyboard.press("Escape");
  await expect(note).toHaveCount(0);
  await expect(named.getByRole("button", { name: "Acknowledge" })).toBeFocused();
  await named.getByRole("button", { name: "Acknowledge" }).click();
  await page.getByLabel("Note (optional)").fill("The fix team is on it; release planned Thursday.");
  await page
    .getByRole("form", { name: "Acknowledge this escalation" })
    .getByRole("button", { name: "Acknowledge" })
    .click();
  await expect(named).toContainText("Acknowledged by Lea Leadership");
  await expect(named).toContainText("The fix team is on it; release planned Thursday.");
  await expect(named.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await expect(named.getByRole("button", { name: "Resolve" })).toBeVisible();

  // Last 90 days → the last whole quarter: the key figures say which.
  const kpiHeading = page.getByRole("heading", { level: 2, name: /^Key figures:/ });
  await expect(kpiHeading).toHaveText("Key figures: Last 90 days");
  await page.getByLabel("Period").selectOption("quarter");
  const quarter = previousQuarter();
  await expect(kpiHeading).toHaveText(`Key figures: ${quarter}`);
  await expect(page).toHaveURL(new RegExp(`period=quarter&quarter=${quarter}`));
  await expect(page.getByLabel("Quarter")).toHaveValue(quarter);

  // The reports behind a figure: every open report, by age.
  const backlog = page.getByRole("region", { name: "Open reports by age" });
  const total = backlog.getByRole("row", { name: /^All/ }).getByRole("link").last();
  const count = Number(await total.textContent());
  expect(count).toBeGreaterThan(0);
  await total.click();
  await expect(page).toHaveURL(/\/leadership\/reports\?metric=backlog/);
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Reports");
  const rows = page.getByRole("table", { name: "Reports", exact: true }).locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBe(Math.min(count, 50));
  await expect(page.getByRole("navigation", { name: "Pages" })).toContainText(`of ${count}`);
  // A row leads to its report.
  const rowKey = (await rows.first().getByRole("link").textContent())!.trim();
  await rows.first().getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/reports/${rowKey}$`));
});

test("choosing programs narrows the panel and stays in the address", async ({ page }) => {
  await signIn(page, "leadership");
  await page.locator(".program-picker summary").click();
  // The box follows the address, which changes a moment after the click: click, then expect.
  await page.getByRole("checkbox", { name: "Echo", exact: true }).click();
  await expect(page).toHaveURL(/programs=echo/);
  await expect(page.getByRole("checkbox", { name: "Echo", exact: true })).toBeChecked();
  await expect(page.locator(".lead-scope")).toHaveText("Echo");
  // Every escalation left is Echo's.
  // (polled: the list from before the click may still be on screen for a moment)
  const keys = page.getByRole("region", { name: /^Open escalations/ }).locator(".esc-key");
  await expect.poll(async () => (await keys.allTextContents()).every((k) => k.startsWith("ECHO-"))).toBe(true);
  await page.reload();
  await expect(page.locator(".program-picker summary")).toContainText("Echo");
  await page.locator(".program-picker summary").click();
  await expect(page.getByRole("checkbox", { name: "Echo", exact: true })).toBeChecked();
  await page.getByRole("button", { name: "All programs" }).click();
  await expect(page).toHaveURL(/\/leadership$/);
});

test("the panel and the list behind a figure have no serious accessibility problems", async ({ page }) => {
  // axe walks every node of a long page (19 escalations in the demo): it needs more than the default 30 s.
  test.setTimeout(90_000);
  await signIn(page, "leadership");
  await expect(
    page.getByRole("figure", { name: "Median time to acknowledge" }).locator("canvas").first(),
  ).toBeVisible();
  await noSeriousAxeViolations(page);
  // Every chart has a name and a text alternative.
  for (const name of [
    "Reports received and closed per month",
    "Median time to acknowledge",
    "Median time to fix critical reports",
    "SLA compliance",
  ]) {
    const figure = page.getByRole("figure", { name });
    await expect(figure).toBeVisible();
    await expect(figure.getByRole("table")).toHaveCount(1);
  }
  await page.getByRole("link", { name: /reports? received$/ }).click();
  await expect(page.getByRole("table", { name: "Reports", exact: true })).toBeVisible();
  await noSeriousAxeViolations(page);
});

test("on a phone nothing on the panel scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "leadership");
  await expect(page.getByRole("figure", { name: "SLA compliance" }).locator("canvas").first()).toBeVisible();
  const overflow = await page.evaluate(() => {
    const main = document.querySelector("main")!;
    return { page: document.documentElement.scrollWidth, main: main.scrollWidth, width: main.clientWidth };
  });
  expect(overflow.page).toBeLessThanOrEqual(390);
  expect(overflow.main).toBeLessThanOrEqual(overflow.width);
});

test("the panel prints on A4 and Letter without the navigation, with its header and charts", async ({ page }) => {
  await signIn(page, "leadership");
  const charts = page.locator("figure.trend canvas");
  await expect(charts).toHaveCount(4);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByText("Embargo · Leadership panel")).toBeVisible();
  await expect(page.locator(".print-head")).toContainText("Last 90 days");
  await expect(page.locator(".print-head")).toContainText("All programs");
  for (const chart of await charts.all()) {
    await expect(chart).toBeVisible();
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeGreaterThan(100);
    expect(box.width).toBeLessThanOrEqual(A4_PRINTABLE_PX);
  }
  const main = (await page.locator(".lead").boundingBox())!;
  expect(main.width).toBeLessThanOrEqual(A4_PRINTABLE_PX + 1);

  for (const format of ["A4", "Letter"] as const) {
    const pdf = await page.pdf({ format, printBackground: true });
    expect(pdf.length).toBeGreaterThan(10_000);
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThanOrEqual(6);
  }
});

test("the KPI table downloads as CSV", async ({ page }) => {
  await signIn(page, "leadership");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
});

test("a triager escalates a report to leadership and resolves it with a note", async ({ page }) => {
  await signIn(page, "triager");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Leadership" })).toBeVisible();
  await page.goto("/reports/ECHO-3");
  const card = page.getByRole("region", { name: "Escalations" });
  await card.getByRole("button", { name: "Escalate to leadership…" }).click();
  const form = page.getByRole("form", { name: "Escalate to leadership" });
  await expect(form.getByRole("radio", { name: /Attention/ })).toBeFocused();
  await form.getByRole("radio", { name: /Page/ }).check();
  const reason = `Customer demo on Friday depends on this (${Date.now()})`;
  await form.getByLabel("Reason").fill(reason);
  await form.getByRole("button", { name: "Escalate" }).click();
  const item = card.getByRole("listitem", { name: reason });
  await expect(item).toContainText("Page");
  await expect(item).toContainText("by Tom Triager");
  await noSeriousAxeViolations(page);

  await item.getByRole("button", { name: "Resolve escalation" }).click();
  const why = page.getByLabel("Why is it resolved?");
  await expect(why).toBeFocused();
  await why.fill("Handled with the customer directly.");
  await page.getByRole("form", { name: "Resolve this escalation" }).getByRole("button", { name: "Resolve" }).click();
  await expect(item).toHaveCount(0);
  // The focus was in the item that left: it waits on the card's heading.
  await expect(card.getByRole("heading", { name: "Escalations" })).toBeFocused();
  // Resolved ones stay on the report, folded, with the note.
  await card.getByText("Resolved (").click();
  await expect(card).toContainText("Handled with the customer directly.");
});

test("leadership turns the weekly digest on in the profile", async ({ page }) => {
  await signIn(page, "leadership");
  await page.goto("/profile");
  const card = page.getByRole("region", { name: "Weekly digest" });
  await expect(card).toContainText("In your time zone");
  await card.getByLabel("Send it on").selectOption({ label: "Monday" });
  await card.getByLabel("At", { exact: true }).selectOption({ label: "07:00" });
  await card.getByRole("button", { name: "Save digest setting" }).click();
  await expect(card.getByRole("status")).toContainText("Mondays at 07:00");
  await page.reload();
  await expect(card.getByLabel("Send it on")).toHaveValue("1");
  await expect(card.getByLabel("At", { exact: true })).toHaveValue("7");
});
