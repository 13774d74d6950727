import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers.ts";
import { expectAccessible, screens } from "./trust-helpers.ts";

/** A fresh, unrated report from the public form (so every run starts from `new`), found by a word of its own. */
async function newPublicReport(request: APIRequestContext, word: string): Promise<string> {
  const res = await request.post("/api/public/programs/voice/reports", {
    multipart: {
      report: JSON.stringify({
        title: `Keyboard ${word} token replay on the media socket`,
        description: `A ${word} handshake token can be replayed after logout.`,
        stepsToReproduce: "1. Capture the token\n2. Log out\n3. Reconnect with it",
        impact: "Listen to another session's audio.",
        affectedVersions: "1.0.2",
        reporter: { name: "Kim Keys", email: "kim@researcher.example" },
      }),
    },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

/** Letters only: the search tokenises on them, and no demo report contains such a word. */
const uniqueWord = () =>
  `kbd${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("")}`;

const live = (page: Page) => page.getByRole("group", { name: "Report actions" }).getByRole("status");
const actions = (page: Page) => page.getByRole("group", { name: "Report actions" });
const timeline = (page: Page) => page.getByRole("list", { name: "Timeline" });

/** The transitions just taken are quiet for a second (aria-disabled): wait for it to pass before the next key. */
async function whenActive(page: Page, name: string) {
  const button = actions(page).getByRole("button", { name, exact: true });
  await expect(button).not.toHaveAttribute("aria-disabled", "true");
  return button;
}

test("keyboard only: from the inbox to triaged with a severity and a message, focus checked at each step", async ({
  page,
  request,
}) => {
  const word = uniqueWord();
  const key = await newPublicReport(request, word);
  await signIn(page, "triager");

  // Inbox: `/` focuses the search, Enter filters, Enter again opens the selected (first) row.
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: "Search reports" })).toBeFocused();
  await page.keyboard.type(word);
  await page.keyboard.press("Enter");
  const rows = page.getByRole("table", { name: "Reports" }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(key);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/reports/${key}$`));

  // Opening a report focuses its title.
  const title = page.getByRole("heading", { level: 1 });
  await expect(title).toContainText(`Keyboard ${word}`);
  await expect(title).toBeFocused();
  await expect(page.locator(".report-head .state")).toHaveText("New");

  // `a` acknowledges; the report is unrated, so focus goes to the CVSS field and the live region says why.
  await page.keyboard.press("a");
  await expect(live(page)).toHaveText("Acknowledged. Next: set the severity, then triage.");
  await expect(page.locator(".report-head .state")).toHaveText("Acknowledged");
  const cvss = page.getByRole("textbox", { name: "CVSS vector" });
  await expect(cvss).toBeFocused();

  // Type the vector and press Enter: saved, and focus moves to Triage.
  await page.keyboard.type("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
  await page.keyboard.press("Enter");
  await expect(live(page)).toHaveText("CVSS saved. Next: triage.");
  const triage = await whenActive(page, "Triage");
  await expect(triage).toBeFocused();
  await expect(page.locator(".report-head")).toContainText("High");

  // Enter triages; focus moves to the next step, Start fix.
  await page.keyboard.press("Enter");
  await expect(live(page)).toHaveText("Triaged. Next: start fix.");
  await expect(page.locator(".report-head .state")).toHaveText("Triaged");
  await expect(actions(page).getByRole("button", { name: "Start fix", exact: true })).toBeFocused();

  // `m` opens the composer as a message to the reporter; Tab, Enter sends it; focus stays in the composer.
  await page.keyboard.press("m");
  const composer = page.getByRole("textbox", { name: "Message to reporter" });
  await expect(composer).toBeFocused();
  await expect(page.getByRole("radio", { name: "Message to reporter" })).toBeChecked();
  await page.keyboard.type("Confirmed and rated high; a fix is planned.");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Send to reporter" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("article", { name: "To reporter" })).toContainText("a fix is planned");
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue("");

  await expect(timeline(page)).toContainText("Acknowledge: New → Acknowledged");
  await expect(timeline(page)).toContainText("Triage: Acknowledged → Triaged");

  // An inline prompt: Mark fixed opens its version field focused; Escape cancels and returns to the button.
  const markFixed = await whenActive(page, "Mark fixed");
  await markFixed.focus();
  await page.keyboard.press("Enter");
  const version = page.getByRole("textbox", { name: "Fixed in version" });
  await expect(version).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(version).toHaveCount(0);
  await expect(markFixed).toBeFocused();
  await expect(page.locator(".report-head .state")).toHaveText("Triaged");
});

test("shortcuts never fire while typing: `a` in the note box types an a", async ({ page, request }) => {
  const key = await newPublicReport(request, uniqueWord());
  await signIn(page, "triager");
  await page.goto(`/reports/${key}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await page.keyboard.press("n");
  const note = page.getByRole("textbox", { name: "Internal note" });
  await expect(note).toBeFocused();
  await page.keyboard.type("ats?m");
  await expect(note).toHaveValue("ats?m");
  // Nothing was acknowledged, no dialog opened and focus never left the box.
  await page.waitForTimeout(300);
  await expect(page.locator(".report-head .state")).toHaveText("New");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(note).toBeFocused();
  // Ctrl-A selects the text (a modifier key is never a shortcut) and does not acknowledge either.
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Backspace");
  await expect(note).toHaveValue("");
  await expect(page.locator(".report-head .state")).toHaveText("New");
  await expect(timeline(page)).not.toContainText("Acknowledge:");
});

test("`?` lists the shortcuts in a dialog that keeps focus and gives it back", async ({ page, request }) => {
  const key = await newPublicReport(request, uniqueWord());
  await signIn(page, "triager");
  await page.goto(`/reports/${key}`);
  const title = page.getByRole("heading", { level: 1 });
  await expect(title).toBeFocused();
  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  for (const k of ["a", "t", "m", "n", "s", "?"])
    await expect(dialog.locator("kbd", { hasText: k }).first()).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
  // Focus is trapped: Tab and Shift-Tab never reach the page behind.
  for (const combo of ["Tab", "Tab", "Shift+Tab", "Tab"]) {
    await page.keyboard.press(combo);
    expect(await page.evaluate(() => !!document.activeElement?.closest("dialog[open]"))).toBe(true);
  }
  // Keys typed in the dialog do not act on the report.
  await page.keyboard.press("a");
  await expect(page.locator(".report-head .state")).toHaveText("New");
  await expectAccessible(page, "report page with the shortcuts dialog");
  await screens(page, "shortcuts-dialog");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(title).toBeFocused();
});

test("Ctrl-K palette: opens a report by key, says no match for unknown or unreachable keys, lists actions", async ({
  page,
}) => {
  await signIn(page, "triager");
  await page.goto("/reports/VOICE-2");
  const title = page.getByRole("heading", { level: 1 });
  await expect(title).toBeFocused();

  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  const input = palette.getByRole("combobox");
  await expect(input).toBeFocused();
  // The report page's own actions are offered, with their shortcut.
  await page.keyboard.type("severity");
  await expect(palette.getByRole("option", { name: /Set the severity of VOICE-2/ })).toBeVisible();
  await input.fill("");
  await expectAccessible(page, "report page with the command palette");
  await screens(page, "palette");

  // A key nobody has: no match.
  await page.keyboard.type("VOICE-99999");
  await expect(palette.getByRole("status")).toHaveText(/No match/);
  await expect(palette.getByRole("option")).toHaveCount(0);
  // A key of a program this triager is not in: the server refuses, and it looks the same.
  await input.fill("SENSE-1");
  await expect(palette.getByRole("status")).toHaveText(/No match/);
  await expect(palette.getByRole("option")).toHaveCount(0);
  // Escape closes it and gives focus back.
  await page.keyboard.press("Escape");
  await expect(palette).toBeHidden();
  await expect(title).toBeFocused();

  // An exact key, in any case, opens the report; its title takes focus.
  await page.keyboard.press("Control+k");
  await expect(input).toBeFocused();
  await page.keyboard.type("voice-1");
  const option = palette.getByRole("option", { name: /^VOICE-1 · / });
  await expect(option).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/reports\/VOICE-1$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();

  // A screen by name.
  await page.keyboard.press("Control+k");
  await page.keyboard.type("disclosures");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/disclosures$/);
});

