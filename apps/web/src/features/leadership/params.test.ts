import { describe, expect, it } from "vitest";
import { choiceFrom, choiceParams, metricHref, periodFrom, recentQuarters, reportsInputFrom } from "./params.ts";

const p = (s: string) => new URLSearchParams(s);

describe("the panel's URL", () => {
  it("defaults to the last 90 days and all programs", () => {
    expect(choiceFrom(p(""))).toEqual({ programs: [], period: { kind: "last90" } });
    expect(choiceParams(choiceFrom(p(""))).toString()).toBe("");
  });

  it("reads a quarter, custom dates and programs, and drops what is malformed", () => {
    expect(periodFrom(p("period=quarter&quarter=2026-q2"))).toEqual({ kind: "quarter", quarter: "2026-Q2" });
    expect(periodFrom(p("period=quarter&quarter=2026-Q5"))).toEqual({ kind: "last90" });
    expect(periodFrom(p("period=custom&from=2026-01-01&to=2026-03-31"))).toEqual({
      kind: "custom",
      from: "2026-01-01",
      to: "2026-03-31",
    });
    expect(periodFrom(p("period=custom&from=2026-02-30&to=2026-03-31"))).toEqual({ kind: "last90" });
    expect(periodFrom(p("period=custom&from=2026-04-01&to=2026-03-31"))).toEqual({ kind: "last90" });
    expect(choiceFrom(p("programs=voice,echo,voice,Bad!")).programs).toEqual(["voice", "echo"]);
  });

  it("round-trips a choice", () => {
    const choice = { programs: ["voice"], period: { kind: "quarter" as const, quarter: "2026-Q1" } };
    expect(choiceFrom(choiceParams(choice))).toEqual(choice);
  });

  it("offers the current quarter and the seven before it", () => {
    expect(recentQuarters(new Date("2026-02-10T00:00:00Z"), 3)).toEqual(["2026-Q1", "2025-Q4", "2025-Q3"]);
  });
});

describe("the list behind a figure", () => {
  const choice = { programs: ["voice"], period: { kind: "last90" as const } };

  it("carries the period only for figures about the period", () => {
    expect(metricHref("received", choice)).toBe("/leadership/reports?metric=received&period=last90&programs=voice");
    expect(metricHref("backlog", choice, { severity: "high", bucket: "d7to30" })).toBe(
      "/leadership/reports?metric=backlog&programs=voice&severity=high&bucket=d7to30",
    );
  });

  it("reads back into the API input", () => {
    const href = metricHref("compliance_met", choice, { program: "voice", clock: "assess" });
    expect(reportsInputFrom(new URL(href, "http://x").searchParams)).toEqual({
      metric: "compliance_met",
      period: { kind: "last90" },
      programs: ["voice"],
      program: "voice",
      clock: "assess",
      page: 1,
    });
    expect(reportsInputFrom(p("metric=nope"))).toBeNull();
    expect(reportsInputFrom(p("metric=backlog&severity=urgent&page=-2"))).toEqual({ metric: "backlog", page: 1 });
  });
});
