import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { TRANSITION_FROM, TRANSITION_NEEDS } from "../lifecycle/transitions.ts";
import { MILESTONE_NEEDS, MILESTONES } from "./enums.ts";
import {
  checkCveId,
  checkMilestone,
  isMilestoneLate,
  MILESTONE_TRANSITION,
  type MilestoneValue,
  STATE_MILESTONE,
  timelineOf,
} from "./milestones.ts";

const d = (s: string) => new Date(s);
const receivedAt = d("2026-03-01T09:00:00Z");
const now = d("2026-04-01T12:00:00Z");

function errorOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

const base = {
  targetAt: null,
  actualAt: null,
  value: null,
  receivedAt,
  now,
  versionScheme: "semver" as const,
};

describe("checkCveId", () => {
  it("trims and upper-cases a CVE id", () => {
    expect(checkCveId(" cve-2026-12345 ")).toBe("CVE-2026-12345");
    expect(checkCveId("CVE-2026-1234")).toBe("CVE-2026-1234");
    expect(checkCveId("CVE-2026-1234567890123456789")).toBe("CVE-2026-1234567890123456789");
  });

  it("refuses what is not a CVE id", () => {
    for (const v of [
      "CVE-2026-123",
      "CVE-26-12345",
      "2026-12345",
      "GHSA-xxxx-yyyy-zzzz",
      "CVE-2026-12345 CVE-2026-2",
      "",
    ]) {
      const e = errorOf(() => checkCveId(v));
      expect(e.field, v).toBe("cveId");
      expect(e.message).toBe("Must look like CVE-2026-12345");
    }
    expect(errorOf(() => checkCveId("nope", "value")).field).toBe("value");
  });
});

describe("isMilestoneLate", () => {
  it("is late once the target has come and it has not happened", () => {
    expect(isMilestoneLate({ targetAt: d("2026-03-31T00:00:00Z"), actualAt: null }, now)).toBe(true);
    expect(isMilestoneLate({ targetAt: now, actualAt: null }, now)).toBe(true);
    expect(isMilestoneLate({ targetAt: d("2026-04-02T00:00:00Z"), actualAt: null }, now)).toBe(false);
    expect(isMilestoneLate({ targetAt: d("2026-03-31T00:00:00Z"), actualAt: d("2026-04-01T00:00:00Z") }, now)).toBe(
      false,
    );
    expect(isMilestoneLate({ targetAt: null, actualAt: null }, now)).toBe(false);
  });
});

describe("checkMilestone", () => {
  it("refuses instants before receipt and a reached milestone in the future", () => {
    const early = errorOf(() => checkMilestone({ ...base, kind: "fix_started", actualAt: d("2026-02-28T00:00:00Z") }));
    expect(early.field).toBe("actualAt");
    expect(early.message).toBe("Fix started cannot be before the report was received");
    const future = errorOf(() => checkMilestone({ ...base, kind: "fix_ready", actualAt: d("2026-04-01T12:01:01Z") }));
    expect(future.field).toBe("actualAt");
    expect(future.message).toMatch(/in the future/);
    // A minute of clock difference is tolerated.
    expect(checkMilestone({ ...base, kind: "fix_ready", actualAt: d("2026-04-01T12:00:59Z") })).toEqual({
      value: null,
    });
    const target = errorOf(() => checkMilestone({ ...base, kind: "fix_ready", targetAt: d("2026-02-01T00:00:00Z") }));
    expect(target.field).toBe("targetAt");
    // A target in the past (a late milestone) is allowed.
    expect(checkMilestone({ ...base, kind: "fix_ready", targetAt: d("2026-03-15T00:00:00Z") })).toEqual({
      value: null,
    });
  });

  it("wants the fixed version, read by the program's scheme, when the fix is released", () => {
    const released = { ...base, kind: "fix_released" as const, actualAt: d("2026-03-30T00:00:00Z") };
    expect(errorOf(() => checkMilestone(released)).field).toBe("value");
    expect(checkMilestone({ ...released, value: " v1.4.2 " })).toEqual({ value: "v1.4.2" });
    const e = errorOf(() => checkMilestone({ ...released, value: "1.4" }));
    expect(e.field).toBe("value");
    expect(e.message).toBe("1.4 is not a semantic version (like 1.4.2)");
    expect(checkMilestone({ ...released, value: "2026.03", versionScheme: "calver" })).toEqual({ value: "2026.03" });
    expect(checkMilestone({ ...released, value: "spring build", versionScheme: "other" })).toEqual({
      value: "spring build",
    });
    // Planned, without a version yet.
    expect(checkMilestone({ ...base, kind: "fix_released", targetAt: d("2026-05-01T00:00:00Z") })).toEqual({
      value: null,
    });
  });

  it("wants a CVE id when one is reserved, normalised", () => {
    const reserved = { ...base, kind: "cve_reserved" as const, actualAt: d("2026-03-30T00:00:00Z") };
    expect(errorOf(() => checkMilestone(reserved)).field).toBe("value");
    expect(checkMilestone({ ...reserved, value: "cve-2026-40001" })).toEqual({ value: "CVE-2026-40001" });
    expect(errorOf(() => checkMilestone({ ...reserved, value: "CVE-2026" })).field).toBe("value");
  });

  it("wants the advisory's http(s) address when it is published", () => {
    const published = { ...base, kind: "advisory_published" as const, actualAt: d("2026-03-30T00:00:00Z") };
    expect(errorOf(() => checkMilestone(published)).field).toBe("value");
    const url = "https://github.com/acme/voice/security/advisories/GHSA-abcd-efgh-ijkl";
    expect(checkMilestone({ ...published, value: ` ${url} ` })).toEqual({ value: url });
    expect(checkMilestone({ ...published, value: "http://example.com/a" })).toEqual({ value: "http://example.com/a" });
    for (const v of ["javascript:alert(1)", "ftp://example.com/a", "example.com/advisory", "not a url"]) {
      expect(errorOf(() => checkMilestone({ ...published, value: v })).field, v).toBe("value");
    }
  });

  it("records no value for fix started and fix ready", () => {
    expect(checkMilestone({ ...base, kind: "fix_started", actualAt: receivedAt, value: "ignored" })).toEqual({
      value: null,
    });
  });
});

