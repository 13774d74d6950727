import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  advisorySettingsSchema,
  CVE_ID_PATTERN,
  checkVersion,
  type Policy,
  policySchema,
  REPORT_STATES,
  type VersionScheme,
} from "@embargo/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../client.ts";
import { programBySlug } from "../programs/programs.ts";
import { seedDemo } from "./demo.ts";

// The demo is the three real policies of issue 10 §5. The expected values are
// written from the text, not from the seed: each test reads the policy
// a fresh demo database stored and compares it field by field. A promise the
// issue does not state is expected as "nothing promised" (null, [] or false).

const NOW = new Date("2026-12-01T09:00:00Z");
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "embargo-demo-"));
  db = openDatabase(path.join(dir, "demo.db"));
  await seedDemo(db, NOW);
}, 60_000);

afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

function storedPolicy(slug: string): Policy {
  const program = programBySlug(db, slug);
  if (!program) throw new Error(`no demo program ${slug}`);
  // Every field is stored, none left to defaults.
  expect(Object.keys(program.policy).sort()).toEqual(Object.keys(policySchema.shape).sort());
  expect(Object.keys(program.policy.contacts).sort()).toEqual(["emergency", "security", "subjects", "support"]);
  return program.policy;
}

const hours = (amount: number) => ({ amount, unit: "hours" });
const days = (amount: number) => ({ amount, unit: "days" });
const onExampleDomain = (address: string) => expect(address).toMatch(/^[^@\s]+@[a-z0-9.-]+\.example$/);

