/**
 * Fuzz suite: fast-check properties over every public input and every tRPC
 * procedure (as an admin) of the real server. Never a 5xx: a refusal is a 4xx
 * with a message, anything else succeeds, and the server answers afterwards.
 * The seed is logged; RESILIENCE_SEED replays a run, RESILIENCE_FUZZ_RUNS scales it.
 */
import { appRouter } from "@embargo/api";
import { publicSubmissionSchema } from "@embargo/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answer, apiToken, reply, Session, sendMail, submitApi, submitPublic, validReport } from "./client.ts";
import { seeded } from "./random.ts";
import { DEMO, type RunningServer, removeDataDir, startServer, tempDataDir } from "./server.ts";
import { anyInput, type Hints, mutated, trickyString } from "./zod-arbitrary.ts";

const RUNS = Number(process.env.RESILIENCE_FUZZ_RUNS ?? 30);
const { seed } = seeded("fuzz suite");
/** Procedures that end the fuzzing session itself. */
const SKIP = new Set(["auth.signOut"]);

interface Failure {
  surface: string;
  status: number;
  input: string;
  answer: string;
}

const short = (v: unknown) => {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s === undefined ? "undefined" : s.length > 400 ? `${s.slice(0, 400)}… (${s.length} chars)` : s;
};

/** A 2xx, or a 4xx that says why; anything else is a failure. */
const tally = new Map<number, number>();
function judge(failures: Failure[], surface: string, input: unknown, a: Answer) {
  tally.set(a.status, (tally.get(a.status) ?? 0) + 1);
  if (a.status >= 200 && a.status < 300) return;
  const b = a.body as { error?: unknown } | undefined;
  const message =
    typeof b?.error === "string"
      ? b.error
      : ((b?.error as { json?: { message?: string } } | undefined)?.json?.message ?? "");
  if (a.status >= 400 && a.status < 500 && message.trim() !== "") return;
  failures.push({ surface, status: a.status, input: short(input), answer: short(a.text) });
}

const PROCEDURES = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string; inputs: unknown[] } }> } })._def
    .procedures,
)
  .filter(([p]) => !SKIP.has(p))
  .sort(([a], [b]) => a.localeCompare(b));

