import { expect, test } from "@playwright/test";
import { postPublicReport, signIn, withRunDb } from "./helpers.ts";
import { expectAccessible, screens } from "./trust-helpers.ts";

// Issue 15, staff side: a report whose reporter reads Hindi shows a small badge
// in the inbox and on the report; a message to that reporter with no Hindi in
// it asks before it goes; the email queued around the team's words is Hindi.
// The report comes in through the public route; its stored language is set in
// the run's database (e2e/run.mjs passes its path as E2E_DB), as the intake
// does from the reporter's choice.

const lastMessageEmail = (key: string) =>
  withRunDb(
    (db) =>
      db
        .prepare(
          "SELECT o.payload_json AS p FROM outbox o JOIN reports r ON r.id = o.report_id WHERE r.key = ? AND o.event = 'report.message' ORDER BY o.id DESC LIMIT 1",
        )
        .get(key) as { p: string } | undefined,
  );

const WORD = "रिकॉर्डिंग";

test("a Hindi reporter: the badge in the inbox and on the report; an English message asks first", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1366, height: 860 });
  const { key } = await postPublicReport(page, `दूसरे टेनेंट की कॉल ${WORD} बिना जाँच के मिल जाती हैं`);
  withRunDb((db) =>
    expect(db.prepare("UPDATE reports SET reporter_language = 'hi' WHERE key = ?").run(key).changes).toBe(1),
  );

  await signIn(page, "triager");
  // The inbox, searched by a Hindi word of the title: the row carries the badge, an English row does not.
  await page.goto(`/?q=${encodeURIComponent(WORD)}`);
  const row = page.getByRole("table", { name: "Reports" }).getByRole("row").filter({ hasText: key });
  await expect(row).toHaveCount(1);
  await expect(row.getByText("Reporter reads Hindi")).toBeAttached();
  await expect(row.getByText("HI", { exact: true })).toBeVisible();
  await expectAccessible(page, "inbox with a Hindi reporter");
  await screens(page, "reporter-language-inbox");
  // Narrow screens: the card carries it too.
  await page.setViewportSize({ width: 390, height: 844 });
  const card = page.getByRole("list", { name: "Reports" }).getByRole("listitem").filter({ hasText: key });
  await expect(card.getByText("Reporter reads Hindi")).toBeAttached();
  await page.setViewportSize({ width: 1366, height: 860 });

  // The report: the badge in the header.
  await page.goto(`/reports/${key}`);
  await expect(page.locator(".report-head").getByText("Reporter reads Hindi")).toBeAttached();
  await expect(page.locator(".report-head").getByTitle("Reporter reads Hindi")).toBeVisible();
  await screens(page, "reporter-language-report");

  // An English message to a Hindi reader: asked first, focus on the safe answer, nothing sent yet.
  await page.getByRole("radio", { name: "Message to reporter" }).check();
  const box = page.getByRole("textbox", { name: "Message to reporter" });
  await box.fill("Could you tell us which firmware build you tested?");
  await page.getByRole("button", { name: "Send to reporter" }).click();
  const ask = page.getByRole("alertdialog", { name: "Send in another language?" });
  await expect(ask).toBeVisible();
  await expect(ask).toContainText("The reporter reads Hindi, and this message has no Hindi in it.");
  await expect(ask.getByRole("button", { name: "Keep editing" })).toBeFocused();
  await expectAccessible(page, "the language check");
  await screens(page, "reporter-language-ask");
  expect(lastMessageEmail(key)).toBeUndefined();

  // Keep editing: the question goes, focus back in the composer, still nothing sent.
  await ask.getByRole("button", { name: "Keep editing" }).click();
  await expect(ask).toHaveCount(0);
  await expect(box).toBeFocused();
  expect(lastMessageEmail(key)).toBeUndefined();

  // Send anyway: it goes, the team's words as written inside a Hindi email.
  await page.getByRole("button", { name: "Send to reporter" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Send anyway" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Message to the reporter saved" })).toBeVisible();
  const sent = JSON.parse(lastMessageEmail(key)?.p ?? "{}") as { subject?: string; text?: string };
  expect(sent.subject).toBe(`[${key}] IndiVillage Voice Agent System सुरक्षा टीम का नया संदेश`);
  expect(sent.text).toContain("सुरक्षा टीम ने आपकी रिपोर्ट");
  expect(sent.text).toContain("Could you tell us which firmware build you tested?");

  // A message in Hindi goes at once.
  await box.fill("धन्यवाद! आपने कौन-सा फ़र्मवेयर बिल्ड जाँचा था?");
  await page.getByRole("button", { name: "Send to reporter" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect.poll(() => lastMessageEmail(key)?.p ?? "").toContain("फ़र्मवेयर");
});
