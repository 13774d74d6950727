import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { auditCsv, auditFilterSchema, defuseCell } from "./audit-csv.ts";

const row = {
  id: 7,
  at: new Date("2026-03-01T10:00:00Z"),
  actorLabel: '=HYPERLINK("http://evil")',
  action: "report.acknowledge",
  entityType: "report",
  entityId: "VOICE-1",
  program: "Voice",
  dataJson: '{"from":"new","to":"acknowledged"}',
  prevHash: "a".repeat(64),
  hash: "b".repeat(64),
};

describe("the audit CSV", () => {
  it("keeps the chain columns and round-trips through a CSV parser", () => {
    const [header, first] = parse(auditCsv([row])) as string[][];
    expect(header).toEqual([
      "id",
      "at",
      "actor",
      "action",
      "entity_type",
      "entity_id",
      "program",
      "data",
      "prev_hash",
      "hash",
    ]);
    expect(first?.[0]).toBe("7");
    expect(first?.[7]).toBe(row.dataJson);
    expect(first?.slice(8)).toEqual([row.prevHash, row.hash]);
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    const [, first] = parse(auditCsv([row])) as string[][];
    expect(first?.[2]).toBe(`'${row.actorLabel}`);
    for (const bad of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"]) expect(defuseCell(bad).startsWith("'")).toBe(true);
    expect(defuseCell("alice@example.com")).toBe("alice@example.com");
  });

  it("refuses an action filter that is not an action name, naming the field", () => {
    const r = auditFilterSchema.safeParse({ action: "report'; DROP" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["action"]);
  });
});
