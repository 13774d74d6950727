/**
 * Leadership is need-to-know (issue 13): every field leadership must never
 * read holds a planted canary string, and every query procedure a leadership
 * member may call is called with valid inputs; no canary may appear in what
 * the client would receive (the superjson-serialised output). The procedures
 * are enumerated from appRouter, so a new query procedure fails this suite
 * until it has inputs here (or is shown to refuse leadership).
 */
import { randomBytes } from "node:crypto";
import {
  ACK_FORMATS,
  AGE_BUCKETS,
  COMPLIANCE_CLOCKS,
  DISCLOSURE_FILTERS,
  KPI_SEVERITIES,
  LEADERSHIP_METRICS,
  REPORT_VIEWS,
  SLA_FILTERS,
} from "@embargo/core";
import {
  addReporterMessage,
  reportByKey,
  requestDisclosureChange,
  schema,
  sendDueDigests,
  settleEscalations,
  sha256Hex,
  sweepDisclosures,
  sweepSla,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "./root.ts";
import {
  type Caller,
  callerFor,
  type Fixture,
  makeClock,
  makeTestDb,
  seedFixture,
  type TestDb,
} from "./test-support.ts";
import { transformer } from "./transformer.ts";

const DAY = 86_400_000;
const clock = makeClock("2026-03-02T09:00:00.000Z");
let t: TestDb;
let f: Fixture;
let triager: Caller;
let lead: Caller;

/** One distinct string per withheld field; none is a word any other output would contain. */
const CANARY = {
  description: "Zanzibarite overflow described in canary words",
  stepsToReproduce: "canary-steps-k3v9",
  proofOfConcept: "canary-poc-q7x2",
  impact: "canary-impact-m4t8",
  suggestedFix: "canary-suggested-fix-p1w5",
  sourceLocation: "canary-source-location-b6n3",
  configuration: "canary-configuration-h2r7",
  component: "canary-component-j8d4",
  affectedVersions: "canary-affected-versions-f5c1",
  cwe: "CWE-987654",
  severityReason: "canary-severity-reason-s9g6",
  cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H",
  fixedVersion: "31.41.59",
  messageToReporter: "canary-message-to-reporter-v3z8",
  messageFromReporter: "canary-message-from-reporter-y6e2",
  internalNote: "canary-internal-note-u4a7",
  attachmentFilename: "canary-attachment-filename-t1q9.txt",
  attachmentOriginalName: "canary-attachment-original-o5l3.txt",
  reporterName: "Canary Reportername Wqeight",
  reporterHandle: "canary_handle_zx4",
  reporterEmail: "canary-reporter-email@leak.test",
  creditPendingName: "Canary Pendingcredit Nmtwo",
  creditPendingEmail: "canary-credit-pending@leak.test",
  creditDeclinedName: "Canary Declinedcredit Nmthree",
  creditWithdrawnName: "Canary Withdrawncredit Nmfour",
  disclosureRequestReason: "canary-disclosure-request-reason-r8k1",
  disclosureDecisionNote: "canary-disclosure-decision-note-d2m6",
  disclosureExtensionReason: "canary-team-extension-reason-e7n4",
  transitionReason: "canary-transition-reason-i9c2",
  advisoryDetails: "canary-advisory-details-a3b5",
  advisoryWorkaround: "canary-advisory-workaround-w6c8",
} as const;
/** The one word of the description canary, for search. */
const DESCRIPTION_WORD = "Zanzibarite";

/** Canaries found in what a client would receive for `value`. */
function leaks(value: unknown): string[] {
  const text = JSON.stringify(transformer.output.serialize(value)).toLowerCase();
  return Object.entries(CANARY)
    .filter(([, c]) => text.includes(c.toLowerCase()))
    .map(([name]) => name);
}

/** Keys of the reports of the data set: open (A), fixed (B), with a saved advisory (D), and the fixture's. */
const keys = { A: "", B: "", D: "" };
const local = (at: Date) => at.toISOString().slice(0, 16);

/** A report in alpha with every field planted, sent by a named, reachable reporter. */
async function planted(title: string): Promise<string> {
  const { key } = await triager.reports.create({
    programSlug: "alpha",
    title,
    description: CANARY.description,
    stepsToReproduce: CANARY.stepsToReproduce,
    proofOfConcept: CANARY.proofOfConcept,
    impact: CANARY.impact,
    suggestedFix: CANARY.suggestedFix,
    sourceLocation: CANARY.sourceLocation,
    configuration: CANARY.configuration,
    component: CANARY.component,
    affectedVersions: CANARY.affectedVersions,
    cwe: CANARY.cwe,
    cvssVector: CANARY.cvssVector,
    reporter: { name: CANARY.reporterName, handle: CANARY.reporterHandle, email: CANARY.reporterEmail },
    assigneeId: f.users.triager.id,
  });
  clock.advance(60_000);
  await triager.reports.setSeverity({ key, severity: "critical", reason: CANARY.severityReason });
  await triager.reports.addMessage({ key, kind: "internal", body: CANARY.internalNote });
  await triager.reports.addMessage({ key, kind: "to_reporter", body: CANARY.messageToReporter });
  addReporterMessage(
    t.db,
    reportByKey(t.db, key)!,
    CANARY.messageFromReporter,
    [
      {
        filename: CANARY.attachmentFilename,
        originalFilename: CANARY.attachmentOriginalName,
        contentType: "text/plain",
        size: 12,
        sha256: "0".repeat(64),
      },
    ],
    clock.now(),
  );
  clock.advance(60_000);
  await triager.reports.transition({ key, action: "request_info", reason: CANARY.transitionReason });
  clock.advance(60_000);
  await triager.reports.transition({ key, action: "resume" });
  await triager.credits.add({
    key,
    name: CANARY.creditPendingName,
    email: CANARY.creditPendingEmail,
    type: "finder",
    display: "name",
  });
  await triager.credits.add({ key, name: CANARY.creditDeclinedName, type: "analyst", consent: "declined" });
  const withdrawn = await triager.credits.add({
    key,
    name: CANARY.creditWithdrawnName,
    type: "coordinator",
    consent: "accepted",
  });
  await triager.credits.withdraw({ key, id: withdrawn.id });
  return key;
}

beforeAll(async () => {
  t = makeTestDb();
  f = await seedFixture(t.db, clock.now);
  triager = await callerFor(t.db, f.users.triager, clock.now);

  // A: open and critical, triaged, its proposed date contested by the researcher (declined with a note),
  // then set, agreed and extended by the team within the next 30 days.
  keys.A = await planted("Canary report that stays open");
  const A = keys.A;
  clock.advance(60_000);
  await triager.reports.transition({ key: A, action: "triage" });
  clock.advance(60_000);
  const { request } = t.db.transaction((tx) =>
    requestDisclosureChange(
      tx,
      reportByKey(tx, A)!,
      {
        kind: "contest",
        requestedBy: "researcher",
        reason: CANARY.disclosureRequestReason,
        newAt: new Date(clock.now().getTime() + 23 * DAY),
        timeZone: "UTC",
        shortening: false,
      },
      { userId: null, label: "reporter" },
      clock.now(),
    ),
  );
  await triager.disclosure.decide({
    key: A,
    requestId: request.id,
    approve: false,
    note: CANARY.disclosureDecisionNote,
  });
  await triager.disclosure.setTarget({
    key: A,
    targetAt: local(new Date(clock.now().getTime() + 18 * DAY)),
    timeZone: "UTC",
  });
  await triager.disclosure.agree({ key: A });
  await triager.disclosure.extend({
    key: A,
    newAt: local(new Date(clock.now().getTime() + 26 * DAY)),
    timeZone: "UTC",
    reason: CANARY.disclosureExtensionReason,
  });
  await triager.escalations.raise({ key: A, level: "page", reason: "Board meeting on Thursday" });

  // B: fixed in a version nobody outside may know before the release.
  keys.B = await planted("Canary report that is fixed");
  clock.advance(60_000);
  await triager.reports.transition({ key: keys.B, action: "triage" });
  clock.advance(60_000);
  await triager.reports.transition({ key: keys.B, action: "mark_fixed", fixedVersion: CANARY.fixedVersion });

  // D: an advisory draft whose technical details and workaround are for triagers.
  keys.D = await planted("Canary report with an advisory draft");
  const draft = (await triager.advisories.get({ key: keys.D })).draft;
  await triager.advisories.save({
    key: keys.D,
    draft: {
      ...draft,
      cwes: [],
      // The affected and fixed versions, as a triager writes them into the draft before the release.
      affected: draft.affected.map((a) => ({
        ...a,
        ranges: [{ introduced: CANARY.affectedVersions, fixed: CANARY.fixedVersion, lastAffected: null }],
      })),
      summary: "A summary leadership may read.",
      details: CANARY.advisoryDetails,
      workaround: CANARY.advisoryWorkaround,
    },
  });

  // Two days on: clocks at risk and breached, disclosures due, all escalated and settled as the minute job does.
  clock.advance(2 * DAY);
  sweepSla(t.db, clock.now());
  sweepDisclosures(t.db, clock.now());
  settleEscalations(t.db, clock.now());

  lead = await callerFor(t.db, f.users.leadership, clock.now);
  triager = await callerFor(t.db, f.users.triager, clock.now);
});
afterAll(() => t.cleanup());

const allKeys = () => [keys.A, keys.B, keys.D, f.reports.alpha1, f.reports.alpha2];
const periods = () =>
  [
    { kind: "last30" },
    { kind: "last90" },
    { kind: "quarter", quarter: "2026-Q1" },
    { kind: "custom", from: "2026-01-01", to: "2026-12-31" },
  ] as const;

function freshInvitation(): string {
  const token = randomBytes(24).toString("base64url");
  t.db
    .insert(schema.accountLinks)
    .values({
      kind: "invitation",
      tokenHash: sha256Hex(token),
      email: "invitee@alpha.test",
      userId: null,
      programId: f.programs.alpha.id,
      role: "triager",
      createdAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 7 * DAY),
    })
    .run();
  return token;
}

