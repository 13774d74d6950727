import { describe, expect, it } from "vitest";
import type { ReportDetail } from "../../lib/types.ts";
import { describeEvent } from "./describeEvent.ts";

type Event = ReportDetail["events"][number];
const ev = (type: string, data: Record<string, unknown>): Event => ({
  id: 1,
  at: new Date("2026-05-01T10:00:00Z"),
  type: type as Event["type"],
  actorLabel: "triager@embargo.test",
  fromState: null,
  toState: null,
  data,
});

describe("describeEvent: disclosure events", () => {
  it("shows a moved date with both instants in the zone they were set in", () => {
    const line = describeEvent(
      ev("disclosure", {
        action: "extend",
        oldAt: "2026-08-01T10:00:00.000Z",
        newAt: "2026-09-01T10:00:00.000Z",
        timeZone: "Europe/Berlin",
      }),
    );
    expect(line).toMatch(/^Disclosure date extended: /);
    expect(line).toContain("1 Aug 2026, 12:00");
    expect(line).toContain("1 Sep 2026, 12:00");
    expect(line).toContain("Europe/Berlin");
  });

  it("says a shortening is a shortening, and whose request it was", () => {
    expect(
      describeEvent(
        ev("disclosure_request", {
          kind: "extension",
          requestedBy: "researcher",
          shortening: false,
          oldAt: null,
          newAt: "2026-09-01T10:00:00.000Z",
          timeZone: "UTC",
        }),
      ),
    ).toMatch(/^Reporter asked to extend the disclosure date: no date → .*2026/);
    expect(
      describeEvent(
        ev("disclosure", {
          action: "extend",
          shortening: true,
          requestedBy: "researcher",
          oldAt: null,
          newAt: null,
          timeZone: "UTC",
        }),
      ),
    ).toContain("brought forward at the reporter's request");
  });

  it("quotes an early publication's reason only when there is one", () => {
    expect(
      describeEvent(ev("disclosure", { action: "publish", early: true, overrideReason: "exploited in the wild" })),
    ).toBe("Advisory published before the disclosure date — “exploited in the wild”");
    // Leadership's copy of the event has no reason.
    expect(describeEvent(ev("disclosure", { action: "publish", early: true }))).toBe(
      "Advisory published before the disclosure date",
    );
  });

  it("describes milestones, declines and advisory edits", () => {
    expect(
      describeEvent(ev("milestone", { kind: "fix_released", actualAt: "2026-05-01T09:00:00.000Z", value: "3.4.3" })),
    ).toMatch(/^Fix released reached .* \(3\.4\.3\)$/);
    expect(describeEvent(ev("milestone", { kind: "cve_reserved", actualAt: null, targetAt: null, value: null }))).toBe(
      "CVE reserved cleared",
    );
    expect(describeEvent(ev("disclosure_decision", { requestId: 3, approve: false }))).toContain("declined");
    expect(describeEvent(ev("advisory", { fields: ["summary", "affected"], created: false }))).toBe(
      "Advisory edited: summary, affected",
    );
  });
});

describe("describeEvent: credit events", () => {
  it("names the credit type and what happened, never a person", () => {
    expect(describeEvent(ev("credits", { action: "add", type: "finder", consent: "pending", asked: true }))).toBe(
      "Added a finder credit; consent requested by email",
    );
    expect(describeEvent(ev("credits", { action: "answer", type: "remediation_developer", consent: "declined" }))).toBe(
      "The credited person declined a remediation developer credit",
    );
    expect(describeEvent(ev("credits", { action: "withdraw", type: "analyst" }))).toBe(
      "Consent withdrawn for an analyst credit",
    );
  });
});