describe("STATE_MILESTONE and MILESTONE_TRANSITION", () => {
  it("never disagree", () => {
    for (const [state, milestone] of Object.entries(STATE_MILESTONE)) {
      const transition = MILESTONE_TRANSITION[milestone];
      expect(transition, milestone).toBeDefined();
      // The transition leads to the state that sets the milestone.
      expect({ start_fix: "fixing", mark_fixed: "fixed", disclose: "disclosed" }[transition as string]).toBe(state);
    }
    for (const [milestone, transition] of Object.entries(MILESTONE_TRANSITION)) {
      expect(Object.values(STATE_MILESTONE)).toContain(milestone);
      expect(TRANSITION_FROM[transition]).toBeDefined();
    }
  });

  it("the fix release asks for the version the mark_fixed transition asks for", () => {
    expect(MILESTONE_NEEDS.fix_released).toBe("fixedVersion");
    expect(TRANSITION_NEEDS.mark_fixed).toContain("fixedVersion");
    expect(MILESTONES.filter((m) => MILESTONE_NEEDS[m])).toEqual([
      "fix_released",
      "cve_reserved",
      "advisory_published",
    ]);
  });
});

describe("timelineOf", () => {
  const milestones: MilestoneValue[] = [
    { kind: "fix_started", targetAt: null, actualAt: d("2026-03-05T00:00:00Z"), value: null },
    { kind: "fix_ready", targetAt: d("2026-03-20T00:00:00Z"), actualAt: null, value: null },
    { kind: "cve_reserved", targetAt: d("2026-04-10T00:00:00Z"), actualAt: null, value: null },
  ];

  it("sorts the points by instant with their status", () => {
    const points = timelineOf({
      receivedAt,
      acknowledgedAt: d("2026-03-02T00:00:00Z"),
      milestones,
      fixReleaseTarget: d("2026-04-05T00:00:00Z"),
      disclosure: { at: d("2026-05-30T11:30:00Z"), timeZone: "Asia/Kolkata" },
      now,
    });
    expect(points.map((p) => [p.kind, p.at.toISOString().slice(0, 10), p.status])).toEqual([
      ["received", "2026-03-01", "done"],
      ["acknowledged", "2026-03-02", "done"],
      ["fix_started", "2026-03-05", "done"],
      ["fix_ready", "2026-03-20", "late"],
      ["today", "2026-04-01", "done"],
      ["fix_released", "2026-04-05", "planned"], // the resolve clock's due
      ["cve_reserved", "2026-04-10", "planned"],
      ["disclosure", "2026-05-30", "planned"],
    ]);
    expect(points.find((p) => p.kind === "disclosure")).toMatchObject({ label: "Disclosure", value: "Asia/Kolkata" });
    expect(points.find((p) => p.kind === "fix_ready")?.label).toBe("Fix ready");
  });

  it("puts a reached milestone at when it happened, and marks a passed disclosure late until published", () => {
    const late = timelineOf({
      receivedAt,
      acknowledgedAt: null,
      milestones: [
        {
          kind: "fix_released",
          targetAt: d("2026-03-10T00:00:00Z"),
          actualAt: d("2026-03-12T00:00:00Z"),
          value: "1.4.2",
        },
      ],
      fixReleaseTarget: d("2026-03-08T00:00:00Z"),
      disclosure: { at: d("2026-03-31T00:00:00Z"), timeZone: "UTC" },
      now,
    });
    expect(late.map((p) => [p.kind, p.status])).toEqual([
      ["received", "done"],
      ["fix_released", "done"],
      ["disclosure", "late"],
      ["today", "done"],
    ]);
    expect(late[1]).toMatchObject({ at: d("2026-03-12T00:00:00Z"), value: "1.4.2" });

    const published = timelineOf({
      receivedAt,
      acknowledgedAt: null,
      milestones: [
        {
          kind: "advisory_published",
          targetAt: null,
          actualAt: d("2026-03-31T02:00:00Z"),
          value: "https://a.example/1",
        },
      ],
      fixReleaseTarget: null,
      disclosure: { at: d("2026-03-31T00:00:00Z"), timeZone: "UTC" },
      now,
    });
    expect(published.map((p) => [p.kind, p.status])).toEqual([
      ["received", "done"],
      ["disclosure", "done"],
      ["advisory_published", "done"],
      ["today", "done"],
    ]);
  });

  it("leaves out milestones with neither a target nor a date", () => {
    const points = timelineOf({
      receivedAt,
      acknowledgedAt: null,
      milestones: [{ kind: "fix_ready", targetAt: null, actualAt: null, value: null }],
      fixReleaseTarget: null,
      disclosure: null,
      now,
    });
    expect(points.map((p) => p.kind)).toEqual(["received", "today"]);
  });
});
