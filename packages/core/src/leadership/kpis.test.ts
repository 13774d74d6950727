import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { defaultPolicy, type Policy } from "../policy/schema.ts";
import { computeClocks } from "../sla/clocks.ts";
import {
  ageBucketOf,
  ageBucketRange,
  complianceOf,
  type KpiTable,
  kpiCsv,
  nominalMs,
  percentile,
  summarizeDurations,
} from "./kpis.ts";

// Expected values are worked out by hand in the comments beside them.
const H = 3_600_000;
const DAY = 24 * H;
const d = (s: string) => new Date(s);

describe("percentile and summarizeDurations", () => {
  it("median and 90th percentile by linear interpolation between ranks", () => {
    // Acknowledged after 1, 2, 4 and 10 hours: median halfway between 2 and 4 = 3 h;
    // p90 at rank (4-1)*0.9 = 2.7, i.e. 4 + 0.7*(10-4) = 8.2 h.
    const s = summarizeDurations([10 * H, 1 * H, 4 * H, 2 * H]);
    expect(s).toMatchObject({ n: 4, medianMs: 3 * H });
    expect(s.p90Ms).toBeCloseTo(8.2 * H, 3);
    // 1..10: median 5.5, p90 at rank 8.1 → 9 + 0.1 = 9.1.
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(percentile(ten, 0.5)).toBe(5.5);
    expect(percentile(ten, 0.9)).toBeCloseTo(9.1, 10);
  });

  it("an empty period has no median; one report is its own median and p90", () => {
    expect(summarizeDurations([])).toEqual({ n: 0, medianMs: null, p90Ms: null });
    expect(summarizeDurations([7 * H])).toEqual({ n: 1, medianMs: 7 * H, p90Ms: 7 * H });
  });

  it("an odd count has its middle value as median", () => {
    expect(summarizeDurations([5, 1, 3]).medianMs).toBe(3);
  });
});

describe("age buckets", () => {
  const now = d("2026-06-30T12:00:00Z");
  it("puts an open report in the bucket of its age in days, edges to the older side", () => {
    expect(ageBucketOf(new Date(now.getTime() - 6.9 * DAY), now)).toBe("lt7");
    expect(ageBucketOf(new Date(now.getTime() - 7 * DAY), now)).toBe("d7to30");
    expect(ageBucketOf(new Date(now.getTime() - 29 * DAY), now)).toBe("d7to30");
    expect(ageBucketOf(new Date(now.getTime() - 30 * DAY), now)).toBe("d30to90");
    expect(ageBucketOf(new Date(now.getTime() - 90 * DAY), now)).toBe("gt90");
    expect(ageBucketOf(new Date(now.getTime() - 400 * DAY), now)).toBe("gt90");
  });

  it("the range of a bucket holds exactly the instants the bucket function puts in it", () => {
    for (const ageDays of [0, 3, 6.99, 7, 12, 29.5, 30, 60, 89.9, 90, 91, 500]) {
      const at = new Date(now.getTime() - ageDays * DAY);
      const bucket = ageBucketOf(at, now);
      const { from, to } = ageBucketRange(bucket, now);
      if (from) expect(at.getTime()).toBeGreaterThan(from.getTime());
      if (to) expect(at.getTime()).toBeLessThanOrEqual(to.getTime());
    }
  });
});

