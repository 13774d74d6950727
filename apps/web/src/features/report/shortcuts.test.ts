import { describe, expect, it } from "vitest";
import { nextStepAfter, nextStepAfterSeverity, REPORT_SHORTCUTS, shortcutFor } from "./shortcuts.ts";

describe("report shortcuts", () => {
  it("maps the documented keys and nothing else", () => {
    expect(shortcutFor("a")).toBe("acknowledge");
    expect(shortcutFor("t")).toBe("triage");
    expect(shortcutFor("m")).toBe("message");
    expect(shortcutFor("n")).toBe("note");
    expect(shortcutFor("s")).toBe("severity");
    expect(shortcutFor("?")).toBe("help");
    expect(shortcutFor("A")).toBeNull();
    expect(shortcutFor("x")).toBeNull();
    expect(new Set(REPORT_SHORTCUTS.map((s) => s.key)).size).toBe(REPORT_SHORTCUTS.length);
  });
});

describe("nextStepAfter", () => {
  it("after acknowledging a rated report: triage, on its button", () => {
    const r = nextStepAfter("acknowledge", {
      transitions: ["request_info", "triage", "close_spam"],
      severity: "high",
    });
    expect(r.message).toBe("Acknowledged. Next: triage.");
    expect(r.focus).toEqual({ kind: "action", action: "triage" });
  });

  it("after acknowledging an unrated report: the CVSS field first", () => {
    const r = nextStepAfter("acknowledge", { transitions: ["request_info", "triage"], severity: null });
    expect(r.message).toBe("Acknowledged. Next: set the severity, then triage.");
    expect(r.focus).toEqual({ kind: "cvss" });
  });

  it("after triage: start the fix; after a fix: publish", () => {
    expect(
      nextStepAfter("triage", { transitions: ["request_info", "start_fix", "mark_fixed"], severity: "low" }),
    ).toEqual({
      message: "Triaged. Next: start fix.",
      focus: { kind: "action", action: "start_fix" },
    });
    expect(nextStepAfter("mark_fixed", { transitions: ["disclose", "reopen"], severity: "low" })).toEqual({
      message: "Marked fixed. Next: publish the advisory.",
      focus: { kind: "action", action: "publish" },
    });
  });

  it("a closed report offers only reopen; a final one sends focus to the title", () => {
    expect(nextStepAfter("close_spam", { transitions: ["reopen"], severity: null }).focus).toEqual({
      kind: "action",
      action: "reopen",
    });
    expect(nextStepAfter("close_spam", { transitions: [], severity: null })).toEqual({
      message: "Closed as spam. No further actions.",
      focus: { kind: "title" },
    });
  });
});

describe("nextStepAfterSeverity", () => {
  it("points at triage when it is offered", () => {
    expect(nextStepAfterSeverity({ transitions: ["triage"], severity: "critical" }, "CVSS saved.")).toEqual({
      message: "CVSS saved. Next: triage.",
      focus: { kind: "action", action: "triage" },
    });
  });
  it("says only what was saved otherwise", () => {
    expect(nextStepAfterSeverity({ transitions: ["start_fix"], severity: "low" }, "CVSS saved.")).toEqual({
      message: "CVSS saved.",
      focus: null,
    });
  });
});
