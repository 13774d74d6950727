import { describe, expect, it } from "vitest";
import {
  CHANNEL_LABELS,
  DISCLOSURE_FILTER_LABELS,
  listInputFrom,
  pageSummary,
  SLA_LABELS,
  SORT_LABELS,
  tabCount,
} from "./filters.ts";

describe("inbox URL parameters", () => {
  it("default to the open view, most urgent first, page 1", () => {
    expect(listInputFrom(new URLSearchParams(""))).toMatchObject({
      view: "open",
      sort: "urgent",
      page: 1,
      pageSize: 50,
    });
  });

  it("read every filter", () => {
    const input = listInputFrom(
      new URLSearchParams(
        "program=voice&tab=needs_info&sev=critical,unrated&assignee=me&channel=email&sort=severity&page=3&q=xss&sla=breached&disclosure=overdue",
      ),
    );
    expect(input).toMatchObject({
      program: "voice",
      states: ["needs_info"],
      severities: ["critical", "unrated"],
      assignee: "me",
      channel: "email",
      sort: "severity",
      page: 3,
      q: "xss",
      sla: ["breached"],
      disclosure: "overdue",
    });
  });

  it("drop values that are not allowed instead of sending them", () => {
    const input = listInputFrom(
      new URLSearchParams(
        "tab=evil&sev=ultra&assignee=x1&channel=fax&sort=random&page=-2&sla=soon&disclosure=within_9",
      ),
    );
    expect(input).toMatchObject({ view: "open", sort: "urgent", page: 1 });
    expect(input.severities).toBeUndefined();
    expect(input.assignee).toBeUndefined();
    expect(input.channel).toBeUndefined();
    expect(input.sla).toBeUndefined();
    expect(input.disclosure).toBeUndefined();
  });

  it("read back every option the filter selects offer", () => {
    const read = (name: string, value: string) => listInputFrom(new URLSearchParams({ [name]: value }));
    for (const c of Object.keys(CHANNEL_LABELS)) expect(read("channel", c).channel).toBe(c);
    for (const s of Object.keys(SLA_LABELS)) expect(read("sla", s).sla).toEqual([s]);
    for (const s of Object.keys(SORT_LABELS)) expect(read("sort", s).sort).toBe(s);
    for (const d of Object.keys(DISCLOSURE_FILTER_LABELS)) expect(read("disclosure", d).disclosure).toBe(d);
  });

  it("count tabs from per-state counts", () => {
    const counts = { new: 2, acknowledged: 1, fixed: 4, spam: 3, wont_fix: 1 };
    expect(tabCount("open", counts)).toBe(3);
    expect(tabCount("closed", counts)).toBe(4);
    expect(tabCount("all", counts)).toBe(11);
    expect(tabCount("fixed", counts)).toBe(4);
  });
});

describe("pager", () => {
  it("counts a counted view and stops at its last page", () => {
    expect(pageSummary({ page: 2, pageSize: 50, shown: 50, total: 120, countCap: 5000 })).toEqual({
      range: "51–100 of 120",
      uncounted: null,
      hasNext: true,
    });
    expect(pageSummary({ page: 3, pageSize: 50, shown: 20, total: 120, countCap: 5000 }).hasNext).toBe(false);
  });

  it("says an uncounted view is too large and pages on while pages are full", () => {
    const full = pageSummary({ page: 4, pageSize: 50, shown: 50, total: null, countCap: 5000 });
    expect(full.range).toBe("151–200");
    expect(full.uncounted).toContain("Over 5,000 reports match");
    expect(full.hasNext).toBe(true);
    expect(pageSummary({ page: 9, pageSize: 50, shown: 7, total: null, countCap: 5000 }).hasNext).toBe(false);
  });
});
