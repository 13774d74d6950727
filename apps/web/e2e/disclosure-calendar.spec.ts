import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

const DAY = 86_400_000;

/** "YYYY-MM-DDTHH:mm" in UTC, whole hours: what the plan form sends. */
const localIn = (days: number) =>
  new Date(Math.floor((Date.now() + days * DAY) / 3_600_000) * 3_600_000).toISOString().slice(0, 16);

/** A tRPC mutation through the page's own session, as the dashboard sends it. */
async function mutate(page: Page, procedure: string, input: unknown) {
  const origin = new URL(page.url()).origin;
  const res = await page.request.post(`/api/trpc/${procedure}`, {
    headers: { "content-type": "application/json", origin },
    data: { json: input },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { result: { data: { json: unknown } } }).result.data.json;
}

test("the inbox counts down to a disclosure, filters by it, and /disclosures lists it with a calendar feed", async ({
  page,
}) => {
  // Many steps, an axe scan and three feed fetches: longer than one screen's default.
  test.setTimeout(90_000);
  await signIn(page, "triager");
  const table = page.getByRole("table", { name: "Reports" });
  const rows = table.locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  // A report of the open view gets a disclosure date 12 days ahead.
  const key = (await rows.nth(2).locator(".key").textContent())!.trim();
  const title = (await rows.nth(2).getByRole("link").textContent())!.trim();
  await mutate(page, "disclosure.setTarget", { key, targetAt: localIn(12), timeZone: "UTC" });
  await page.reload();

  // The Disclosure column counts down in days and hours.
  await expect(table.getByRole("columnheader", { name: "Disclosure" })).toBeVisible();
  const row = rows.filter({ has: page.locator(".key", { hasText: new RegExp(`^${key}$`) }) });
  await expect(row.locator("time.disc")).toHaveText(/^in 1[12] d( \d+ h)?$/);
  const before = await rows.count();

  // "Disclosing within 30 days" keeps it and drops reports without a plan.
  await page.getByRole("combobox", { name: /^Disclosure/ }).selectOption({ label: "Within 30 days" });
  await expect(page).toHaveURL(/disclosure=within_30/);
  await expect(table).toHaveAttribute("aria-busy", "false");
  await expect(row).toHaveCount(1);
  // The previous page's rows stay on screen until the filtered list arrives, so wait for it to shrink.
  await expect.poll(() => rows.count()).toBeLessThan(before);
  const after = await rows.count();
  // Every row left has a live countdown, none a dash.
  await expect(rows.locator("time.disc")).toHaveCount(after);

  // Sorting by the column puts the nearest disclosure first.
  await page.getByRole("combobox", { name: /^Disclosure/ }).selectOption({ label: "Any" });
  await table.getByRole("button", { name: "Disclosure" }).click();
  await expect(page).toHaveURL(/sort=disclosure/);
  await expect(table.getByRole("columnheader", { name: "Disclosure" })).toHaveAttribute("aria-sort", "ascending");
  await expect(rows.first().locator("time.disc")).toBeVisible();

  // /disclosures lists it, in the grid and in the list.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Disclosures" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Disclosures" })).toBeVisible();
  const list = page.getByRole("region", { name: /dates? in this period/ });
  // The report's disclosure entry (not VOICE-10's for VOICE-1, nor its fix-release entry).
  const item = list
    .getByRole("listitem")
    .filter({ hasText: new RegExp(`${key}(?!\\d)`) })
    .filter({ has: page.locator("time.disc", { hasText: /^in 1[12] d/ }) });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(title);
  await expect(item).toContainText("Disclosure");
  await expect(page.getByRole("link", { name: new RegExp(`^${key} Disclosure, severity`) })).toBeVisible();

  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  // The calendar feed: made once, shown once, fetched as iCalendar.
  const feed = page.getByRole("region", { name: "Calendar feed" });
  await feed.getByRole("button", { name: "Create feed URL" }).click();
  await expect(feed.getByText("Anyone with this URL")).toBeVisible();
  const url = await feed.getByLabel("Feed URL").inputValue();
  expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]+\.ics$/);
  const res = await page.request.get(new URL(url).pathname);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const ics = await res.text();
  expect(ics).toContain("BEGIN:VCALENDAR");
  expect(ics).toContain(`Disclosure: ${key}`);

  // A new URL retires the old one; turning it off retires that too.
  await feed.getByRole("button", { name: "Make a new URL" }).click();
  await expect(feed.getByLabel("Feed URL")).not.toHaveValue(url);
  expect((await page.request.get(new URL(url).pathname)).status()).toBe(404);
  const second = await feed.getByLabel("Feed URL").inputValue();
  await feed.getByRole("button", { name: "Turn off" }).click();
  await expect(feed.getByRole("status")).toHaveText("You have no feed URL.");
  expect((await page.request.get(new URL(second).pathname)).status()).toBe(404);
});

test("leadership sees the disclosures calendar in the navigation", async ({ page }) => {
  await signIn(page, "leadership");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Disclosures" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Disclosures" })).toBeVisible();
  await expect(page.getByRole("region", { name: /dates? in this period/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Calendar feed" })).toBeVisible();
});
