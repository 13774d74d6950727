import { describe, expect, it } from "vitest";
import { createActivationGate } from "./activationGate.ts";

describe("activation gate", () => {
  it("lets the first activation through and ignores a second one within the window", () => {
    let t = 1_000;
    const gate = createActivationGate(1_000, () => t);
    expect(gate.pass()).toBe(true);
    t += 120; // a double click
    expect(gate.pass()).toBe(false);
    t += 879;
    expect(gate.pass()).toBe(false);
    t += 1; // exactly one second after the first
    expect(gate.pass()).toBe(true);
  });

  it("an ignored activation does not extend the window", () => {
    let t = 0;
    const gate = createActivationGate(1_000, () => t);
    gate.pass();
    t = 900;
    expect(gate.pass()).toBe(false);
    t = 1_000;
    expect(gate.pass()).toBe(true);
  });

  it("holdFor keeps it quiet after the new buttons appear, and never shortens a window", () => {
    let t = 0;
    const gate = createActivationGate(1_000, () => t);
    gate.pass();
    t = 1_500; // the server answered after 1.5 s: the next button is now under the pointer
    gate.holdFor();
    expect(gate.isQuiet()).toBe(true);
    t = 2_400;
    expect(gate.pass()).toBe(false);
    t = 2_500;
    expect(gate.isQuiet()).toBe(false);
    gate.holdFor(5_000);
    gate.holdFor(10);
    t = 7_000;
    expect(gate.pass()).toBe(false);
    t = 7_500;
    expect(gate.pass()).toBe(true);
  });
});
