/**
 * XSS suite: a corpus of hostile payloads (fixtures/xss-payloads.json) sent
 * through every intake path (public form, API, email, status-page reply, and
 * as attachment names), then opened in Chromium as an admin on the inbox, the
 * report pages, the researcher pages and the status pages: no dialog, no
 * script of theirs runs, no request leaves the server's origin.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import webConfig from "../../apps/web/playwright.config.ts";
import { openReadOnly } from "./checks.ts";
import { apiToken, reply, Session, sendMail, submitApi, submitPublic, type UploadFile } from "./client.ts";
import { DEMO, REPO, type RunningServer, removeDataDir, startServer, tempDataDir } from "./server.ts";

const PAYLOADS: string[] = JSON.parse(readFileSync(path.join(REPO, "resilience/fixtures/xss-payloads.json"), "utf8"));
const CHUNK = 26;
const chunks = Array.from({ length: Math.ceil(PAYLOADS.length / CHUNK) }, (_, i) =>
  PAYLOADS.slice(i * CHUNK, (i + 1) * CHUNK),
);

/** A report whose every text field carries payloads of the chunk. */
function hostileReport(chunk: string[], i: number) {
  const all = chunk.join("\n\n");
  return {
    title: `XSS ${i} ${chunk[0]!}`.slice(0, 300),
    description: all,
    stepsToReproduce: [...chunk].reverse().join("\n\n"),
    impact: chunk.slice(0, 8).join("\n"),
    affectedVersions: (chunk[1] ?? "1.0").slice(0, 1000),
    proofOfConcept: all,
    component: (chunk[2] ?? "x").slice(0, 200),
    reporter: { name: chunk[3]!.slice(0, 200), handle: chunk[4]!.slice(0, 100), email: `xss${i}@researcher.example` },
  };
}

const hostileFiles = (chunk: string[]): UploadFile[] =>
  chunk.slice(-5).map((name, j) => ({
    name: `${name}.txt`,
    bytes: Buffer.from(`attachment ${j} of the XSS suite\n`),
    type: "text/plain",
  }));

function hostileEmail(chunk: string[], i: number) {
  const b64 = (s: string) => `=?utf-8?B?${Buffer.from(s).toString("base64")}?=`;
  const parts = [
    `From: ${b64(chunk[5] ?? "x")} <xss-mail${i}@researcher.example>`,
    "To: security@indivillage.example",
    `Subject: ${b64(`[SECURITY] XSS mail ${i} ${chunk[0]}`.slice(0, 250))}`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="xss-boundary"',
    "",
    "--xss-boundary",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from(chunk.join("\n\n")).toString("base64"),
    "--xss-boundary",
    "Content-Type: text/html; charset=utf-8",
    "",
    chunk.slice(0, 10).join("<br>"),
  ];
  chunk.slice(-3).forEach((name, j) => {
    parts.push(
      "--xss-boundary",
      `Content-Type: text/plain; name="${b64(`${name}.txt`)}"`,
      `Content-Disposition: attachment; filename="${b64(`${name}.txt`)}"`,
      "",
      `attachment ${j}`,
    );
  });
  parts.push("--xss-boundary--", "");
  return parts.join("\r\n");
}

interface Target {
  label: string;
  path: string;
}

