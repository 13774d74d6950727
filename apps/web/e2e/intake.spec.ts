import { expect, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

test("a researcher reports with an attachment, follows the status link and talks with the team", async ({
  page,
  browser,
}) => {
  // 1. The public form, no account.
  await page.goto("/report/voice");
  await expect(
    page.getByRole("heading", { name: "Report a vulnerability in IndiVillage Voice Agent System" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("alert")).toContainText("correct the fields");
  await expect(page.getByText("Title is required")).toBeVisible();

  await page.getByLabel("Title").fill("Auth bypass on the recordings API via a forged tenant header");
  await page.getByLabel("Affected version").fill("1.0.2");
  await page
    .getByLabel("Description", { exact: true })
    .fill("Sending `X-Tenant: other` returns another tenant's recordings.");
  await page.getByLabel("Steps to reproduce").fill("1. Sign in as tenant A\n2. Add the header\n3. List recordings");
  await page.getByLabel("Impact", { exact: true }).fill("Read every tenant's call recordings.");
  await page.getByLabel("Your name").fill("Rosa Researcher");
  await page.getByLabel("Email (for the receipt and updates)").fill("rosa@researcher.example");
  await page.getByLabel("I agree to be credited publicly when the fix is disclosed").check();
  await page.getByLabel(/^Attachments/).setInputFiles({
    name: "poc.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("curl -H 'X-Tenant: other' https://target.example/recordings\n"),
  });
  await page.getByRole("button", { name: "Send report" }).click();

  // 2. The receipt: key, promised date, secret link.
  const heading = page.getByRole("heading", { name: /^Report received: VOICE-\d+$/ });
  await expect(heading).toBeVisible();
  const key = (await heading.textContent())!.replace("Report received: ", "");
  await expect(page.getByText("They promise to acknowledge it by")).toBeVisible();
  const statusLink = page.getByRole("link", { name: "Status link" });
  const statusPath = (await statusLink.getAttribute("href"))!;
  expect(statusPath).toMatch(/^\/status\/[A-Za-z0-9_-]{22,}$/);

  // 3. The status page: state in plain words, reply with a message.
  await statusLink.click();
  await expect(page.getByText("Received: waiting for the security team to acknowledge it")).toBeVisible();
  await page.getByLabel("Your reply").fill("Also works on 1.0.1.");
  await page.getByLabel(/^Attach files/).setInputFiles({
    name: "trace-101.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("GET /recordings X-Tenant: other -> 200 on 1.0.1\n"),
  });
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your message was sent to the team." })).toBeVisible();
  await expect(page.getByRole("article", { name: "From you" })).toContainText("Also works on 1.0.1.");

  // 4. The triager sees the report, the attachment and the reply, and answers.
  const staff = await browser.newPage();
  await signIn(staff, "triager");
  await staff.goto(`/reports/${key}`);
  await expect(staff.getByRole("heading", { level: 1 })).toContainText("Auth bypass on the recordings API");
  const files = staff.getByRole("list", { name: "Attachments" });
  await expect(files.getByRole("link", { name: "poc.txt" })).toHaveAttribute("href", /^\/api\/attachments\/\d+$/);
  const reply = staff.getByRole("article", { name: "From reporter" });
  await expect(reply).toContainText("Also works on 1.0.1.");
  // The reply's file is shown with its message, not among the report's own files.
  await expect(
    reply.getByRole("list", { name: "File with this message" }).getByRole("link", { name: "trace-101.txt" }),
  ).toHaveAttribute("href", /^\/api\/attachments\/\d+$/);
  await expect(files.getByRole("link", { name: "trace-101.txt" })).toHaveCount(0);
  await expect(staff.getByText("1 file came with a message: see the conversation.")).toBeVisible();
  await staff.getByRole("textbox", { name: "Internal note" }).fill("INTERNAL ONLY: check the gateway logs");
  await staff.getByRole("button", { name: "Add note" }).click();
  await expect(staff.getByRole("article", { name: "Internal note" })).toContainText("INTERNAL ONLY");
  await staff.getByRole("radio", { name: "Message to reporter" }).check();
  await staff
    .getByRole("textbox", { name: "Message to reporter" })
    .fill("Thanks, we reproduced it and are working on a fix.");
  await staff.getByRole("button", { name: "Send to reporter" }).click();
  await expect(staff.getByRole("article", { name: "To reporter" })).toContainText("we reproduced it");
  const download = await staff.request.get((await files.getByRole("link", { name: "poc.txt" }).getAttribute("href"))!);
  expect(download.headers()["content-disposition"]).toContain("attachment");
  expect(download.headers()["x-content-type-options"]).toBe("nosniff");
  await staff.close();

  // 5. The researcher sees the team's message, never the internal note.
  await page.reload();
  await expect(page.getByRole("article", { name: "From the security team" })).toContainText("we reproduced it");
  await expect(page.getByText("INTERNAL ONLY")).toHaveCount(0);
  await expect(page.getByText("triager@embargo.test")).toHaveCount(0);
});

test("the staff form takes attachments and the reporter's credit wishes", async ({ page }) => {
  await signIn(page, "triager");
  await page.getByRole("link", { name: "New report" }).click();
  await expect(page.getByLabel(/^Attachments \(optional, up to \d+ files of/)).toBeVisible();
  await page.getByLabel("Title").fill("Call recording link sent by a researcher on the phone");
  await page.getByLabel("Description").fill("They read the signed URL over the phone; it never expires.");
  await page.getByLabel("Reporter name").fill("Phone Caller");
  await page.getByLabel("Reporter email").fill("not-an-email");
  await page.getByLabel("Credit them as").selectOption("anonymous");
  await page.getByLabel("Public credit").selectOption("accepted");
  await page.getByLabel(/^Attachments/).setInputFiles({
    name: "call-notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("signed URL: https://cdn.example/rec/123?sig=abc (no expiry)\n"),
  });
  await page.getByRole("button", { name: "Create report" }).click();
  // A bad field is named beside its box; nothing is created.
  await expect(page.getByRole("alert")).toContainText("The report was not created: correct the highlighted fields.");
  await expect(page.getByText("Must be an email address")).toBeVisible();
  await page.getByLabel("Reporter email").fill("caller@researcher.example");
  await page.getByRole("button", { name: "Create report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Call recording link sent by a researcher on the phone",
  );
  const files = page.getByRole("list", { name: "Attachments" });
  await expect(files.getByRole("link", { name: "call-notes.txt" })).toHaveAttribute(
    "href",
    /^\/api\/attachments\/\d+$/,
  );
  await expect(page.getByRole("region", { name: "Details" })).toContainText("Credit");
  await expect(page.getByRole("region", { name: "Details" })).toContainText("as anonymous");
});

test("a wrong status link reveals nothing", async ({ page }) => {
  await page.goto("/status/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  await expect(page.getByRole("alert")).toContainText("Status link not valid");
});
