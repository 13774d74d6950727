import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

async function noSeriousAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** A report through the public form, as an outside researcher (each one makes a new record). */
async function publicReport(page: Page, who: { name: string; email: string }, title: string) {
  await page.goto("/report/voice");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Affected version").fill("1.0.2");
  await page.getByLabel("Description", { exact: true }).fill("The endpoint trusts a header it should not.");
  await page.getByLabel("Steps to reproduce").fill("1. Send the header\n2. Read the answer");
  await page.getByLabel("Impact", { exact: true }).fill("Reads another tenant's data.");
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Email (for the receipt and updates)").fill(who.email);
  await page.getByRole("button", { name: "Send report" }).click();
  const heading = page.getByRole("heading", { name: /^Report received: VOICE-\d+$/ });
  await expect(heading).toBeVisible();
  return (await heading.textContent())!.replace("Report received: ", "");
}

test("the directory lists the demo researchers and a triager sees a track record beside a report", async ({ page }) => {
  await signIn(page, "triager");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Researchers" }).click();
  await expect(page.getByRole("heading", { name: "Researchers", level: 1 })).toBeVisible();
  await page.getByLabel("Search researchers").fill("amara");
  await page.getByRole("button", { name: "Search" }).click();
  // The demo makes one record per report (as the public form does), so she has several rows.
  const row = page.getByRole("row", { name: /Amara Okafor/ }).first();
  await expect(row).toContainText("amara@researcher.example");
  await noSeriousAxeViolations(page);

  await row.getByRole("link", { name: "Amara Okafor" }).click();
  await expect(page.getByRole("heading", { name: "Amara Okafor", level: 1 })).toBeVisible();
  const track = page.getByRole("region", { name: "Track record" });
  await expect(track.getByText("Reports", { exact: true })).toBeVisible();
  // A triager merges or erases nothing.
  await expect(page.getByRole("region", { name: "Merge another record into this one" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Export data" })).toHaveCount(0);
  await noSeriousAxeViolations(page);

  // Their first report, and the compact card on it that leads back here.
  const reports = page.getByRole("region", { name: "Reports" });
  const firstKey = (await reports.locator("td.key").first().textContent())!.trim();
  await reports
    .getByRole("row", { name: new RegExp(firstKey) })
    .getByRole("link")
    .click();
  const card = page.getByRole("region", { name: "Track record" });
  await expect(card).toContainText(/\d+ reports?/);
  await card.getByRole("link", { name: /Amara Okafor: researcher page/ }).click();
  await expect(page.getByRole("heading", { name: "Amara Okafor", level: 1 })).toBeVisible();
});

test("leadership has no Researchers entry and no track record card", async ({ page }) => {
  await signIn(page, "leadership");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Researchers" })).toHaveCount(
    0,
  );
  await page.goto("/reports/VOICE-1");
  await expect(page.getByRole("region", { name: "Details" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Track record" })).toHaveCount(0);
});

test("an admin merges a second record of the same person into the first", async ({ page }) => {
  const stamp = Date.now();
  const name = `Mira Merge ${stamp}`;
  const first = await publicReport(page, { name, email: `mira.${stamp}@work.example` }, "Header trust on export");
  const second = await publicReport(page, { name, email: `mira.${stamp}@home.example` }, "Header trust on import");

  await signIn(page, "admin");
  await page.goto(`/researchers?q=${encodeURIComponent(`mira.${stamp}@work.example`)}`);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const reports = page.getByRole("region", { name: "Reports" });
  await expect(reports.getByRole("row", { name: new RegExp(first) })).toBeVisible();
  await expect(reports.getByRole("row", { name: new RegExp(second) })).toHaveCount(0);

  const merge = page.getByRole("region", { name: "Merge another record into this one" });
  await merge.getByLabel("Find the other record").fill(`mira.${stamp}@home.example`);
  await merge.getByRole("button", { name: "Find" }).click();
  await merge.getByRole("button", { name: new RegExp(`^Choose ${name}`) }).click();
  await merge.getByRole("button", { name: /^Merge #\d+ into #\d+$/ }).click();
  await expect(merge.getByRole("status")).toContainText("1 report and 1 credit moved");
  await expect(reports.getByRole("row", { name: new RegExp(second) })).toBeVisible();
  await expect(page.getByRole("region", { name: "Contact" })).toContainText("Merged records");
  await noSeriousAxeViolations(page);
});