type QueryEntry =
  /** Valid inputs; each call must succeed. */
  | { inputs: () => unknown[] }
  /** Leadership is refused before anything is read. */
  | { refused: TRPCError["code"]; input: () => unknown };

/** Every query procedure of appRouter. A new one fails the enumeration test until it is listed here. */
const QUERIES: Record<string, QueryEntry> = {
  "account.invitation": { inputs: () => [{ token: freshInvitation() }] },
  "advisories.get": { inputs: () => allKeys().map((key) => ({ key })) },
  "auth.me": { inputs: () => [undefined] },
  "credits.list": { inputs: () => allKeys().map((key) => ({ key })) },
  "credits.acknowledgments": {
    inputs: () => ACK_FORMATS.flatMap((format) => [{ program: "alpha", format }, { format }]),
  },
  "disclosure.calendar": {
    inputs: () => [
      { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-12-31T00:00:00Z") },
      { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-06-01T00:00:00Z"), program: "alpha" },
    ],
  },
  "disclosure.feedStatus": { inputs: () => [undefined] },
  "escalations.list": {
    inputs: () => ["open", "resolved", "all"].flatMap((status) => [{ status }, { status, programs: ["alpha"] }]),
  },
  "leadership.panel": { inputs: () => [{}, { programs: ["alpha"] }, { programs: ["alpha", "beta"] }] },
  "leadership.kpis": { inputs: () => periods().map((period) => ({ period })) },
  "leadership.trends": { inputs: () => [{}, { programs: ["alpha"] }] },
  "leadership.kpiCsv": { inputs: () => periods().map((period) => ({ period, programs: ["alpha"] })) },
  "leadership.reports": {
    inputs: () => [
      ...LEADERSHIP_METRICS.map((metric) => ({ metric, period: { kind: "last30" } })),
      ...COMPLIANCE_CLOCKS.flatMap((clock) =>
        (["compliance_met", "compliance_missed"] as const).map((metric) => ({
          metric,
          clock,
          program: "alpha",
          period: { kind: "quarter", quarter: "2026-Q1" },
        })),
      ),
      ...KPI_SEVERITIES.flatMap((severity) =>
        AGE_BUCKETS.map((bucket) => ({ metric: "backlog", severity, bucket, programs: ["alpha"] })),
      ),
    ],
  },
  "members.list": { refused: "FORBIDDEN", input: () => ({ program: "alpha" }) },
  "members.security": { refused: "FORBIDDEN", input: () => ({ userId: f.users.triager.id }) },
  "notifications.outbox": { refused: "FORBIDDEN", input: () => ({}) },
  "notifications.mailStatus": { refused: "FORBIDDEN", input: () => undefined },
  "audit.list": { refused: "FORBIDDEN", input: () => ({}) },
  "audit.actions": { refused: "FORBIDDEN", input: () => undefined },
  "audit.csv": { refused: "FORBIDDEN", input: () => ({}) },
  "audit.lastVerification": { refused: "FORBIDDEN", input: () => undefined },
  "notifications.webhooks": { refused: "FORBIDDEN", input: () => undefined },
  "profile.get": { inputs: () => [undefined] },
  "profile.digest": { inputs: () => [undefined] },
  "profile.sessions": { inputs: () => [undefined] },
  "security.factors": { inputs: () => [undefined] },
  "security.settings": { refused: "FORBIDDEN", input: () => undefined },
  "programs.list": { inputs: () => [undefined] },
  "programs.staff": { refused: "FORBIDDEN", input: () => ({ program: "alpha" }) },
  "programs.apiTokens": { refused: "FORBIDDEN", input: () => ({ program: "alpha" }) },
  "programs.render": {
    inputs: () => [
      { program: "alpha", format: "security-md" },
      { program: "alpha", format: "security-txt" },
    ],
  },
  "reports.list": {
    inputs: () => [
      ...REPORT_VIEWS.map((view) => ({ view })),
      { view: "all", program: "alpha", sort: "disclosure" },
      { view: "all", q: "canary" },
      { view: "all", q: DESCRIPTION_WORD },
      { view: "all", q: keys.A },
      { view: "all", sla: [...SLA_FILTERS] },
      ...DISCLOSURE_FILTERS.map((disclosure) => ({ view: "all", disclosure })),
      { view: "all", severities: ["critical"] },
      { view: "all", assignee: f.users.triager.id },
    ],
  },
  "reports.byKey": { inputs: () => allKeys().map((key) => ({ key })) },
  // A key at most: nothing the list does not show.
  "reports.jump": { inputs: () => allKeys().map((key) => ({ q: key.toLowerCase() })) },
  "researchers.list": { refused: "FORBIDDEN", input: () => ({ q: "canary" }) },
  "researchers.get": { refused: "FORBIDDEN", input: () => ({ id: 1 }) },
  "researchers.ofReport": { refused: "FORBIDDEN", input: () => ({ key: keys.A }) },
  "researchers.exportData": { refused: "FORBIDDEN", input: () => ({ id: 1 }) },
  "setup.status": { inputs: () => [undefined] },
};

const QUERY_PATHS = Object.entries(appRouter._def.procedures)
  .filter(([, p]) => (p as unknown as { _def: { type: string } })._def.type === "query")
  .map(([path]) => path)
  .sort();

function procedureAt(caller: Caller, path: string): (input: unknown) => Promise<unknown> {
  let node: unknown = caller;
  for (const part of path.split(".")) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "function") throw new Error(`no procedure at ${path}`);
  return node as (input: unknown) => Promise<unknown>;
}

describe("the data set", () => {
  it("plants every canary where a triager can read it", async () => {
    const seen = new Set<string>();
    for (const key of [keys.A, keys.B, keys.D]) {
      for (const out of [
        await triager.reports.byKey({ key }),
        await triager.credits.list({ key }),
        await triager.advisories.get({ key }),
      ]) {
        for (const name of leaks(out)) seen.add(name);
      }
    }
    expect(Object.keys(CANARY).filter((name) => !seen.has(name))).toEqual([]);
  });

  it("has escalations, criticals, late clocks and a disclosure due for leadership to see", async () => {
    const panel = await lead.leadership.panel({});
    expect(panel.escalations.length).toBeGreaterThan(0);
    expect(panel.criticals.map((r) => r.key)).toContain(keys.A);
    expect(panel.disclosuresDue.map((r) => r.key)).toContain(keys.A);
  });
});

describe("need-to-know", () => {
  it("every query procedure has an entry here (a new one must be added)", () => {
    const missing = QUERY_PATHS.filter((p) => !(p in QUERIES));
    const stale = Object.keys(QUERIES).filter((p) => !QUERY_PATHS.includes(p));
    expect(missing, `query procedures with no entry: ${missing.join(", ")}`).toEqual([]);
    expect(stale, `entries for procedures that are not queries of appRouter: ${stale.join(", ")}`).toEqual([]);
  });

  for (const [path, entry] of Object.entries(QUERIES)) {
    if ("refused" in entry) {
      it(`${path} refuses leadership (${entry.refused})`, async () => {
        let caught: unknown;
        try {
          await procedureAt(lead, path)(entry.input());
        } catch (e) {
          caught = e;
        }
        expect(caught, `${path} answered leadership`).toBeInstanceOf(TRPCError);
        expect((caught as TRPCError).code).toBe(entry.refused);
      });
      continue;
    }
    it(`${path} returns none of the withheld fields to leadership`, async () => {
      const inputs = entry.inputs();
      expect(inputs.length).toBeGreaterThan(0);
      const found: Record<string, string[]> = {};
      for (const input of inputs) {
        const out = await procedureAt(lead, path)(input);
        const names = leaks(out);
        if (names.length) found[`${path}(${JSON.stringify(input)})`] = names;
      }
      expect(found).toEqual({});
    });
  }

  it("the report page gives leadership no reporter, messages, attachments or credit wishes", async () => {
    const d = await lead.reports.byKey({ key: keys.A });
    expect(d.redacted).toBe(true);
    expect(d.researcher).toBeNull();
    expect(d.messages).toEqual([]);
    expect(d.attachments).toEqual([]);
    expect(d.report).toMatchObject({ description: null, cvssVector: null, fixedVersion: null, cwe: null });
    // creditAs and creditConsent are triage-only in the report's allow-list (report-view.ts).
    expect(d.report.creditAs).toBeNull();
    expect(d.report.creditConsent).toBeNull();
    // reports.byKey's `credit` repeats them: absent, or both null, for leadership.
    expect(
      [null, { creditAs: null, consent: null }],
      "reports.byKey sends the credit wishes to leadership",
    ).toContainEqual(d.credit);
  });

  it("what leadership is emailed (escalations, the weekly digest) and escalation webhooks carry no canary", async () => {
    await lead.profile.setDigest({ weekday: clock.now().getUTCDay() || 7, hour: 0 });
    expect(sendDueDigests(t.db, clock.now())).toBeGreaterThanOrEqual(1);
    const toLead = t.db
      .select()
      .from(schema.outbox)
      .all()
      .filter((r) => r.target === f.users.leadership.email);
    expect(toLead.map((r) => r.event)).toContain("escalation.raised");
    expect(toLead.map((r) => r.event)).toContain("leadership.digest");
    for (const r of toLead) expect(leaks(r.payloadJson), `${r.event} #${r.id}`).toEqual([]);
    const hooks = t.db
      .select()
      .from(schema.outbox)
      .all()
      .filter((r) => r.event.startsWith("escalation."));
    for (const r of hooks) expect(leaks(r.payloadJson), `${r.event} #${r.id}`).toEqual([]);
  });

  it("search for leadership matches titles only: a word of the description finds nothing; a triager finds it", async () => {
    const asLead = await lead.reports.list({ view: "all", q: DESCRIPTION_WORD });
    expect(asLead.rows).toEqual([]);
    const asTriager = await triager.reports.list({ view: "all", q: DESCRIPTION_WORD });
    expect(asTriager.rows.map((r) => r.key).sort()).toEqual([keys.A, keys.B, keys.D].sort());
    // The title still finds it for leadership.
    const byTitle = await lead.reports.list({ view: "all", q: "stays open" });
    expect(byTitle.rows.map((r) => r.key)).toEqual([keys.A]);
  });
});
