import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { postPublicReport, signIn } from "./helpers.ts";

/**
 * Issue 11's whole path across both sides: the team triages and accepts the
 * proposed date, the researcher asks for an extension on their status page,
 * the team approves it, the inbox and the status page show the new date, the
 * fix is released, the advisory is published, the reporter's thread has the
 * notice, and the CSAF file is downloaded.
 */
test.setTimeout(240_000);

const DAY = 86_400_000;
/** A day `days` from now as YYYY-MM-DD (UTC). */
const dayAhead = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

test("triage, agree, a researcher's extension approved, fix released, advisory published and downloaded", async ({
  page,
  browser,
}) => {
  const title = `Recordings readable across tenants ${Date.now()}`;
  const { key, statusPath } = await postPublicReport(page, title);

  // The team triages the report and accepts the date the policy proposes.
  const team = await (await browser.newContext()).newPage();
  await signIn(team, "triager");
  await team.goto(`/reports/${key}`);
  await team.getByLabel("CVSS vector").fill("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N");
  await team.getByRole("button", { name: "Save CVSS" }).click();
  await expect(team.locator(".report-head .sev")).toContainText(/medium/i);
  const actions = team.getByRole("group", { name: "Report actions" });
  await actions.getByRole("button", { name: "Triage" }).click();
  const card = team.getByRole("region", { name: "Disclosure" });
  await expect(card).toContainText("Proposed, waiting for the reporter to agree");
  await card.getByRole("button", { name: "Accept date" }).click();
  await expect(card).toContainText("Agreed with the reporter");

  // The researcher sees the agreed date and asks for an extension from the status page.
  const wantedDay = dayAhead(150);
  await page.goto(statusPath);
  const section = page.getByRole("region", { name: "Disclosure" });
  await section.getByRole("button", { name: "Ask for an extension" }).click();
  const ask = page.getByRole("form", { name: "Ask for an extension" });
  await ask.getByLabel("New date and time").fill(`${wantedDay}T17:00`);
  await ask.getByLabel("Time zone").selectOption("UTC");
  await ask.getByLabel("Reason").fill("I present this at a conference and would like the fix to be out for a while.");
  await ask.getByRole("button", { name: "Send extension request" }).click();
  await expect(section.getByRole("status").filter({ hasText: "is waiting for the team" })).toBeVisible();

  // The team sees the request in the inbox and on the report, and approves it.
  await team.goto(`/?view=all&q=${key}`);
  const row = team
    .getByRole("table", { name: "Reports" })
    .locator("tbody tr")
    .filter({ has: team.locator(".key", { hasText: new RegExp(`^${key}$`) }) });
  await expect(row).toContainText("date request");
  await team.goto(`/reports/${key}`);
  const pending = card.getByRole("region", { name: "Pending request" });
  await expect(pending).toContainText("I present this at a conference");
  await pending.getByRole("button", { name: "Approve" }).click();
  await expect(card).toContainText("Agreed, then extended");
  await expect(card.getByRole("region", { name: "Pending request" })).toHaveCount(0);

  // The inbox countdown and the status page both show the new date.
  const newTarget = `${wantedDay}T17:00:00.000Z`;
  await team.goto(`/?view=all&q=${key}`);
  await expect(row.locator("time.disc")).toHaveAttribute("datetime", newTarget);
  await expect(row.locator("time.disc")).toHaveText(/^in 1(49|50) d( \d+ h)?$/);
  await expect(row).not.toContainText("date request");
  await page.reload();
  const when = section.locator("time.disclosure-when");
  await expect(when).toHaveAttribute("datetime", newTarget);
  await expect(when).toContainText("17:00");
  await expect(section).not.toContainText("is waiting for the team");

  // The fix is released: the milestone marks the report fixed.
  await team.goto(`/reports/${key}`);
  const patch = team.getByRole("region", { name: "Patch timeline" });
  await patch.getByRole("button", { name: "Edit Fix released" }).click();
  const fix = patch.getByRole("form", { name: "Edit Fix released" });
  await fix.getByRole("button", { name: "Actual: now" }).click();
  await fix.getByLabel("Fixed version").fill("1.0.4");
  await fix.getByRole("button", { name: "Save and mark fixed" }).click();
  await expect(team.locator(".report-head .state")).toHaveText("Fixed");

  // The advisory, then publishing (early, with a reason).
  const advisory = team.getByRole("region", { name: "Advisory" });
  await advisory.getByRole("button", { name: "Write advisory" }).click();
  const editor = advisory.getByRole("form", { name: "Advisory" });
  await editor.getByLabel("Summary").fill("Call recordings of one tenant could be read by any other tenant.");
  await editor.getByRole("button", { name: "Add version range to product 1" }).click();
  await editor.getByLabel("Introduced").fill("1.0.0");
  await editor.getByLabel("Fixed", { exact: true }).fill("1.0.4");
  await editor.getByRole("button", { name: "Save advisory" }).click();
  await expect(advisory.getByRole("status")).toContainText("Advisory saved.");
  await actions.getByRole("button", { name: "Publish advisory…" }).click();
  const publish = team.getByRole("form", { name: "Publish advisory" });
  await publish.getByLabel("Reason to publish early").fill("The reporter agreed to publish with the release");
  await publish.getByRole("button", { name: "Publish and disclose" }).click();
  await expect(team.locator(".report-head .state")).toHaveText("Disclosed");

  // The reporter's thread has the notice with the advisory's link.
  await page.reload();
  const notice = page.getByRole("article", { name: "From the security team" }).last();
  await expect(notice).toContainText("advisory is published");
  await expect(notice).toContainText(`/advisories/${key}`);
  await expect(section.getByRole("link", { name: "Read the advisory" })).toBeVisible();

  // The CSAF document of a disclosed report is for everyone (TLP:WHITE) and final.
  await advisory.getByRole("button", { name: "CSAF 2.0" }).click();
  await expect(advisory.getByLabel("CSAF 2.0 preview")).toContainText("csaf_version", { timeout: 60_000 });
  const downloading = team.waitForEvent("download");
  await advisory.getByRole("button", { name: /^Download / }).click();
  const csaf = JSON.parse(await readFile((await (await downloading).path())!, "utf8"));
  expect(csaf.document.category).toBe("csaf_security_advisory");
  expect(csaf.document.distribution.tlp.label).toBe("WHITE");
  expect(csaf.document.tracking.status).toBe("final");
  expect(JSON.stringify(csaf.vulnerabilities)).toContain("1.0.4");
});
