import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers.ts";
import { expectAccessible, screens } from "./trust-helpers.ts";

// Issue 14: deadlines that say which promise, the most urgent first, a phone
// layout without sideways scrolling, a search that jumps to a key, and a paged
// outbox.

const PROMISE =
  /^(Ack|Assess|Update|Resolve|Emergency) · (breached (just now|\d+ (min|h|d) ago)|(< 1 min|\d+ (min|h|d)) left)$/;
/** "12 Sept 2026, 14:00 Asia/Kolkata": the instant as exactTime writes it, with an IANA zone. */
const EXACT = /\d{1,2} \w{3,4} \d{4}, \d{2}:\d{2} (UTC|[A-Za-z_]+\/[A-Za-z_]+)/;

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });

test("the inbox names each deadline's promise, most urgent first, with the exact instant on focus", async ({
  page,
}) => {
  await signIn(page, "triager");
  const table = page.getByRole("table", { name: "Reports" });
  const rows = table.locator("tbody tr");
  await expect(rows.first()).toBeVisible();

  // The sort menu says what the default order is.
  const sort = page.getByRole("combobox", { name: "Sort" });
  await expect(sort).toHaveValue("urgent");
  await expect(sort.locator("option:checked")).toHaveText("Most urgent");
  await expect(sort).toHaveAccessibleDescription(
    "Most urgent: breached first, then critical to low, then the nearest deadline.",
  );

  // Every running clock names its promise; breached ones come first, the most severe first among them.
  const badges = table.locator("tbody .deadline > .sla");
  // (A report waiting on its reporter has its clocks paused: no deadline, listed after the running ones.)
  const all = await badges.allTextContents();
  const labels = all.filter((l) => l !== "Paused");
  expect(all.slice(0, labels.length)).toEqual(labels);
  expect(labels.length).toBeGreaterThan(10);
  for (const label of labels) expect(label).toMatch(PROMISE);
  const breached = labels.map((l) => l.includes("breached"));
  expect(breached[0]).toBe(true);
  expect(breached.indexOf(false) === -1 || !breached.slice(breached.indexOf(false)).includes(true)).toBe(true);
  const SEVERITY_ORDER = ["Critical", "High", "Medium", "Low", "None", "Unrated"];
  const ranks: number[] = [];
  for (let i = 0; i < breached.filter(Boolean).length; i++) {
    const sev = (await rows.nth(i).locator(".sev").textContent())!.replace(/[\d.]+$/, "");
    ranks.push(SEVERITY_ORDER.indexOf(sev));
  }
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

  // The program is its short label, its full name for screen readers and on hover.
  const program = rows.first().locator("td.program");
  await expect(program.locator(".program-tag")).toHaveText(/^(VOICE|ECHO)$/);
  await expect(program).toContainText(/IndiVillage Voice Agent System|Echo/);

  // Keyboard: from the first title, Tab reaches its deadline, which shows and describes the exact instant.
  await rows.first().getByRole("link").focus();
  await page.keyboard.press("Tab");
  const first = badges.first();
  await expect(first).toBeFocused();
  const tip = rows.first().getByRole("tooltip");
  await expect(tip).toBeVisible();
  await expect(tip).toContainText(EXACT);
  await expect(tip).toContainText("(the program's time zone)");
  await expect(first).toHaveAccessibleDescription(
    /^(Acknowledge|Initial assessment|Status update|Resolution|Emergency response) (breached|due)/,
  );
  await expect(first).toHaveAccessibleDescription(EXACT);
  // Escape hides the details without moving focus; a hover on another row shows its own.
  await page.keyboard.press("Escape");
  await expect(tip).toBeHidden();
  await expect(first).toBeFocused();
  await first.blur();
  await badges.nth(1).hover();
  await expect(rows.nth(1).getByRole("tooltip")).toBeVisible();

  await expectAccessible(page, "inbox at 1366 px");
  await screens(page, "inbox-urgent");
});

