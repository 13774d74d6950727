import { describe, expect, it } from "vitest";
import { digestDue, digestEmail } from "./digest.ts";
import { escalationReason, levelOf, promiseOf } from "./escalations.ts";

const now = new Date("2026-12-04T02:30:00Z"); // Friday 08:00 in Kolkata

describe("escalation reasons", () => {
  it("names the report, the promise, the instant in the program's zone and the time left", () => {
    const due = new Date("2026-12-04T11:30:00Z"); // 17:00 IST, 9 h after now
    const reason = escalationReason({
      key: "VOICE-12",
      kind: "clock_at_risk",
      clock: "resolve",
      severity: "critical",
      due,
      timeZone: "Asia/Kolkata",
      now,
    });
    expect(reason).toBe("VOICE-12: critical fix due Fri 4 Dec 17:00 IST, 9 h left");
  });

  it("a breach says how long overdue; a disclosure that is due says no fix is released", () => {
    const due = new Date("2026-12-03T20:30:00Z");
    const breached = escalationReason({
      key: "A-1",
      kind: "clock_breached",
      clock: "acknowledge",
      due,
      timeZone: "UTC",
      now,
    });
    expect(breached).toMatch(/^A-1: acknowledgement was due Thu 3 Dec 20:30 UTC, 6 h overdue$/);
    const disclosure = escalationReason({
      key: "A-2",
      kind: "disclosure_due",
      due: new Date("2026-12-08T00:00:00Z"),
      timeZone: "UTC",
      now,
    });
    expect(disclosure).toBe("A-2: disclosure due Tue 8 Dec 00:00 UTC and no fix is released");
  });

  it("levels: at risk is attention, a breach or a critical report pages, a disclosure pages once overdue", () => {
    expect(levelOf("clock_at_risk")).toBe("attention");
    expect(levelOf("clock_breached")).toBe("page");
    expect(levelOf("critical_received")).toBe("page");
    expect(levelOf("disclosure_due")).toBe("attention");
    expect(levelOf("disclosure_due", true)).toBe("page");
    expect(promiseOf("resolve", null)).toBe("fix");
  });

  it("a critical report says it arrived critical, or was rated critical later", () => {
    const arrived = escalationReason({ key: "A-3", kind: "critical_received", receivedAt: now, timeZone: "UTC", now });
    expect(arrived).toBe("A-3: critical report received Fri 4 Dec 02:30 UTC");
    const later = new Date(now.getTime() + 86_400_000);
    const regraded = escalationReason({
      key: "A-3",
      kind: "critical_received",
      receivedAt: now,
      timeZone: "UTC",
      now: later,
    });
    expect(regraded).toBe("A-3: rated critical Sat 5 Dec 02:30 UTC");
  });
});

describe("weekly digest", () => {
  const kolkataFriday8 = { weekday: 5, hour: 8, timeZone: "Asia/Kolkata" };
  it("is due from the chosen hour of the chosen weekday in the user's zone, once a week", () => {
    expect(digestDue(kolkataFriday8, null, now)).toBe(true);
    expect(digestDue(kolkataFriday8, null, new Date(now.getTime() - 60_000))).toBe(false); // 07:59 IST
    expect(digestDue({ ...kolkataFriday8, weekday: 4 }, null, now)).toBe(false);
    expect(digestDue({ ...kolkataFriday8, weekday: null }, null, now)).toBe(false);
    // Sent an hour ago: not again today; sent last week: due.
    expect(digestDue(kolkataFriday8, new Date(now.getTime() - 3_600_000), now)).toBe(false);
    expect(digestDue(kolkataFriday8, new Date(now.getTime() - 7 * 86_400_000), now)).toBe(true);
  });

  it("says counts, never a key or a title", () => {
    const mail = digestEmail(
      {
        programs: "Voice",
        openEscalations: 3,
        pageEscalations: 1,
        openCriticals: 2,
        breached: 4,
        atRisk: 5,
        disclosuresDue: 6,
        kpis: {
          period: {
            from: new Date("2026-11-03T00:00:00Z"),
            to: new Date("2026-12-03T00:00:00Z"),
            label: "Last 30 days",
          },
          timeTo: [{ measure: "acknowledge", severity: "high", n: 2, medianMs: 7_200_000, p90Ms: 9_000_000 }],
          compliance: [
            { programSlug: "voice", programName: "Voice", clock: "acknowledge", due: 4, met: 3, ratio: 0.75 },
          ],
          backlog: [{ severity: "high", buckets: [1, 0, 2, 0] }],
          flow: { received: 7, closed: 8 },
        },
      },
      "https://embargo.example/leadership",
    );
    expect(mail.subject).toContain("3 open escalations");
    expect(mail.text).toContain("Open critical reports: 2");
    expect(mail.text).toContain("Voice · acknowledge: 3/4 (75%)");
    expect(mail.text).toContain("acknowledge · high: 2.0 h, 2.5 h (2 reports)");
    expect(mail.text).toContain("https://embargo.example/leadership");
    expect(mail.text).not.toMatch(/[A-Z]+-\d+/);
  });
});