describe("the demo programs hold exactly their policies' promises", () => {
  it("IndiVillage Voice Agent System", () => {
    const program = programBySlug(db, "voice")!;
    expect(program.name).toBe("IndiVillage Voice Agent System");
    expect(program.keyPrefix).toBe("VOICE");
    const p = storedPolicy("voice");

    // Supported: 1.0.x yes, 0.9.x limited, 0.8.x no, < 0.8 no.
    expect(p.supportedVersions).toEqual([
      { range: "1.0.x", status: "supported" },
      { range: "0.9.x", status: "limited" },
      { range: "0.8.x", status: "unsupported" },
      { range: "< 0.8", status: "unsupported" },
    ]);
    // Report to the security address with subject "[SECURITY] Voice Agent System - …".
    expect(p.contacts.security).toHaveLength(1);
    onExampleDomain(p.contacts.security[0]!);
    expect(p.contacts.subjects?.security).toBe("[SECURITY] Voice Agent System - \u2026");
    // Acknowledge within 24 hours; initial assessment within 72 hours.
    expect(p.acknowledge).toEqual(hours(24));
    expect(p.assess).toEqual(hours(72));
    // Critical issues resolved within 7 days; nothing promised for the other severities.
    expect(p.resolve).toEqual({ critical: days(7), high: null, medium: null, low: null });
    // Emergency contact: a second address, subject "[CRITICAL SECURITY] Voice Agent System", answered within 4 hours.
    expect(p.contacts.emergency).toHaveLength(1);
    onExampleDomain(p.contacts.emergency[0]!);
    expect(p.contacts.emergency[0]).not.toBe(p.contacts.security[0]);
    expect(p.contacts.subjects?.emergency).toBe("[CRITICAL SECURITY] Voice Agent System");
    expect(p.emergency).toEqual(hours(4));
    // 90-day disclosure for non-critical issues; critical ones immediately once the patch is available.
    expect(p.disclosure).toEqual(days(90));
    expect(p.criticalDisclosure).toEqual({ after: "patch_release", delay: null });
    // Coordinated disclosure.
    expect(p.coordinatedDisclosure).toBe(true);
    // Credit if desired and with permission.
    expect(p.credit).toEqual({ mode: "opt_in", places: [] });
    // Critical issues escalated to the leadership team.
    expect(p.escalateCriticalToLeadership).toBe(true);
    // English and Hindi.
    expect(p.languages).toEqual(["en", "hi"]);
    // Advisories on GitHub Security Advisories, and by email for critical updates.
    expect(p.advisories).toEqual([
      { channel: "github", scope: "all" },
      { channel: "email", scope: "critical" },
    ]);
    // Not promised.
    expect(p.update).toBeNull();
    expect(p.assessmentIncludes).toEqual([]);
    expect(p.immediateCriticalPatch).toBe(false);
    expect(p.criticalDependencyUpdate).toBeNull();
    expect(p.contacts.support).toEqual([]);
    // IndiVillage is in India.
    expect(p.calendar.timeZone).toBe("Asia/Kolkata");
  });

  it("Echo", () => {
    const program = programBySlug(db, "echo")!;
    expect(program.name).toBe("Echo");
    expect(program.keyPrefix).toBe("ECHO");
    const p = storedPolicy("echo");

    // Supported: 1.x.x.
    expect(p.supportedVersions).toEqual([{ range: "1.x.x", status: "supported" }]);
    // Respond within 48 hours.
    expect(p.acknowledge).toEqual(hours(48));
    // "We will provide a timeline for the fix."
    expect(p.assessmentIncludes).toEqual(["fix_timeline"]);
    // Credit if desired.
    expect(p.credit).toEqual({ mode: "opt_in", places: [] });
    // Updates for critical vulnerable dependencies within 7 days.
    expect(p.criticalDependencyUpdate).toEqual(days(7));
    // A general support address besides the security one.
    expect(p.contacts.security).toHaveLength(1);
    expect(p.contacts.support).toHaveLength(1);
    for (const a of [...p.contacts.security, ...p.contacts.support!]) onExampleDomain(a);
    expect(p.contacts.support![0]).not.toBe(p.contacts.security[0]);
    // Not promised.
    expect(p.assess).toBeNull();
    expect(p.update).toBeNull();
    expect(p.emergency).toBeNull();
    expect(p.resolve).toEqual({ critical: null, high: null, medium: null, low: null });
    expect(p.disclosure).toBeNull();
    expect(p.criticalDisclosure).toBeNull();
    expect(p.coordinatedDisclosure).toBe(false);
    expect(p.advisories).toEqual([]);
    expect(p.immediateCriticalPatch).toBe(false);
    expect(p.escalateCriticalToLeadership).toBe(false);
    expect(p.contacts.emergency).toEqual([]);
    expect(p.contacts.subjects).toEqual({ security: null, emergency: null });
    expect(p.languages).toEqual([]);
  });

  it("SereneSense", () => {
    const program = programBySlug(db, "serenesense")!;
    expect(program.name).toBe("SereneSense");
    expect(program.keyPrefix).toBe("SENSE");
    const p = storedPolicy("serenesense");

    // Supported: 1.0.x; < 1.0 not.
    expect(p.supportedVersions).toEqual([
      { range: "1.0.x", status: "supported" },
      { range: "< 1.0", status: "unsupported" },
    ]);
    // Subject "[SECURITY] …".
    expect(p.contacts.security).toHaveLength(1);
    onExampleDomain(p.contacts.security[0]!);
    expect(p.contacts.subjects).toEqual({ security: "[SECURITY] \u2026", emergency: null });
    // Acknowledge within 48 hours; initial assessment within 5 business days:
    // confirmation, severity, expected fix timeline.
    expect(p.acknowledge).toEqual(hours(48));
    expect(p.assess).toEqual({ amount: 5, unit: "business_days" });
    expect(p.assessmentIncludes).toEqual(["confirmation", "severity", "fix_timeline"]);
    // Critical: immediate patch release, resolved within 30 days at most; high within 7 days;
    // medium within 30 days; low in the next regular release.
    expect(p.immediateCriticalPatch).toBe(true);
    expect(p.resolve).toEqual({ critical: days(30), high: days(7), medium: days(30), low: "next_release" });
    // Credit in the advisory unless the reporter prefers anonymity.
    expect(p.credit).toEqual({ mode: "opt_out", places: ["advisory"] });
    // Advisories published on GitHub.
    expect(p.advisories).toEqual([{ channel: "github", scope: "all" }]);
    // Not promised.
    expect(p.update).toBeNull();
    expect(p.emergency).toBeNull();
    expect(p.disclosure).toBeNull();
    expect(p.criticalDisclosure).toBeNull();
    expect(p.coordinatedDisclosure).toBe(false);
    expect(p.escalateCriticalToLeadership).toBe(false);
    expect(p.criticalDependencyUpdate).toBeNull();
    expect(p.contacts.emergency).toEqual([]);
    expect(p.contacts.support).toEqual([]);
    expect(p.languages).toEqual([]);
  });
});

