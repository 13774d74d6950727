/**
 * Crash suite: concurrent submissions (public form with attachments, API) and
 * triage transitions against the real server, killed with SIGKILL at random
 * moments, restarted on the same data folder; then every acknowledged write
 * must be there, whole, and the database and audit trail must check out.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { auditVerify, fileSha, integrityCheck, openReadOnly, sha256 } from "./checks.ts";
import { type Answer, apiToken, Session, submitApi, submitPublic, type UploadFile, validReport } from "./client.ts";
import { seeded } from "./random.ts";
import { DEMO, type RunningServer, removeDataDir, startServer, tempDataDir } from "./server.ts";

const KILLS = Number(process.env.RESILIENCE_KILLS ?? 20);
const rand = seeded("crash suite");
const seed = rand.seed;
const between = rand.int;

interface Submitted {
  key: string;
  title: string;
  description: string;
  files: { name: string; sha256: string }[];
  channel: "web" | "api";
}
interface Lost {
  idempotencyKey: string;
  report: ReturnType<typeof validReport>;
}

const FORM_ACTIONS_INPUT = { reason: "Crash suite transition", fixedVersion: "1.0.3" };

describe(`crash (seed ${seed}, ${KILLS} kills)`, () => {
  const dir = tempDataDir("crash");
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.kill("SIGKILL");
    removeDataDir(dir);
  });

  it("keeps every acknowledged report, attachment and transition across SIGKILLs", async () => {
    console.log(`crash suite: data folder ${dir}`);
    server = await startServer({ dir, demo: true });
    const admin = await new Session(server.base).signIn(DEMO.admin.email, DEMO.admin.password);
    const token = await apiToken(admin, "voice");
    const triager = await new Session(server.base).signIn(DEMO.triager.email, DEMO.triager.password);

    // Does this build answer a retried Idempotency-Key with the first receipt?
    const probeKey = randomUUID();
    const p1 = await submitApi(server.base, token, validReport("idem-probe"), { idempotencyKey: probeKey });
    const p2 = await submitApi(server.base, token, validReport("idem-probe"), { idempotencyKey: probeKey });
    const idempotent =
      p1.status === 201 && p2.status < 300 && (p1.body as { key: string }).key === (p2.body as { key: string }).key;
    console.log(`crash suite: idempotent API intake ${idempotent ? "present" : "absent (retry check skipped)"}`);

    const submitted: Submitted[] = [];
    if (p1.status === 201) {
      const r = validReport("idem-probe");
      submitted.push({
        key: (p1.body as { key: string }).key,
        title: r.title,
        description: r.description,
        files: [],
        channel: "api",
      });
    }
    const lost: Lost[] = [];
    const transitioned: { key: string; action: string }[] = [];
    let serial = 0;
    let refusedTransitions = 0;

    for (let round = 0; round <= KILLS; round++) {
      const base = server.base;
      const stop = new AbortController();
      let running = true;

      const formWorker = async () => {
        while (running) {
          const tag = `F${++serial}-${round}`;
          const r = validReport(tag);
          const files: UploadFile[] = Array.from({ length: between(0, 2) }, (_, i) => ({
            name: `poc-${tag}-${i}.txt`,
            bytes: Buffer.from(`${tag} ${i}\n${randomBytes(between(1, 150_000)).toString("base64")}\n`),
            type: "text/plain",
          }));
          let a: Answer;
          try {
            a = await submitPublic(base, "voice", r, files, { signal: stop.signal });
          } catch {
            return; // killed mid-request: not acknowledged, so nothing is promised
          }
          if (a.status !== 201) throw new Error(`form submission answered ${a.status}: ${a.text}`);
          submitted.push({
            key: (a.body as { key: string }).key,
            title: r.title,
            description: r.description,
            files: files.map((f) => ({ name: f.name, sha256: sha256(f.bytes) })),
            channel: "web",
          });
        }
      };
      const apiWorker = async () => {
        while (running) {
          const tag = `A${++serial}-${round}`;
          const r = validReport(tag);
          const idempotencyKey = randomUUID();
          let a: Answer;
          try {
            a = await submitApi(base, token, r, { signal: stop.signal, idempotencyKey });
          } catch {
            lost.push({ idempotencyKey, report: r });
            return;
          }
          if (a.status !== 201) throw new Error(`API submission answered ${a.status}: ${a.text}`);
          submitted.push({
            key: (a.body as { key: string }).key,
            title: r.title,
            description: r.description,
            files: [],
            channel: "api",
          });
        }
      };
      const transitionWorker = async () => {
        while (running) {
          // The newest few reports, so workers often race on the same one.
          const pool = submitted.slice(-4);
          if (pool.length === 0) {
            await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          const key = pool[rand.int(0, pool.length - 1)]!.key;
          try {
            const view = await triager.call("reports.byKey", { key }, "query", stop.signal);
            if (view.status !== 200) throw new Error(`reports.byKey answered ${view.status}: ${view.text}`);
            const options = (
              view.body as { result: { data: { json: { transitions: string[] } } } }
            ).result.data.json.transitions.filter((t) => t !== "close_duplicate");
            if (options.length === 0) continue;
            const action = rand.pick(options);
            const a = await triager.call(
              "reports.transition",
              { key, action, ...FORM_ACTIONS_INPUT },
              "mutation",
              stop.signal,
            );
            if (a.status === 200) transitioned.push({ key, action });
            else if (a.status === 409 || a.status === 400)
              refusedTransitions++; // lost a race: refused, nothing written
            else throw new Error(`reports.transition ${key} ${action} answered ${a.status}: ${a.text}`);
          } catch (e) {
            if (process.env.RESILIENCE_DEBUG) console.log("transition worker:", e);
            if (stop.signal.aborted || (e as Error).name === "TypeError") return;
            throw e;
          }
        }
      };

      const workers = [
        ...Array.from({ length: 4 }, () => formWorker()),
        ...Array.from({ length: 2 }, () => apiWorker()),
        ...Array.from({ length: 3 }, () => transitionWorker()),
      ].map((w) =>
        w.then(
          () => undefined,
          (e: unknown) => e as Error,
        ),
      );
      const last = round === KILLS;
      await new Promise((r) => setTimeout(r, last ? 800 : between(100, 1200)));
      running = false;
      if (!last) await server.kill("SIGKILL");
      const failures = (await Promise.all(workers)).filter((e) => e !== undefined);
      stop.abort();
      if (failures.length > 0) throw failures[0];
      if (last) break;
      server = await startServer({ dir });
      triager.base = server.base;
      if (idempotent) {
        // A client whose answer was lost retries with the same key: it must get one report, not two.
        for (const l of lost.splice(0)) {
          const a = await submitApi(server.base, token, l.report, { idempotencyKey: l.idempotencyKey });
          expect(a.status, a.text).toBeLessThan(300);
          submitted.push({
            key: (a.body as { key: string }).key,
            title: l.report.title,
            description: l.report.description,
            files: [],
            channel: "api",
          });
        }
      }
    }
    await server.kill("SIGTERM");
    console.log(
      `crash suite: ${submitted.length} acknowledged submissions, ${transitioned.length} acknowledged transitions, ${refusedTransitions} refused, ${lost.length} lost answers`,
    );

    expect(integrityCheck(server.db)).toBe("ok");
    const db = openReadOnly(server.db);
    try {
      const byKey = db.prepare("SELECT id, title, description, state FROM reports WHERE key = ?");
      const filesOf = db.prepare("SELECT original_filename, sha256 FROM attachments WHERE report_id = ? ORDER BY id");
      for (const s of submitted) {
        const row = byKey.get(s.key) as { id: number; title: string; description: string } | undefined;
        expect(row, `acknowledged report ${s.key} is missing`).toBeDefined();
        expect(row!.title).toBe(s.title);
        expect(row!.description).toBe(s.description);
        const files = filesOf.all(row!.id) as { original_filename: string; sha256: string }[];
        expect(files.map((f) => f.sha256).sort()).toEqual(s.files.map((f) => f.sha256).sort());
        for (const f of files) expect(fileSha(dir, f.sha256), `attachment of ${s.key}`).toBe(f.sha256);
      }
      // A retried submission made one report, not two.
      if (idempotent) {
        const count = db.prepare("SELECT count(*) AS n FROM reports WHERE title = ?");
        for (const s of submitted) expect((count.get(s.title) as { n: number }).n, s.title).toBe(1);
      }

      // Each state change: exactly one timeline event, chained, and one audit entry.
      const events = db.prepare(
        "SELECT type, from_state, to_state, json_extract(data_json, '$.action') AS action FROM report_events WHERE report_id = ? AND to_state IS NOT NULL ORDER BY id",
      );
      const audits = db.prepare(
        "SELECT action, count(*) AS n FROM audit_log WHERE entity_type = 'report' AND entity_id = ? GROUP BY action",
      );
      for (const s of submitted) {
        const row = byKey.get(s.key) as { id: number; state: string };
        const evs = events.all(row.id) as {
          type: string;
          from_state: string | null;
          to_state: string;
          action: string | null;
        }[];
        let state: string | null = null;
        const perAction = new Map<string, number>();
        for (const e of evs) {
          expect(e.from_state, `${s.key}: event ${e.type} ${e.from_state}→${e.to_state} after ${state}`).toBe(state);
          state = e.to_state;
          if (e.action) perAction.set(e.action, (perAction.get(e.action) ?? 0) + 1);
        }
        expect(state, `${s.key}: timeline ends where the report is`).toBe(row.state);
        const audited = new Map(
          (audits.all(s.key) as { action: string; n: number }[]).map((a) => [a.action.replace(/^report\./, ""), a.n]),
        );
        for (const [action, n] of perAction)
          expect(audited.get(action) ?? 0, `${s.key}: audit entries for ${action}`).toBe(n);
        const acked = transitioned.filter((t) => t.key === s.key);
        for (const t of acked)
          expect(perAction.get(t.action) ?? 0, `${s.key}: ${t.action} acknowledged`).toBeGreaterThan(0);
      }
    } finally {
      db.close();
    }
    const verified = auditVerify(dir);
    expect(verified.available, "`embargo audit verify` exists").toBe(true);
    if (verified.available) expect(verified.ok, verified.output).toBe(true);
    // 21 server starts: on two shared cores each start takes 5 to 10 s.
  }, 480_000);
});