describe(`fuzz (seed ${seed}, ${RUNS} runs per input)`, () => {
  const dir = tempDataDir("fuzz");
  let server: RunningServer;
  let admin: Session;
  let hints: Hints;
  let statusToken: string;
  let token: string;
  const failures: Failure[] = [];
  const params = (i: number) => ({ seed: seed + i, numRuns: RUNS, endOnFailure: true });

  beforeAll(async () => {
    server = await startServer({ dir, demo: true, smtp: true });
    admin = await new Session(server.base).signIn(DEMO.admin.email, DEMO.admin.password);
    const me = await admin.ok<{ id: number }>("auth.me", undefined, "query");
    token = await apiToken(admin, "voice");
    const r = await submitPublic(server.base, "voice", validReport("fuzz-base"));
    statusToken = (r.body as { statusPath: string }).statusPath.split("/").pop()!;
    hints = {
      keys: [(r.body as { key: string }).key, "VOICE-1", "ECHO-2", "SENSE-3", "NOPE-999"],
      programs: ["voice", "echo", "serenesense", "nope"],
      avoidIds: [me.id],
    };
  });
  afterAll(async () => {
    await server?.kill("SIGKILL");
    removeDataDir(dir);
    console.log(`fuzz: answers by status ${JSON.stringify(Object.fromEntries(tally))}`);
    if (failures.length) console.log(`fuzz failures:\n${failures.map((f) => JSON.stringify(f)).join("\n")}`);
  });

  it("the public report form answers every input with a receipt or a field error", async () => {
    const report = fc.oneof(
      { weight: 3, arbitrary: anyInput(publicSubmissionSchema, hints) },
      { weight: 2, arbitrary: mutated(fc.constant(validReport("fuzz"))) },
    );
    const files = fc.array(
      fc.record({
        name: fc.oneof(trickyString, fc.constantFrom("a.txt", "../../x.txt", "a\r\nb.png", "x.svg", ".htaccess")),
        bytes: fc
          .oneof(fc.uint8Array({ maxLength: 300 }), fc.constant(Buffer.from("%PDF-1.4\n")))
          .map((b) => Buffer.from(b)),
      }),
      { maxLength: 3 },
    );
    const raw = fc.option(fc.oneof(trickyString, fc.constantFrom("{", "[]", "null", '{"title":')), { freq: 5 });
    await fc.assert(
      fc.asyncProperty(
        report,
        files,
        raw,
        fc.constantFrom("voice", "echo", "nope", "%2e%2e"),
        async (r, f, rw, slug) => {
          const a = await submitPublic(server.base, slug, r, f, rw === null ? {} : { raw: rw });
          judge(
            failures,
            "POST /api/public/programs/:slug/reports",
            { slug, r, files: f.map((x) => x.name), raw: rw },
            a,
          );
        },
      ),
      params(1),
    );
  });

  it("the API intake answers every input with a receipt or a field error", async () => {
    await fc.assert(
      fc.asyncProperty(anyInput(publicSubmissionSchema, hints), fc.option(trickyString), async (r, raw) => {
        const a = await submitApi(server.base, token, r, raw === null ? {} : { raw });
        judge(failures, "POST /api/v1/reports", { r, raw }, a);
      }),
      params(2),
    );
  });

  it("the status page's reply answers every input with a receipt or a field error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(trickyString, fc.string({ maxLength: 2000 })),
        fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: trickyString }),
        async (body, otherToken) => {
          const t = otherToken === null ? statusToken : encodeURIComponent(otherToken) || "x";
          const a = await reply(server.base, t, body, [
            { name: "note.txt", bytes: Buffer.from(body || "x"), type: "text/plain" },
          ]);
          judge(failures, "POST /api/public/status/:token/messages", { body, token: otherToken }, a);
        },
      ),
      params(3),
    );
  });

  it("the email intake answers every message with 250 or a refusal (never a temporary failure)", async () => {
    const header = fc.oneof(
      trickyString,
      fc.constantFrom("[SECURITY] XSS in login", "Re: [VOICE-1] update", "=?utf-8?B?w6k=?="),
    );
    const message = fc
      .record({
        subject: header,
        from: fc.oneof(fc.emailAddress(), trickyString),
        body: fc.oneof(trickyString, fc.string({ maxLength: 3000 })),
        contentType: fc.constantFrom(
          "text/plain; charset=utf-8",
          "text/html",
          'multipart/mixed; boundary="b"',
          "text/plain; charset=x-unknown",
          "application/octet-stream",
        ),
        encoding: fc.constantFrom("7bit", "base64", "quoted-printable", "x-weird"),
        extra: fc.array(
          fc.tuple(fc.constantFrom("In-Reply-To", "References", "Message-ID", "X-Priority"), trickyString),
          {
            maxLength: 3,
          },
        ),
      })
      .map(
        (m) =>
          `From: ${m.from}\r\nTo: security@indivillage.example\r\nSubject: ${m.subject}\r\nMIME-Version: 1.0\r\nContent-Type: ${m.contentType}\r\nContent-Transfer-Encoding: ${m.encoding}\r\n${m.extra.map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n${m.contentType.startsWith("multipart") ? `--b\r\nContent-Type: text/plain\r\n\r\n${m.body}\r\n--b\r\nContent-Type: application/pdf; name="${m.subject}"\r\nContent-Disposition: attachment; filename="${m.subject}"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n` : m.body}\r\n`,
      );
    const raw = fc.oneof({ weight: 4, arbitrary: message }, { weight: 1, arbitrary: fc.string({ maxLength: 2000 }) });
    await fc.assert(
      fc.asyncProperty(raw, async (r) => {
        const res = await sendMail(
          server.smtpPort!,
          { from: "fuzz@researcher.example", to: ["security@indivillage.example"] },
          r,
        );
        if (![250, 550, 552].includes(res.code))
          failures.push({ surface: "SMTP DATA", status: res.code, input: short(r), answer: res.response });
      }),
      params(4),
    );
  });

  it("CVSS vectors, SECURITY.md and the inbox search syntax answer with a result or a field error", async () => {
    const VECTORS = [
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      "CVSS:3.0/AV:P/AC:H/PR:H/UI:R/S:C/C:N/I:L/A:N",
    ];
    const vector = fc.tuple(fc.constantFrom(...VECTORS), fc.nat(), fc.nat(), trickyString).map(([v, i, how, junk]) => {
      const parts = v.split("/");
      const at = i % parts.length;
      if (how % 4 === 0) parts.splice(at, 1);
      else if (how % 4 === 1) parts.push(parts[at]!);
      else if (how % 4 === 2) parts[at] = `${parts[at]!.split(":")[0]}:${junk}`;
      else parts.splice(at, 0, junk);
      return parts.join("/");
    });
    const markdown = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            "# Security Policy",
            "## Supported Versions",
            "## Reporting a Vulnerability",
            "| Version | Supported |",
            "| ------- | --------- |",
            "| 5.1.x   | :white_check_mark: |",
            "Email security@example.com",
            "```",
            "<!-- -->",
            "[link](mailto:x@y)",
            "within 90 days",
            "48 hours",
          ),
          trickyString,
        ),
        { maxLength: 30 },
      )
      .map((l) => l.join("\n"));
    const search = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            "state:new",
            "severity:high",
            "-foo",
            '"phrase',
            "OR",
            "AND",
            "NOT",
            "*",
            "^",
            "NEAR(a b)",
            "col:x",
            "(",
            ")",
            "{",
            "'",
            "%",
            "_",
          ),
          trickyString,
        ),
        { maxLength: 6 },
      )
      .map((t) => t.join(" ").slice(0, 200));
    await fc.assert(
      fc.asyncProperty(vector, markdown, search, async (v, md, q) => {
        for (const [proc, input, type] of [
          ["reports.setCvss", { key: hints.keys[0], vector: v }, "mutation"],
          ["programs.parseSecurityMd", { markdown: md }, "mutation"],
          ["reports.list", { q, view: "all" }, "query"],
        ] as const) {
          const a = await admin.call(proc, input, type);
          judge(failures, proc, input, a);
        }
      }),
      params(5),
    );
  });

  it("every tRPC procedure answers an admin's arbitrary and near-valid input with a result or a field error", async () => {
    let i = 10;
    for (const [procedure, p] of PROCEDURES) {
      const type = p._def.type === "query" ? "query" : "mutation";
      await fc.assert(
        fc.asyncProperty(anyInput(p._def.inputs[0], hints), async (input) => {
          judge(failures, procedure, input, await admin.call(procedure, input, type));
        }),
        params(i++),
      );
      // A procedure must not have ended the fuzzing session (that would hide every later one).
      const me = await admin.call("auth.me", undefined, "query");
      if ((me.body as { result?: { data?: { json?: unknown } } }).result?.data?.json == null) {
        console.log(`fuzz: the session ended after ${procedure}; signing in again`);
        await admin.signIn(DEMO.admin.email, DEMO.admin.password);
      }
    }
    console.log(`fuzz: ${PROCEDURES.length} procedures, ${RUNS} inputs each`);
  });

  it("still answers /healthz, and nothing above answered 5xx", async () => {
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
    expect(failures, failures.map((f) => `${f.surface}: ${f.status}`).join("\n")).toEqual([]);
  });
});