describe("the demo data", () => {
  const all = <T>(sql: string) => db.$client.prepare(sql).all() as T[];

  it("has exactly these three programs and about 60 reports spread over them, every state in each", () => {
    expect(all<{ slug: string }>("SELECT slug FROM programs ORDER BY id").map((p) => p.slug)).toEqual([
      "voice",
      "echo",
      "serenesense",
    ]);
    const perProgram = all<{ slug: string; n: number }>(
      "SELECT p.slug, count(*) n FROM reports r JOIN programs p ON p.id = r.program_id GROUP BY p.slug",
    );
    expect(perProgram.reduce((s, p) => s + p.n, 0)).toBe(60);
    const states = all<{ slug: string; state: string }>(
      "SELECT DISTINCT p.slug, r.state FROM reports r JOIN programs p ON p.id = r.program_id",
    );
    // Every state a demo path leads to: all but not applicable and won't fix.
    const expected = REPORT_STATES.filter((s) => s !== "wont_fix" && s !== "not_applicable");
    for (const { slug } of perProgram) {
      expect(
        states
          .filter((s) => s.slug === slug)
          .map((s) => s.state)
          .sort(),
        slug,
      ).toEqual([...expected].sort());
    }
  });

  it("keys each program's reports with its own prefix and keeps every address on an example domain", () => {
    const keys = all<{ slug: string; key: string }>(
      "SELECT p.slug, r.key FROM reports r JOIN programs p ON p.id = r.program_id",
    );
    const prefix = { voice: "VOICE", echo: "ECHO", serenesense: "SENSE" } as Record<string, string>;
    for (const { slug, key } of keys) expect(key.startsWith(`${prefix[slug]}-`)).toBe(true);
    const emails = all<{ email: string }>("SELECT email FROM researchers WHERE email IS NOT NULL");
    for (const { email } of emails) onExampleDomain(email);
  });

  it("gives the demo users their programs", () => {
    const rows = all<{ email: string; role: string; slug: string }>(
      "SELECT u.email, m.role, p.slug FROM memberships m JOIN users u ON u.id = m.user_id JOIN programs p ON p.id = m.program_id ORDER BY u.email, p.id",
    );
    const of = (email: string) => rows.filter((r) => r.email === email).map((r) => `${r.role}:${r.slug}`);
    expect(of("admin@embargo.test")).toEqual(["admin:voice", "admin:echo", "admin:serenesense"]);
    expect(of("triager@embargo.test")).toEqual(["triager:voice", "triager:echo"]);
    expect(of("sense.triager@embargo.test")).toEqual(["triager:serenesense"]);
    expect(of("leadership@embargo.test")).toEqual(["leadership:voice", "leadership:echo", "leadership:serenesense"]);
  });
});

