import { describe, expect, it } from "vitest";
import { atHandle } from "./handle.ts";

describe("atHandle", () => {
  it("puts one @ before a bare handle", () => {
    expect(atHandle("rosa")).toBe("@rosa");
  });
  it("keeps a single @ the person typed, and folds several into one", () => {
    expect(atHandle("@rosa")).toBe("@rosa");
    expect(atHandle("@@rosa")).toBe("@rosa");
  });
  it("ignores spaces around the handle", () => {
    expect(atHandle("  @rosa ")).toBe("@rosa");
  });
  it("leaves an @ inside the handle alone", () => {
    expect(atHandle("rosa@infosec.exchange")).toBe("@rosa@infosec.exchange");
  });
});
