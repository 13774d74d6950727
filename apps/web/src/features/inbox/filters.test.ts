import { describe, expect, it } from "vitest";
import { listInputFrom, tabCount } from "./filters.ts";

describe("inbox URL parameters", () => {
  it("default to the open view sorted by deadline, page 1", () => {
    expect(listInputFrom(new URLSearchParams(""))).toMatchObject({
      view: "open",
      sort: "deadline",
      page: 1,
      pageSize: 50,
    });
  });

  it("read every filter", () => {
    const input = listInputFrom(
      new URLSearchParams(
        "program=voice&tab=needs_info&sev=critical,unrated&assignee=me&channel=email&sort=severity&page=3&q=xss&sla=breached",
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
    });
  });

  it("drop values that are not allowed instead of sending them", () => {
    const input = listInputFrom(
      new URLSearchParams("tab=evil&sev=ultra&assignee=x1&channel=fax&sort=random&page=-2&sla=soon"),
    );
    expect(input).toMatchObject({ view: "open", sort: "deadline", page: 1 });
    expect(input.severities).toBeUndefined();
    expect(input.assignee).toBeUndefined();
    expect(input.channel).toBeUndefined();
    expect(input.sla).toBeUndefined();
  });

  it("count tabs from per-state counts", () => {
    const counts = { new: 2, acknowledged: 1, fixed: 4, spam: 3, wont_fix: 1 };
    expect(tabCount("open", counts)).toBe(3);
    expect(tabCount("closed", counts)).toBe(4);
    expect(tabCount("all", counts)).toBe(11);
    expect(tabCount("fixed", counts)).toBe(4);
  });
});
