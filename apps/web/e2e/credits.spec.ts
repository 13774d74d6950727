import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

// Two people, three pages, four axe runs.
test.setTimeout(120_000);

const CVSS_HIGH = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N";

async function expectNoSeriousA11yIssues(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** A staff call over the same tRPC endpoint the dashboard uses. */
async function staffCall(staff: Page, path: string, input: unknown) {
  const origin = new URL(staff.url()).origin;
  const res = await staff.request.post(`/api/trpc/${path}`, {
    headers: { origin, "content-type": "application/json" },
    data: JSON.stringify({ json: input }),
  });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
}

test("reporter and co-finder accept credit, the report is disclosed, the hall of fame and the lists name both", async ({
  page,
  browser,
}) => {
  const stamp = Date.now();
  const handle = `rosa${stamp}`;
  // A comma and quotes: the CSV must quote them, the pages must show them as text.
  const coFinder = `Chidi "Cee" Okafor, ${stamp}`;
  const res = await page.request.post("/api/public/programs/voice/reports", {
    multipart: {
      report: JSON.stringify({
        title: `Agent transcripts readable without a session ${stamp}`,
        description: "The transcript endpoint does not check the session.",
        stepsToReproduce: "1. Open a transcript URL\n2. Drop the cookie",
        impact: "Anyone reads any call transcript.",
        affectedVersions: "1.0.2",
        reporter: { name: "Rosa Researcher", email: `rosa${stamp}@researcher.example` },
      }),
    },
  });
  expect(res.status()).toBe(201);
  const { key, statusPath } = (await res.json()) as { key: string; statusPath: string };

  // The researcher accepts credit under their handle on the status page.
  await page.goto(statusPath);
  const credit = page.getByRole("region", { name: "How you are credited" });
  await credit.getByLabel("Handle").fill(handle);
  await credit.getByLabel("Credit me as").selectOption("handle");
  await credit.getByRole("button", { name: "Accept credit" }).click();
  await expect(credit.getByRole("status")).toHaveText("Credit accepted.");
  await expect(credit).toContainText("You agreed to be credited by your handle");

  // The team adds a co-finder with an email; without SMTP the consent link is shown to them.
  const team = await (await browser.newContext()).newPage();
  await signIn(team, "triager");
  await team.goto(`/reports/${key}`);
  const card = team.getByRole("region", { name: "Credits" });
  await expect(card.getByRole("listitem", { name: `${handle}, Finder` })).toContainText("accepted");
  await card.getByRole("button", { name: "Add a credit" }).click();
  const add = card.getByRole("form", { name: "Add a credit" });
  await add.getByLabel("Name").fill(coFinder);
  await add.getByLabel("Email").fill(`chidi${stamp}@example.net`);
  await add.getByLabel("Credit type").selectOption("finder");
  await add.getByRole("button", { name: "Add credit" }).click();
  const linkBox = card.getByRole("textbox", { name: "Consent link" });
  await expect(linkBox).toHaveValue(/\/credit\/[\w-]{20,}$/);
  const link = new URL(await linkBox.inputValue());
  await expect(card.getByRole("listitem", { name: `${coFinder}, Finder` })).toContainText("asked, link valid until");

  // The co-finder opens the link without an account: the program and the credit type, nothing of the report.
  const outsider = await (await browser.newContext()).newPage();
  await outsider.goto(link.pathname);
  await expect(outsider.getByRole("heading", { name: "Credit for your help" })).toBeVisible();
  await expect(outsider.locator(".consent-ask")).toContainText("IndiVillage Voice Agent System");
  await expect(outsider.locator(".consent-ask")).toContainText("Finder");
  await expect(outsider.locator("body")).not.toContainText(key);
  await expect(outsider.locator("body")).not.toContainText("transcript");
  await expectNoSeriousA11yIssues(outsider);
  await outsider.getByRole("radio", { name: "My name" }).check();
  await outsider.getByRole("button", { name: "Accept credit" }).click();
  await expect(outsider.getByRole("heading", { name: "Thank you" })).toBeVisible();
  // Used: the same neutral answer as a wrong link.
  await outsider.goto(link.pathname);
  await expect(outsider.getByText("This credit link is not valid")).toBeVisible();
  await team.reload();
  await expect(card.getByRole("listitem", { name: `${coFinder}, Finder` })).toContainText("via consent link");

  // The report is fixed and disclosed (publishing through the API, as the advisory specs do it on screen).
  const advisoryUrl = `https://example.com/advisories/${key}`;
  await staffCall(team, "reports.setCvss", { key, vector: CVSS_HIGH });
  await staffCall(team, "reports.transition", { key, action: "triage" });
  await staffCall(team, "reports.transition", { key, action: "mark_fixed", fixedVersion: "2.0.0" });
  await staffCall(team, "disclosure.publish", { key, advisoryUrl, overrideReason: "Fixed in 2.0.0" });

  // The public hall of fame lists both, as they chose, with the advisory link.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/thanks/voice");
  await expect(visitor.getByRole("heading", { level: 1 })).toContainText("IndiVillage Voice Agent System");
  const year = String(new Date().getUTCFullYear());
  const section = visitor.getByRole("region", { name: year });
  const rosa = section.getByRole("listitem").filter({ hasText: handle });
  await expect(rosa).toContainText("Finder");
  await expect(rosa.getByRole("link", { name: "Advisory" })).toHaveAttribute("href", advisoryUrl);
  await expect(section.getByRole("listitem").filter({ hasText: coFinder })).toContainText("Finder");
  await expect(visitor.locator("body")).not.toContainText("Rosa Researcher");
  await expectNoSeriousA11yIssues(visitor);

  // A communications user (leadership) downloads the lists.
  await signIn(page, "leadership");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Acknowledgments" }).click();
  await expect(page.getByRole("heading", { name: "Acknowledgments", level: 1 })).toBeVisible();
  await page.getByLabel("Program").last().selectOption("voice");
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview).toContainText(`**${handle}** — Finder — [${key}](${advisoryUrl})`);
  await expectNoSeriousA11yIssues(page);

  const day = new Date().toISOString().slice(0, 10);
  const [md] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download Markdown" }).click(),
  ]);
  expect(md.suggestedFilename()).toBe("acknowledgments-voice.md");
  const mdText = await readFile((await md.path())!, "utf8");
  const mdLines = mdText.split("\n");
  expect(mdLines).toContain(`- **${handle}** — Finder — [${key}](${advisoryUrl}) — ${day}`);
  expect(mdLines).toContain(`- **Chidi "Cee" Okafor, ${stamp}** — Finder — [${key}](${advisoryUrl}) — ${day}`);

  await page.getByLabel("Format").selectOption("csv");
  await expect(page.getByRole("button", { name: "Download CSV" })).toBeEnabled();
  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download CSV" }).click(),
  ]);
  expect(csv.suggestedFilename()).toBe("acknowledgments-voice.csv");
  const bytes = await readFile((await csv.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csvLines = bytes.toString("utf8").slice(1).split("\r\n");
  expect(csvLines[0]).toBe("name,credit_type,advisory,url,program,disclosed_on");
  expect(csvLines).toContain(`${handle},finder,${key},${advisoryUrl},IndiVillage Voice Agent System,${day}`);
  expect(csvLines).toContain(
    `"Chidi ""Cee"" Okafor, ${stamp}",finder,${key},${advisoryUrl},IndiVillage Voice Agent System,${day}`,
  );
});
