import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

// The researcher reads dates in their own zone beside the plan's (the demo programs use other zones).
test.use({ timezoneId: "America/New_York" });
// Each test signs in, drives two pages and runs axe twice.
test.setTimeout(90_000);

const CVSS_HIGH = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N";
const DAY = 86_400_000;

/** A report sent through the public API, as the form would: its key and status path. */
async function submitReport(page: Page, title: string) {
  const res = await page.request.post("/api/public/programs/voice/reports", {
    multipart: {
      report: JSON.stringify({
        title,
        description: "Replaying a recorded wake word unlocks the agent without a voice match.",
        stepsToReproduce: "1. Record the wake word\n2. Replay it",
        impact: "Anyone in earshot takes over the agent.",
        affectedVersions: "1.0.2",
        reporter: { name: "Rosa Researcher", email: "rosa@researcher.example" },
      }),
    },
  });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { key: string; statusPath: string };
  return body;
}

/** A staff call over the same tRPC endpoint the dashboard uses (the team's screens are another spec's). */
async function staffCall(staff: Page, path: string, input: unknown) {
  const origin = new URL(staff.url()).origin;
  const res = await staff.request.post(`/api/trpc/${path}`, {
    headers: { origin, "content-type": "application/json" },
    data: JSON.stringify({ json: input }),
  });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
}

async function triage(staff: Page, key: string) {
  await staffCall(staff, "reports.setCvss", { key, vector: CVSS_HIGH });
  await staffCall(staff, "reports.transition", { key, action: "acknowledge" });
  await staffCall(staff, "reports.transition", { key, action: "triage" });
}

async function expectNoSeriousA11yIssues(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** "YYYY-MM-DDTHH:mm" for a datetime-local field, `days` from now at 17:00. */
const localDaysAhead = (days: number) => `${new Date(Date.now() + days * DAY).toISOString().slice(0, 10)}T17:00`;

test("the researcher sees the proposed disclosure date in both zones and suggests another one", async ({
  page,
  browser,
}) => {
  const { key, statusPath } = await submitReport(page, "Wake word replay unlocks the agent (disclosure)");
  const staff = await browser.newPage();
  await signIn(staff, "triager");
  await triage(staff, key);
  await staff.close();

  await page.goto(statusPath);
  const section = page.getByRole("region", { name: "Disclosure" });
  await expect(section).toContainText("The team proposes to disclose this report publicly on");
  // The plan's date with its zone, the same instant in the researcher's zone, and the countdown.
  const when = section.locator("time.disclosure-when");
  await expect(when).toHaveText(/^\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} .+/);
  await expect(section.getByText(/^Your time: .*\(America\/New_York\)$/)).toBeVisible();
  await expect(section.getByText(/^Public in \d+ d( \d+ h)?$/)).toBeVisible();
  await expect(section.getByRole("button", { name: "Accept this date" })).toBeVisible();
  await expectNoSeriousA11yIssues(page);

  await section.getByRole("button", { name: "Suggest another date" }).click();
  const form = page.getByRole("form", { name: "Suggest another date" });
  await expect(form.getByLabel("Time zone")).toHaveValue("America/New_York");
  // A date in the past is refused beside the field, and nothing is sent.
  await form.getByLabel("New date and time").fill(localDaysAhead(-2));
  await form.getByLabel("Reason").fill("The vendor ships monthly; 90 days misses the release train.");
  await form.getByRole("button", { name: "Send suggestion" }).click();
  await expect(form.getByLabel("New date and time")).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator(".field-error")).toHaveCount(1);

  const wanted = localDaysAhead(120);
  await form.getByLabel("New date and time").fill(wanted);
  await form.getByRole("button", { name: "Send suggestion" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your request was sent to the team." })).toBeVisible();
  const waiting = section.getByRole("status").filter({ hasText: "is waiting for the team" });
  await expect(waiting).toContainText("Your request for");
  const [y, m, d] = wanted.slice(0, 10).split("-").map(Number) as [number, number, number];
  const month = new Date(Date.UTC(y, m - 1, d)).toLocaleString("en-GB", { month: "short", timeZone: "UTC" });
  await expect(waiting).toContainText(`${d} ${month} ${y}, 17:00`);
  await expect(waiting).toContainText("America/New_York");
  // One request at a time: suggesting again is no longer offered, accepting still is.
  await expect(section.getByRole("button", { name: "Suggest another date" })).toHaveCount(0);
  await expect(section.getByRole("button", { name: "Accept this date" })).toBeVisible();
  await expectNoSeriousA11yIssues(page);
});

test("a disclosed report's advisory is public, shown as text, with its downloads; an undisclosed one is not", async ({
  page,
  browser,
}) => {
  const { key, statusPath } = await submitReport(page, "Wake word replay (published)");
  // Before disclosure the advisory page says nothing about the report.
  await page.goto(`/advisories/${key}`);
  await expect(page.getByRole("alert")).toContainText("No published advisory");
  await expect(page.getByText("Wake word replay")).toHaveCount(0);

  const staff = await browser.newPage();
  await signIn(staff, "triager");
  await triage(staff, key);
  await staffCall(staff, "reports.transition", { key, action: "start_fix" });
  await staffCall(staff, "reports.transition", { key, action: "mark_fixed", fixedVersion: "1.0.3" });
  await staffCall(staff, "advisories.save", {
    key,
    draft: {
      title: "Replayed wake word unlocks the voice agent",
      summary: "A recorded wake word replayed from a speaker unlocks the agent.\n\n<img src=x onerror=alert(1)>",
      details: "The voice match step is skipped for replayed audio.",
      workaround: "Require a PIN to unlock.",
      affected: [
        {
          vendor: "IndiVillage",
          product: "Voice Agent System",
          ecosystem: "npm",
          packageName: "@indivillage/voice-agent",
          ranges: [{ introduced: "1.0.0", fixed: "1.0.3", lastAffected: null }],
        },
      ],
      cwes: ["CWE-294"],
      references: [{ url: "https://voice.example/security/1.0.3", type: "FIX" }],
    },
  });
  await staffCall(staff, "disclosure.publish", { key, advisoryUrl: null, overrideReason: "Fix shipped" });
  await staff.close();

  // The reporter's status page links the advisory.
  await page.goto(statusPath);
  await page.getByRole("region", { name: "Disclosure" }).getByRole("link", { name: "Read the advisory" }).click();
  await expect(page).toHaveURL(new RegExp(`/advisories/${key}$`));
  await expect(
    page.getByRole("heading", { level: 1, name: "Replayed wake word unlocks the voice agent" }),
  ).toBeVisible();
  // Untrusted text stays text.
  await expect(page.getByText("<img src=x onerror=alert(1)>")).toBeVisible();
  await expect(page.locator("main img")).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Affected products" })).toContainText("from 1.0.0 before 1.0.3");
  await expect(page.getByRole("link", { name: "CWE-294" })).toBeVisible();
  await expect(page.locator("time").first()).toHaveText(/\d{2}:\d{2} America\/New_York$/);
  const downloads = page.getByRole("region", { name: "Machine-readable versions" });
  const osv = downloads.getByRole("link", { name: /OSV/ });
  const res = await page.request.get((await osv.getAttribute("href"))!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toContain("attachment");
  const doc = (await res.json()) as { id: string; affected: { package: { name: string } }[] };
  expect(doc.id).toContain(key);
  expect(doc.affected[0]!.package.name).toBe("@indivillage/voice-agent");
  await expectNoSeriousA11yIssues(page);
});
