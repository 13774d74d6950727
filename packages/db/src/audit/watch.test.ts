import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy } from "@embargo/core";
import { describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../client.ts";
import { createWebhook } from "../outbox/webhooks.ts";
import { createProgram } from "../programs/programs.ts";
import { createUser } from "../users/create-user.ts";
import { verifyAudit } from "./chain.ts";
import { readRecordedHeads } from "./heads.ts";
import { appendAudit } from "./log.ts";
import { lastAuditVerification, recordAuditVerification, watchAuditHead } from "./watch.ts";

const SYSTEM = { userId: null, label: "system" };
const T0 = new Date("2026-06-01T08:00:00Z");
const at = (h: number) => new Date(T0.getTime() + h * 3_600_000);

async function setup() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "embargo-watch-")), "embargo.db");
  const db = openDatabase(file);
  const program = createProgram(db, { slug: "p", name: "P", keyPrefix: "P", policy: defaultPolicy() }, SYSTEM, T0);
  await createUser(
    db,
    { email: "root@example.com", name: "Root", password: "correct horse battery", memberships: [], adminOfAll: true },
    SYSTEM,
    T0,
  );
  createWebhook(
    db,
    {
      programId: program.id,
      url: "https://hooks.example.com/x",
      secret: "s".repeat(32),
      events: ["audit.checkpoint", "audit.verify_failed"],
    },
    SYSTEM,
    T0,
  );
  return { db, file };
}

const outbox = (db: ReturnType<typeof openDatabase>, event: string) =>
  db.$client.prepare("SELECT channel, target, payload_json FROM outbox WHERE event = ? ORDER BY id").all(event) as {
    channel: string;
    target: string;
    payload_json: string;
  }[];

describe("watching the audit head", () => {
  it("records the head beside the database when it moved and sends a checkpoint once a day", async () => {
    const { db, file } = await setup();
    expect(watchAuditHead(db, file, at(0))).toEqual({ recorded: true, checkpointed: true });
    const first = outbox(db, "audit.checkpoint");
    expect(first).toHaveLength(1);
    const sent = JSON.parse(first[0]?.payload_json ?? "{}");
    expect(sent.data.head.id).toBe(readRecordedHeads(file).at(-1)?.id);
    // An hour later: nothing moved, no new line, no second checkpoint.
    expect(watchAuditHead(db, file, at(1))).toEqual({ recorded: false, checkpointed: false });
    appendAudit(db, SYSTEM, { action: "x.y", entityType: "thing", entityId: 1 }, at(2));
    expect(watchAuditHead(db, file, at(2))).toEqual({ recorded: true, checkpointed: false });
    expect(watchAuditHead(db, file, at(25))).toMatchObject({ checkpointed: true });
    expect(outbox(db, "audit.checkpoint")).toHaveLength(2);
    expect(verifyAudit(db, { heads: readRecordedHeads(file) })).toMatchObject({ ok: true, headsChecked: 2 });
    closeDatabase(db);
  });

  it("a failed verification is kept and tells the administrators once per distinct problem", async () => {
    const { db } = await setup();
    db.$client.exec("DROP TRIGGER audit_log_no_update");
    db.$client.prepare("UPDATE audit_log SET actor_label = 'mallory' WHERE id = 2").run();
    const v = verifyAudit(db);
    expect(v.ok).toBe(false);
    recordAuditVerification(db, v, "start", at(0));
    recordAuditVerification(db, v, "start", at(1));
    const mails = outbox(db, "audit.verify_failed").filter((r) => r.channel === "email");
    expect(mails.map((m) => m.target)).toEqual(["root@example.com"]);
    expect(JSON.parse(mails[0]?.payload_json ?? "{}").subject).toMatch(/audit log failed verification/);
    expect(outbox(db, "audit.verify_failed").filter((r) => r.channel === "webhook")).toHaveLength(1);
    expect(lastAuditVerification(db)).toMatchObject({ ok: false, problem: "edited", atId: 2, by: "start" });
    closeDatabase(db);
  });
});