test("the assignee is chosen, then confirmed: arrowing through the list reassigns nothing", async ({
  page,
  request,
}) => {
  const key = await newPublicReport(request, uniqueWord());
  await signIn(page, "triager");
  await page.goto(`/reports/${key}`);
  const select = page.getByRole("combobox", { name: "Assignee" });
  await expect(select).toHaveValue("");
  // The program's staff are loaded (the select is enabled once they are).
  await expect(select.locator("option").nth(1)).toBeAttached();
  await expect(select).toBeEnabled();
  await select.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const chosen = await select.inputValue();
  expect(chosen).not.toBe("");
  const chosenName = (await select.locator(`option[value="${chosen}"]`).textContent())!.trim();
  await expect(page.getByRole("button", { name: "Assign", exact: true })).toBeVisible();
  await page.getByRole("region", { name: "Details" }).screenshot({ path: "test-results/screens/assignee-choice.png" });
  await page.waitForTimeout(500);
  await expect(timeline(page)).not.toContainText("Assigned to");
  // Still unassigned on the server.
  const saved = await page.evaluate(async (k) => {
    const r = await fetch(`/api/trpc/reports.byKey?input=${encodeURIComponent(JSON.stringify({ json: { key: k } }))}`);
    return ((await r.json()) as { result: { data: { json: { assignee: unknown } } } }).result.data.json.assignee;
  }, key);
  expect(saved).toBeNull();
  // Escape puts it back; choosing again and Enter saves.
  await page.keyboard.press("Escape");
  await expect(select).toHaveValue("");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByText(`Assigned to ${chosenName}.`)).toBeVisible();
  await expect(timeline(page)).toContainText(`Assigned to ${chosenName}`);
  await expect(select).toBeFocused();
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Assignee" })).toHaveValue(chosen);
});

test("a double click on Acknowledge takes one step: one transition on the timeline", async ({ page, request }) => {
  const key = await newPublicReport(request, uniqueWord());
  await signIn(page, "triager");
  await page.goto(`/reports/${key}`);
  // Rated first, so Triage is possible and takes the primary place where Acknowledge was.
  await page.getByRole("textbox", { name: "CVSS vector" }).fill("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N");
  await page.getByRole("button", { name: "Save CVSS" }).click();
  await expect(page.locator(".report-head")).toContainText("Medium");
  const ack = actions(page).getByRole("button", { name: "Acknowledge", exact: true });
  const box = (await ack.boundingBox())!;
  await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.locator(".report-head .state")).toHaveText("Acknowledged");
  // A third click a moment later, where the pointer still is, lands on a quiet button.
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForTimeout(1_500);
  await expect(page.locator(".report-head .state")).toHaveText("Acknowledged");
  await expect(timeline(page).getByText("Acknowledge: New → Acknowledged")).toHaveCount(1);
  await expect(timeline(page)).not.toContainText("Triage:");
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Request info" })).toHaveCount(0);
  await expectAccessible(page, "report page after acknowledging");
  await screens(page, "report-keyboard");
});
