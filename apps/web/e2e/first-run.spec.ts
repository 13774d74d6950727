/**
 * First run from an EMPTY database: `embargo serve` prints a one-time setup
 * link; the first administrator opens it, creates the first program from a
 * pasted SECURITY.md, lands in its empty inbox, and a researcher's report to
 * the new public form arrives there. This spec starts its own server (the
 * shared one runs on demo data).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, "../../server/bin/embargo.mjs");
const securityMd = readFileSync(path.join(here, "../../../packages/core/fixtures/securitymd/nodejs__node.md"), "utf8");

let server: ChildProcess | null = null;
let dir = "";
let base = "";
let setupUrl = "";

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "embargo-e2e-first-run-"));
  server = spawn(process.execPath, [bin, "serve", "--port", "0"], {
    env: { ...process.env, EMBARGO_DB: path.join(dir, "empty.db"), EMBARGO_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const proc = server;
  setupUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no setup link within 60 s; output:\n${out}`)), 60_000);
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/localhost:\d+)\/setup\?code=[A-Za-z0-9_-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        base = m[1]!;
        resolve(m[0]);
      }
    });
    proc.once("exit", (code) => reject(new Error(`embargo serve exited (${code}); output:\n${out}`)));
  });
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server?.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

test("first run: setup link, first admin, first program from a SECURITY.md, a triager invited, first report", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  // The dashboard, before anyone exists, is only a sign-in page; setup needs the code.
  await page.goto(`${base}/setup`);
  await expect(page.getByRole("heading", { name: "Set up Embargo" })).toBeVisible();
  await expect(page.getByText("Open the one-time setup link")).toBeVisible();

  // A wrong code creates nobody.
  await page.goto(`${base}/setup?code=not-the-real-code-at-all`);
  await page.getByLabel("Email").fill("first@example.com");
  await page.getByLabel("Name").fill("Fiona First");
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByRole("alert")).toContainText("This setup link is not valid");

  // 1. The printed link creates the first administrator and signs them in.
  await page.goto(setupUrl);
  await page.getByLabel("Email").fill("first@example.com");
  await page.getByLabel("Name").fill("Fiona First");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("Must be at least 12 characters")).toBeVisible();
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByRole("heading", { name: "Create the first program" })).toBeVisible();
  await expect(page.getByText("Welcome, Fiona First")).toBeVisible();

  // 2. The first program, from a pasted SECURITY.md: the parsed promises are shown with their evidence.
  await page.getByLabel("SECURITY.md text").fill(securityMd);
  await page.getByRole("button", { name: "Extract policy" }).click();
  const promises = page.getByRole("table");
  await expect(page.getByRole("heading", { name: "Promises found in the SECURITY.md" })).toBeVisible();
  const ack = promises.getByRole("row", { name: /Acknowledge within/ });
  await expect(ack).not.toContainText("no promise");
  await expect(ack).toContainText("“");

  await page.getByLabel("Name", { exact: true }).fill("Web Framework");
  await expect(page.getByLabel("Slug")).toHaveValue("web-framework");
  await page.getByLabel("Report key prefix").fill("w");
  await page.getByRole("button", { name: "Create program with these promises" }).click();
  await expect(page.getByText("Use 2 to 10 capital letters")).toBeVisible();
  await page.getByLabel("Report key prefix").fill("WEB");
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByRole("button", { name: "Create program with these promises" }).click();

  // 3. Its inbox, empty.
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await expect(page).toHaveURL(/\?program=web-framework/);
  await expect(page.getByRole("combobox", { name: "Program" })).toHaveValue("web-framework");
  await expect(page.getByRole("link", { name: /^WEB-\d+/ })).toHaveCount(0);

  // The setup link is spent.
  const again = await browser.newPage();
  await again.goto(setupUrl);
  await expect(again.getByRole("heading", { name: "Embargo is already set up" })).toBeVisible();
  await again.close();

  // 4. Invite a triager; without SMTP the link is shown to copy and pass on by hand.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Members" }).click();
  const invite = page.getByRole("region", { name: "Invite someone" });
  await invite.getByLabel("Program").selectOption({ label: "Web Framework" });
  await invite.getByLabel("Email").fill("tara@example.com");
  await invite.getByLabel("Role").selectOption("triager");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  const linkBox = invite.getByRole("textbox", { name: "Invitation link" });
  await expect(linkBox).toHaveValue(/\/invite\?token=/);
  const link = new URL(await linkBox.inputValue());

  // The triager accepts in their own browser, is signed in and sees the program's empty inbox.
  const triagerContext = await browser.newContext();
  const triager = await triagerContext.newPage();
  await triager.goto(`${base}${link.pathname}${link.search}`);
  await expect(triager.getByRole("heading", { name: "Join Web Framework" })).toBeVisible();
  await triager.getByLabel("Your name").fill("Tara Triager");
  await triager.getByLabel("Password").fill("another long passphrase");
  await triager.getByRole("button", { name: "Create account and join" }).click();
  await expect(triager.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await expect(triager.getByRole("combobox", { name: "Program" }).locator("option:checked")).toHaveText(
    "Web Framework",
  );
  await expect(triager.getByRole("link", { name: /^WEB-\d+/ })).toHaveCount(0);

  // 5. A researcher reports through the new program's public form.
  const researcher = await browser.newPage();
  await researcher.goto(`${base}/report/web-framework`);
  await expect(researcher.getByRole("heading", { name: /Web Framework/ })).toBeVisible();
  await researcher.getByLabel("Title").fill("Prototype pollution in the body parser");
  await researcher.getByLabel("Affected version").fill("5.0.0");
  await researcher.getByLabel("Description", { exact: true }).fill("A JSON body with __proto__ pollutes every object.");
  await researcher.getByLabel("Steps to reproduce").fill('POST {"__proto__": {"admin": true}}');
  await researcher.getByLabel("Impact", { exact: true }).fill("Privilege escalation in handlers.");
  await researcher.getByRole("button", { name: "Send report" }).click();
  await expect(researcher.getByRole("heading", { name: "Report received: WEB-1" })).toBeVisible();
  await researcher.close();

  // ...and reaches the inbox, the admin's and the new triager's.
  await page.goto(`${base}/?program=web-framework`);
  await expect(page.getByRole("link", { name: /Prototype pollution in the body parser/ })).toBeVisible();
  await triager.reload();
  await expect(triager.getByRole("link", { name: /Prototype pollution in the body parser/ })).toBeVisible();
  await triagerContext.close();
});