describe("the demo's disclosure plans, patch timelines and advisories", () => {
  const all = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).all(...args) as T[];
  interface Row {
    id: number;
    key: string;
    slug: string;
    scheme: VersionScheme;
    state: string;
    plan: string;
    target: number | null;
    zone: string | null;
    basis: string | null;
    pending: number;
    cve: string | null;
    fixed: string | null;
    url: string | null;
  }
  const reports = () =>
    all<Row>(
      `SELECT r.id, r.key, p.slug, p.version_scheme scheme, r.state, r.disclosure_state plan,
              r.disclosure_target_at target, r.disclosure_time_zone zone, r.disclosure_basis basis,
              r.disclosure_request_pending pending, r.cve_id cve, r.fixed_version fixed, r.advisory_url url
         FROM reports r JOIN programs p ON p.id = r.program_id ORDER BY r.id`,
    );
  const milestone = (reportId: number, kind: string) =>
    all<{ target_at: number | null; actual_at: number | null; value: string | null }>(
      "SELECT target_at, actual_at, value FROM report_milestones WHERE report_id = ? AND kind = ?",
      reportId,
      kind,
    )[0];

  it("gives every demo program the advisory settings all three exports need", () => {
    const rows = all<Record<string, string | null>>(
      "SELECT slug, vendor_name, cve_assigner_org_id, cve_assigner_short_name, osv_ecosystem FROM programs",
    );
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      const parsed = advisorySettingsSchema.safeParse({
        vendorName: r.vendor_name,
        cveAssignerOrgId: r.cve_assigner_org_id,
        cveAssignerShortName: r.cve_assigner_short_name,
        osvEcosystem: r.osv_ecosystem,
      });
      expect(parsed.success, `${r.slug}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      for (const v of Object.values(parsed.data ?? {})) expect(v, r.slug!).toBeTruthy();
    }
  });

  it("plans a disclosure date, with its zone and basis, for every report that was triaged", () => {
    const worked = reports().filter((r) => ["triaged", "fixing", "fixed", "disclosed"].includes(r.state));
    expect(worked.length).toBeGreaterThan(10);
    for (const r of worked) {
      expect(r.plan, r.key).not.toBe("none");
      expect(r.plan, r.key).not.toBe("cancelled");
      expect(r.target, r.key).not.toBeNull();
      expect(r.zone, r.key).toBeTruthy();
      expect(r.basis, r.key).toBeTruthy();
    }
    // Only the voice policy promises a window: its dates come from the policy, the others' by hand.
    for (const r of worked.filter((w) => w.state === "triaged")) {
      expect(r.basis === "manual", r.key).toBe(r.slug !== "voice");
    }
    // Reports never worked on have no plan.
    for (const r of reports().filter((x) => x.state === "received")) expect(r.plan, r.key).toBe("none");
    expect(worked.filter((r) => r.plan === "agreed").length).toBeGreaterThanOrEqual(3);
    expect(worked.filter((r) => r.plan === "proposed").length).toBeGreaterThanOrEqual(2);
  });

  it("has a researcher's extension request waiting and approved extensions that moved the date", () => {
    const requests = all<{ report_id: number; kind: string; requested_by: string; state: string; new_at: number }>(
      "SELECT report_id, kind, requested_by, state, new_at FROM disclosure_requests",
    );
    const byId = new Map(reports().map((r) => [r.id, r]));
    const pending = requests.filter((q) => q.state === "pending");
    expect(pending.some((q) => q.kind === "extension" && q.requested_by === "researcher")).toBe(true);
    for (const q of pending) expect(byId.get(q.report_id)!.pending).toBe(1);
    const approved = requests.filter((q) => q.state === "approved" && q.kind === "extension");
    expect(approved.length).toBeGreaterThanOrEqual(1);
    for (const q of approved) {
      const r = byId.get(q.report_id)!;
      expect(r.plan, r.key).toBe("extended");
      expect(r.target, r.key).toBe(q.new_at);
    }
    // A report's flag says exactly whether something waits.
    for (const r of byId.values()) expect(r.pending, r.key).toBe(pending.some((q) => q.report_id === r.id) ? 1 : 0);
  });

  it("records the patch timeline each state has reached: fix started, fix released with a valid version, a CVE", () => {
    const rows = reports();
    for (const r of rows.filter((x) => ["fixing", "fixed", "disclosed"].includes(x.state))) {
      expect(milestone(r.id, "fix_started")?.actual_at, r.key).toBeTruthy();
    }
    const released = rows.filter((x) => x.state === "fixed" || x.state === "disclosed");
    expect(released.length).toBeGreaterThanOrEqual(6);
    for (const r of released) {
      const m = milestone(r.id, "fix_released");
      expect(m?.actual_at, r.key).toBeTruthy();
      expect(m?.value, r.key).toBe(r.fixed);
      expect(() => checkVersion(r.scheme, r.fixed ?? "")).not.toThrow();
      expect(r.cve, r.key).toMatch(CVE_ID_PATTERN);
      expect(milestone(r.id, "cve_reserved")?.value, r.key).toBe(r.cve);
    }
    // No report still being fixed has a released fix.
    for (const r of rows.filter((x) => x.state === "fixing")) {
      expect(milestone(r.id, "fix_released")?.actual_at ?? null, r.key).toBeNull();
    }
  });

  it("has a late milestone: a target that passed without it happening", () => {
    const late = all<{ report_id: number }>(
      "SELECT report_id FROM report_milestones WHERE actual_at IS NULL AND target_at IS NOT NULL AND target_at <= ?",
      NOW.getTime(),
    );
    expect(late.length).toBeGreaterThanOrEqual(1);
  });

  it("publishes every disclosed report through the advisory, one with the advisory written in Embargo", () => {
    const disclosed = reports().filter((r) => r.state === "disclosed");
    expect(disclosed.length).toBeGreaterThanOrEqual(3);
    for (const r of disclosed) {
      expect(r.plan, r.key).toBe("published");
      expect(r.url, r.key).toMatch(/^https?:\/\//);
      expect(milestone(r.id, "advisory_published")?.value, r.key).toBe(r.url);
    }
    // The default public address of a demo started with `pnpm start`.
    const generated = disclosed.filter((r) => r.url === `http://localhost:3000/advisories/${r.key}`);
    expect(generated).toHaveLength(1);
    const saved = all<{ report_id: number }>("SELECT report_id FROM advisories").map((a) => a.report_id);
    expect(saved).toContain(generated[0]!.id);
    expect(saved.length).toBeGreaterThanOrEqual(2);
    // Each went through publishAdvisory, which writes the plan's publish entry.
    const published = all<{ n: number }>(
      "SELECT count(*) n FROM audit_log WHERE action = 'report.disclosure.publish'",
    )[0]!.n;
    expect(published).toBe(disclosed.length);
  });
});

describe("the demo's credits", () => {
  it("credits co-finders on disclosed reports (accepted by name and by handle, one declined), and their reporters accepted", () => {
    const rows = db.$client
      .prepare(
        `SELECT c.type, c.display, c.consent, c.consent_channel AS channel, c.position, r.state
         FROM credits c JOIN reports r ON r.id = c.report_id WHERE r.state IN ('disclosed', 'fixed')`,
      )
      .all() as {
      type: string;
      display: string;
      consent: string;
      channel: string | null;
      position: number;
      state: string;
    }[];
    const others = rows.filter((r) => r.position > 0);
    expect(others.some((c) => c.consent === "accepted" && c.display === "handle")).toBe(true);
    expect(others.some((c) => c.consent === "accepted" && c.display === "name")).toBe(true);
    expect(others.some((c) => c.consent === "declined")).toBe(true);
    expect(others.every((c) => c.channel === "team")).toBe(true);
    const disclosedReporters = rows.filter((r) => r.position === 0 && r.state === "disclosed");
    expect(disclosedReporters.length).toBeGreaterThan(0);
    expect(disclosedReporters.every((c) => c.consent === "accepted")).toBe(true);
  });
});