describe("complianceOf", () => {
  const period = { from: d("2026-03-01T00:00:00Z"), to: d("2026-04-01T00:00:00Z") };
  const now = d("2026-03-20T00:00:00Z");

  it("counts clocks due in the period that were met or are past due; met on time is kept", () => {
    const c = complianceOf(
      [
        { dueAt: d("2026-03-05T00:00:00Z"), metAt: d("2026-03-04T00:00:00Z") }, // kept
        { dueAt: d("2026-03-06T00:00:00Z"), metAt: d("2026-03-06T00:00:00Z") }, // kept at the due instant itself
        { dueAt: d("2026-03-07T00:00:00Z"), metAt: d("2026-03-08T00:00:00Z") }, // met late: missed
        { dueAt: d("2026-03-10T00:00:00Z"), metAt: null }, // past due, not met: missed
        { dueAt: d("2026-03-25T00:00:00Z"), metAt: null }, // still running: not counted yet
        { dueAt: d("2026-03-28T00:00:00Z"), metAt: d("2026-03-15T00:00:00Z") }, // met early, due later in the period: kept
        { dueAt: d("2026-02-27T00:00:00Z"), metAt: d("2026-02-26T00:00:00Z") }, // due before the period
        { dueAt: d("2026-04-01T00:00:00Z"), metAt: d("2026-03-10T00:00:00Z") }, // due at the (exclusive) end
      ],
      period,
      now,
    );
    expect(c).toEqual({ due: 5, met: 3, ratio: 3 / 5 });
  });

  it("nothing due: no ratio rather than 0% or 100%", () => {
    expect(complianceOf([], period, now)).toEqual({ due: 0, met: 0, ratio: null });
  });

  it("business-day clocks: the assess clock's due instant skips the weekend, so a Monday answer keeps a Friday report's promise", () => {
    const policy: Policy = {
      ...defaultPolicy(),
      assess: { amount: 1, unit: "business_days" },
      calendar: { timeZone: "UTC", workingDays: ["mon", "tue", "wed", "thu", "fri"], holidays: [] },
    };
    const received = d("2026-03-06T15:00:00Z"); // a Friday
    const assessedMonday = d("2026-03-09T10:00:00Z");
    const clocks = computeClocks({
      policy,
      receivedAt: received,
      initialSeverity: "high",
      events: [
        { at: d("2026-03-06T16:00:00Z"), kind: "transition", from: "new", to: "acknowledged" },
        { at: assessedMonday, kind: "transition", from: "acknowledged", to: "triaged" },
      ],
      now,
    });
    const assess = clocks.find((c) => c.name === "assess");
    // One business day from Friday 15:00 is Monday 15:00: met at 10:00 that Monday.
    expect(assess?.due).toEqual(d("2026-03-09T15:00:00Z"));
    const outcome = { dueAt: assess?.due as Date, metAt: assess?.metAt ?? null };
    expect(complianceOf([outcome], period, now)).toEqual({ due: 1, met: 1, ratio: 1 });
    // 24 calendar hours would have been Saturday 15:00, and the Monday answer late.
    expect(complianceOf([{ dueAt: d("2026-03-07T15:00:00Z"), metAt: assessedMonday }], period, now).met).toBe(0);
  });
});

describe("nominalMs", () => {
  it("turns promises into chart lines; business days at 7/5 of a day", () => {
    expect(nominalMs({ amount: 24, unit: "hours" })).toBe(24 * H);
    expect(nominalMs({ amount: 7, unit: "days" })).toBe(7 * DAY);
    expect(nominalMs({ amount: 5, unit: "business_days" })).toBe(7 * DAY);
    expect(nominalMs({ amount: 2, unit: "weeks" })).toBe(14 * DAY);
    expect(nominalMs("next_release")).toBeNull();
    expect(nominalMs(null)).toBeNull();
  });
});

describe("kpiCsv", () => {
  const table: KpiTable = {
    period: { from: d("2026-07-01T00:00:00Z"), to: d("2026-10-01T00:00:00Z"), label: "2026-Q3" },
    timeTo: [{ measure: "acknowledge", severity: "critical", n: 4, medianMs: 3 * H, p90Ms: 8.2 * H }],
    compliance: [
      { programSlug: "voice", programName: '=HYPERLINK("x")', clock: "acknowledge", due: 4, met: 3, ratio: 0.75 },
    ],
    backlog: [{ severity: "high", buckets: [1, 2, 3, 4] }],
    flow: { received: 9, closed: 5 },
  };

  it("one row per figure with the period on each, durations in hours, formulas guarded", () => {
    const text = kpiCsv(table, "Voice");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    const ack = rows.find((r) => r.section === "time_to");
    expect(ack).toMatchObject({
      measure: "acknowledge",
      severity: "critical",
      count: "4",
      median_hours: "3.0",
      p90_hours: "8.2",
    });
    const compliance = rows.find((r) => r.section === "sla_compliance");
    expect(compliance?.value).toBe("3/4");
    expect(compliance?.program?.startsWith("'")).toBe(true);
    expect(rows.filter((r) => r.section === "backlog").map((r) => Number(r.count))).toEqual([1, 2, 3, 4]);
    expect(rows.find((r) => r.measure === "received")?.count).toBe("9");
    for (const r of rows) {
      expect(r.period_from).toBe("2026-07-01T00:00:00.000Z");
      expect(r.period_to).toBe("2026-10-01T00:00:00.000Z");
    }
  });
});