describe(`XSS (${PAYLOADS.length} payloads in ${chunks.length} batches)`, () => {
  const dir = tempDataDir("xss");
  let server: RunningServer;
  let browser: Browser;
  const targets: Target[] = [{ label: "inbox", path: "/" }];

  beforeAll(async () => {
    server = await startServer({ dir, demo: true, smtp: true });
    const admin = await new Session(server.base).signIn(DEMO.admin.email, DEMO.admin.password);
    const token = await apiToken(admin, "voice");
    const keys: string[] = [];
    for (const [i, chunk] of chunks.entries()) {
      const form = await submitPublic(server.base, "voice", hostileReport(chunk, i), hostileFiles(chunk));
      expect(form.status, form.text).toBe(201);
      const { key, statusPath } = form.body as { key: string; statusPath: string };
      keys.push(key);
      targets.push({ label: `status page of ${key} (form)`, path: statusPath });
      const r = await reply(server.base, statusPath.split("/").pop()!, chunk.join("\n\n"), hostileFiles(chunk));
      expect(r.status, r.text).toBe(201);

      const api = await submitApi(server.base, token, hostileReport(chunk, i + 100));
      expect(api.status, api.text).toBe(201);
      const apiBody = api.body as { key: string; statusUrl: string };
      keys.push(apiBody.key);
      targets.push({ label: `status page of ${apiBody.key} (API)`, path: new URL(apiBody.statusUrl).pathname });

      const mail = await sendMail(
        server.smtpPort!,
        { from: `xss-mail${i}@researcher.example`, to: ["security@indivillage.example"] },
        hostileEmail(chunk, i),
      );
      expect(mail.code, mail.response).toBe(250);
      keys.push(/Accepted as (\S+)/.exec(mail.response)![1]!);
    }
    const researchers = new Set<number>();
    const db = openReadOnly(server.db);
    const researcherOf = db.prepare("SELECT researcher_id AS id FROM reports WHERE key = ?");
    for (const key of keys) {
      targets.push({ label: `report ${key}`, path: `/reports/${key}` });
      const id = (researcherOf.get(key) as { id: number | null } | undefined)?.id ?? null;
      if (id !== null && !researchers.has(id)) {
        researchers.add(id);
        targets.push({ label: `researcher of ${key}`, path: `/researchers/${id}` });
      }
    }
    db.close();
    targets.push(
      { label: "inbox search", path: `/?q=${encodeURIComponent("XSS")}` },
      { label: "researchers", path: "/researchers" },
    );
    const launch = webConfig.use?.launchOptions ?? {};
    browser = await chromium.launch({ ...launch, executablePath: launch.executablePath ?? "/usr/bin/chromium" });
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 } });
    await ctx.addCookies([
      {
        name: "embargo_session",
        value: admin.cookie.slice(admin.cookie.indexOf("=") + 1),
        url: server.base,
        httpOnly: true,
        sameSite: "Strict",
      },
    ]);
    page = await ctx.newPage();
  }, 180_000);
  let page: Page;

  afterAll(async () => {
    await browser?.close();
    await server?.kill("SIGKILL");
    removeDataDir(dir);
  });

  it("no page runs a payload, opens a dialog or calls another origin", async () => {
    const problems: string[] = [];
    let current = "";
    const origin = new URL(server.base).origin;
    page.on("dialog", async (d) => {
      problems.push(`${current}: dialog "${d.message()}"`);
      await d.dismiss();
    });
    page.on("request", (req) => {
      const u = new URL(req.url());
      if (u.protocol === "data:" || u.protocol === "blob:") return;
      if (u.origin !== origin) problems.push(`${current}: request to ${req.url()}`);
    });
    page.on("pageerror", () => undefined);
    for (const t of targets) {
      current = t.label;
      await page.goto(`${server.base}${t.path}`);
      try {
        await page.locator("h1").first().waitFor({ timeout: 10_000 });
      } catch {
        problems.push(
          `${t.label}: no heading rendered at ${page.url()}: ${((await page.locator("body").textContent()) ?? "").slice(0, 300)}`,
        );
      }
      // Let lazy parts (timeline, attachments) render, and hover where a payload might hang a handler.
      await page.mouse.move(400, 300);
      await page.waitForTimeout(400);
      const found = await page.evaluate(() => {
        const bad: string[] = [];
        if ((window as unknown as { __xss?: unknown }).__xss !== undefined) bad.push("window.__xss was set");
        for (const el of Array.from(document.querySelectorAll("*"))) {
          for (const a of Array.from(el.attributes)) {
            if (/^on/i.test(a.name)) bad.push(`<${el.localName} ${a.name}>`);
            const favicon = el.localName === "link" && el.getAttribute("rel") === "icon" && a.value === "data:,";
            if (
              !favicon &&
              /^(href|src|xlink:href|action|formaction|data|srcdoc)$/i.test(a.name) &&
              /^\s*(javascript|vbscript|data):/i.test(a.value)
            )
              bad.push(`<${el.localName} ${a.name}="${a.value.slice(0, 60)}">`);
          }
          if (["iframe", "object", "embed", "base", "meta", "frame"].includes(el.localName) && el.closest("body"))
            bad.push(`<${el.localName}> in the page`);
          if (el.localName === "script" && !(el as HTMLScriptElement).src.includes("/assets/"))
            bad.push("an inline <script>");
        }
        return bad;
      });
      for (const f of found) problems.push(`${t.label}: ${f}`);
    }
    console.log(`XSS: ${PAYLOADS.length} payloads, ${targets.length} pages checked`);
    expect(problems).toEqual([]);
  });
});
