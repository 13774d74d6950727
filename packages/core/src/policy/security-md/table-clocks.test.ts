import { describe, expect, it } from "vitest";
import { CONFIDENCE_THRESHOLD, parseSecurityMd } from "./index.ts";
import { d, h, NO_FIX, only, w } from "./test-helpers.ts";

const bd = (amount: number) => ({ amount, unit: "business_days" as const });
const table = (...rows: string[]) => rows.join("\n");

describe("tables read by their columns", () => {
  it("takes the unit of a bare number from the column header and reads a severity table as fix times", () => {
    const p = parseSecurityMd(
      table(
        "| Risk | Days |",
        "|------|------|",
        "| Critical | 7 |",
        "| High | 30 |",
        "| Medium | 60 |",
        "| Low | * |",
      ),
    );
    expect(only(p)).toEqual({ resolve: { critical: d(7), high: d(30), medium: d(60), low: null } });
    expect(p.evidence["resolve.high"]).toBe("| High | 30 |");
    // Two weaker reasons (unit from the header, role inferred) lower the confidence but keep the values.
    expect(p.confidence["resolve.critical"]).toBeLessThan(0.8);
    expect(p.confidence["resolve.critical"]).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
  });

  it("reads units written in the header's parentheses", () => {
    expect(
      parseSecurityMd(table("| Severity | Patch deadline (weeks) |", "|---|---|", "| Critical | 1 |", "| Low | 12 |"))
        .resolve,
    ).toEqual({ ...NO_FIX, critical: w(1), low: w(12) });
  });

  it("tells first response from fix by the column, and never reads a description column's impact as disclosure", () => {
    const p = parseSecurityMd(
      table(
        "## Service levels",
        "",
        "| Severity | Description | First response | Fix |",
        "|---|---|---|---|",
        "| Critical | Remote code execution, credential or PII disclosure | 24 hours | 7 calendar days |",
        "| High | Privilege escalation, information disclosure | 2 business days | 30 calendar days |",
        "| Medium | Limited information disclosure | 5 business days | 90 calendar days |",
        "| Low | Hardening | 5 business days | Next release |",
      ),
    );
    expect(only(p)).toEqual({
      // Every row promises a first response: the slowest is the promise for every report, critical's the emergency one.
      acknowledge: bd(5),
      emergency: h(24),
      resolve: { critical: d(7), high: d(30), medium: d(90), low: "next_release" },
    });
    expect(p.disclosure).toBeNull();
  });

  it("keeps all severities' first response as the acknowledge clock when they are the same", () => {
    const p = parseSecurityMd(
      table(
        "| Severity | Initial response | Resolution |",
        "|---|---|---|",
        "| High | 48 hours | 14 days |",
        "| Low | 48 hours | 60 days |",
      ),
    );
    expect(p.acknowledge).toEqual(h(48));
    expect(p.emergency).toBeNull();
    expect(p.resolve).toEqual({ ...NO_FIX, high: d(14), low: d(60) });
  });

  it("reads a column of row labels as what each row promises", () => {
    expect(
      only(
        parseSecurityMd(
          table(
            "| Step | Target |",
            "|---|---|",
            "| Acknowledgement of your report | 2 business days |",
            "| Triage and assessment | 10 days |",
            "| Remediation | 60 days |",
            "| Coordinated public disclosure | 90 days |",
          ),
        ),
      ),
    ).toEqual({
      acknowledge: bd(2),
      assess: d(10),
      resolve: { critical: d(60), high: d(60), medium: d(60), low: d(60) },
      disclosure: d(90),
    });
  });

  it("reads tables with the severities across the header", () => {
    expect(
      parseSecurityMd(
        table(
          "| | Critical | High | Low |",
          "|---|---|---|---|",
          "| Time to patch | 3 days | 2 weeks | next release |",
        ),
      ).resolve,
    ).toEqual({ critical: d(3), high: w(2), medium: null, low: "next_release" });
  });

  it.each([
    table("| Severity | Bounty |", "|---|---|", "| Critical | $5,000 |", "| High | 2,000 USD |"),
    table("| Severity | CVSS |", "|---|---|", "| Critical | 9.0 - 10.0 |", "| High | 7.0 - 8.9 |"),
    table("| Date | Event |", "|---|---|", "| 2024-03-01 | Program launched |"),
    table("| Data | Retention |", "|---|---|", "| Access logs | kept for 30 days |", "| Backups | 90 days |"),
    table("| Severity | Response | Fix |", "|---|---|---|", "| Low | best effort | when possible |"),
  ])("promises nothing in a table that states no clock:\n%s", (text) => {
    expect(only(parseSecurityMd(text))).toEqual({});
  });
});
