/**
 * Logs suite: an end-to-end run with canary strings planted in everything
 * secret (report text, reporter contact, a password, an API token, a status
 * link, a reply); the server's captured stdout and stderr must contain none.
 */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { reply, Session, sendMail, submitApi, submitPublic } from "./client.ts";
import { cli, type RunningServer, removeDataDir, startServer, tempDataDir } from "./server.ts";

const canary = (what: string) => `canary${what}${randomBytes(6).toString("hex")}`;

describe("logs", () => {
  const dir = tempDataDir("logs");
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.kill("SIGKILL");
    removeDataDir(dir);
  });

  it("never logs report text, contact, passwords, tokens or status links", async () => {
    const c = {
      title: canary("Title"),
      body: canary("Body"),
      steps: canary("Steps"),
      email: `${canary("mail")}@researcher.example`,
      name: canary("Name"),
      password: canary("Password"),
      wrongPassword: canary("WrongPassword"),
      reply: canary("Reply"),
      mailBody: canary("MailBody"),
      adminEmail: `${canary("admin")}@example.com`,
    };
    const secrets: Record<string, string> = { ...c };

    // An admin whose password is a canary, made with the CLI before the server starts.
    const add = cli(
      { dir },
      ["user", "add", "--email", c.adminEmail, "--role", "admin", "--name", "Log Admin"],
      `${c.password}\n`,
    );
    expect(add.status, add.stderr).toBe(0);
    add.stdout.includes(c.password) && expect.fail("the CLI printed the password");
    const prog = cli({ dir }, ["seed", "--demo"]);
    expect(prog.status, prog.stderr).toBe(0);

    server = await startServer({ dir, smtp: true, logLevel: "debug" });
    const admin = new Session(server.base);
    // A wrong password first (the failure path), then the right one.
    const wrong = await admin.call("auth.signIn", { email: c.adminEmail, password: c.wrongPassword }, "mutation");
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    await admin.signIn(c.adminEmail, c.password);
    const { token } = await admin.ok<{ token: string }>("programs.createApiToken", { program: "voice", name: "logs" });
    secrets.apiToken = token;

    const report = {
      title: `Report ${c.title}`,
      description: `Details ${c.body}`,
      stepsToReproduce: `Steps ${c.steps}`,
      impact: `Impact ${c.body}`,
      affectedVersions: "1.0.2",
      reporter: { name: c.name, email: c.email },
    };
    const form = await submitPublic(server.base, "voice", report, [
      { name: `${c.title}.txt`, bytes: Buffer.from(`${c.body}\n`), type: "text/plain" },
    ]);
    expect(form.status, form.text).toBe(201);
    const { statusPath, key } = form.body as { statusPath: string; key: string };
    const statusToken = statusPath.split("/").pop()!;
    secrets.statusToken = statusToken;

    const api = await submitApi(server.base, token, report);
    expect(api.status, api.text).toBe(201);
    secrets.apiStatusToken = new URL((api.body as { statusUrl: string }).statusUrl).pathname.split("/").pop()!;
    expect(
      (await fetch(`${server.base}/api/v1/reports/${key}`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBeLessThan(500);
    // A wrong token too: refused, and not logged either.
    const badToken = `emb_${canary("BadToken")}`;
    secrets.badToken = badToken;
    expect((await submitApi(server.base, badToken, report)).status).toBe(401);

    // The status link: page data, a reply, a wrong link.
    expect((await fetch(`${server.base}/api/public/status/${statusToken}`)).status).toBe(200);
    expect((await fetch(`${server.base}/status/${statusToken}`)).status).toBe(200);
    expect((await reply(server.base, statusToken, `Reply ${c.reply}`)).status).toBe(201);
    const badStatus = canary("BadStatusLink");
    secrets.badStatus = badStatus;
    expect((await fetch(`${server.base}/api/public/status/${badStatus}`)).status).toBe(404);

    // Email intake.
    const mail = await sendMail(
      server.smtpPort!,
      { from: c.email, to: ["security@indivillage.example"] },
      `From: ${c.name} <${c.email}>\r\nTo: security@indivillage.example\r\nSubject: [SECURITY] ${c.title} by mail\r\n\r\n${c.mailBody}\r\n`,
    );
    expect(mail.code, mail.response).toBe(250);

    // The team reads and answers.
    await admin.ok("reports.byKey", { key }, "query");
    await admin.ok("reports.list", { q: c.title }, "query");
    await admin.ok("reports.transition", { key, action: "acknowledge" });
    await admin.ok("reports.addMessage", { key, body: `Team ${c.reply}`, kind: "to_reporter" });
    await admin.ok("auth.signOut", undefined);

    await server.kill("SIGTERM");
    const output = server.output();
    expect(output.length).toBeGreaterThan(0);
    const leaked = Object.entries(secrets).filter(([, v]) => output.includes(v));
    expect(
      leaked.map(([k]) => k),
      `planted secrets found in the server's output`,
    ).toEqual([]);
  });
});