test("below 900 px the inbox is cards, nothing scrolls sideways at 390 px, and a card opens its report", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "triager");
  const cards = page.getByRole("list", { name: "Reports" });
  await expect(cards.getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Reports" })).toHaveCount(0);
  const { scrollWidth, clientWidth } = await noSidewaysScroll(page);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);

  const card = cards.getByRole("listitem").first();
  await expect(card.locator(".key")).toHaveText(/^(VOICE|ECHO)-\d+$/);
  await expect(card.locator(".sev")).toBeVisible();
  await expect(card.locator(".state")).toBeVisible();
  await expect(card.locator(".deadline > .sla")).toHaveText(PROMISE);
  // Its details on focus stay inside the screen.
  await card.locator(".deadline > .sla").focus();
  await expect(card.getByRole("tooltip")).toBeVisible();
  expect((await noSidewaysScroll(page)).scrollWidth).toBeLessThanOrEqual(clientWidth);
  await expectAccessible(page, "inbox at 390 px");

  // Between the breakpoints too (a small laptop window): cards, no sideways scroll.
  await page.setViewportSize({ width: 760, height: 844 });
  await expect(cards).toBeVisible();
  const mid = await noSidewaysScroll(page);
  expect(mid.scrollWidth).toBeLessThanOrEqual(mid.clientWidth);
  await page.setViewportSize({ width: 390, height: 844 });

  const key = (await card.locator(".key").textContent())!;
  const title = (await card.getByRole("link").textContent())!;
  // A tap away from the title (on the card's corner) opens it too.
  const box = (await card.boundingBox())!;
  await page.mouse.click(box.x + box.width - 8, box.y + box.height - 8);
  await expect(page).toHaveURL(new RegExp(`/reports/${key}$`));
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
});

test("a report key typed in the search opens the report the user may see; anything else filters", async ({ page }) => {
  await signIn(page, "triager");
  const search = page.getByRole("searchbox", { name: "Search reports" });
  await search.fill("voice-16");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/reports\/VOICE-16$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  // Words still search the inbox.
  await search.fill("YAML");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/\?q=YAML$/);
  await expect(page.getByText("matching “YAML”")).toBeVisible();
});

test("a key in a program the user is not a member of only filters (the server decides)", async ({ page }) => {
  await signIn(page, "sense");
  const search = page.getByRole("searchbox", { name: "Search reports" });
  await search.fill("voice-16");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/\?q=voice-16$/);
  await expect(page.getByText("No reports match")).toBeVisible();
});

test("the outbox is paged on the server and filtered by status, kind and recipient", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/outbox");
  const table = page.getByRole("table", { name: "Outbox" });
  const rows = table.locator("tbody tr");
  const pages = page.getByRole("navigation", { name: "Outbox pages" });
  await expect(pages).toContainText(/^1–50 of (\d+) · page 1 of \d+/);
  const total = Number(/of (\d+)/.exec((await pages.textContent()) ?? "")?.[1]);
  expect(total).toBeGreaterThan(50);
  await expect(rows).toHaveCount(50);
  const firstPage = await rows.allTextContents();

  await pages.getByRole("button", { name: "Next page" }).click();
  await expect(pages).toContainText(`51–${Math.min(100, total)} of ${total}`);
  await expect(table).toHaveAttribute("aria-busy", "false");
  const secondPage = await rows.allTextContents();
  expect(secondPage.some((r) => firstPage.includes(r))).toBe(false);
  await expect(page).toHaveURL(/page=2/);

  // A filter starts again at page 1 and counts its matches.
  const status = (await rows.first().locator("td:nth-child(5) .sla").textContent())!;
  await page.getByRole("combobox", { name: "Status" }).selectOption({ label: status });
  await expect(page).not.toHaveURL(/page=2/);
  await expect(table).toHaveAttribute("aria-busy", "false");
  await expect(rows.first()).toBeVisible();
  for (const s of await rows.locator("td:nth-child(5) .sla").allTextContents()) expect(s).toBe(status);
  await page.getByRole("combobox", { name: "Kind" }).selectOption({ label: "Email" });
  await expect(table).toHaveAttribute("aria-busy", "false");
  await expect(rows.first()).toBeVisible();
  for (const kind of await rows.locator("td:nth-child(2)").allTextContents()) expect(kind).toBe("Email");

  const to = (await rows.first().locator("td:nth-child(4)").textContent())!;
  const part = to.slice(0, Math.min(6, to.indexOf("@") > 0 ? to.indexOf("@") : 6)).toUpperCase();
  await page.getByRole("searchbox", { name: "Recipient contains" }).fill(part);
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`to=${encodeURIComponent(part)}`));
  await expect(table).toHaveAttribute("aria-busy", "false");
  for (const target of await rows.locator("td:nth-child(4)").allTextContents()) {
    expect(target.toUpperCase()).toContain(part);
  }
  await expect(pages).toContainText(/of \d+/);

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(pages).toContainText(`1–50 of ${total}`);
  await expectAccessible(page, "outbox");
  await screens(page, "outbox");
  // On a phone the table scrolls inside its own region, never the page.
  await page.setViewportSize({ width: 390, height: 844 });
  const narrow = await noSidewaysScroll(page);
  expect(narrow.scrollWidth).toBeLessThanOrEqual(narrow.clientWidth);
  await expect(page.getByRole("region", { name: "Deliveries" })).toBeVisible();
});
