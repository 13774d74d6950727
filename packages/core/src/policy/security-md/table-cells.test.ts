import { describe, expect, it } from "vitest";
import { isDelimiterRow, splitCells } from "./table-cells.ts";

const cells = (row: string) => splitCells(row).map(([a, b]) => row.slice(a, b));

describe("splitCells", () => {
  it("splits at pipes; the outer pipes are optional, an empty cell between them is kept", () => {
    expect(cells("| a | b |")).toEqual([" a ", " b "]);
    expect(cells("a | b")).toEqual(["a ", " b"]);
    expect(cells("| a |  |")).toEqual([" a ", "  "]);
  });

  it('does not split at an escaped pipe ("\\|")', () => {
    expect(cells("| 0.x \\| beta | ??? |")).toEqual([" 0.x \\| beta ", " ??? "]);
  });
});

describe("isDelimiterRow", () => {
  it.each([
    ["|---|:--:|", true],
    ["---|---", true],
    ["|:-|-:|", true],
    ["| - |", true],
    ["---", false],
    ["| a |---|", false],
    ["| === |", false],
  ])("%s → %s", (row, want) => {
    expect(isDelimiterRow(row)).toBe(want);
  });
});
