import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { isPlainJson, transformer } from "./transformer.ts";

const roundTrip = (value: unknown) =>
  superjson.deserialize(JSON.parse(JSON.stringify(transformer.output.serialize(value))));

describe("response transformer", () => {
  it("sends plain JSON as superjson's own { json } shape, read back unchanged by plain superjson", () => {
    const page = { rows: [{ key: "VOICE-1", at: 1_700_000_000_000, score: 9.8, tags: ["a"], none: null }], total: 1 };
    const wire = transformer.output.serialize(page);
    expect(wire).toEqual({ json: page });
    expect(roundTrip(page)).toEqual(page);
  });

  it("falls back to superjson for anything JSON would change", () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    const cases: unknown[] = [
      { at },
      [1, Number.NaN],
      { n: Number.POSITIVE_INFINITY },
      [undefined],
      new Map([["a", 1]]),
      { s: new Set([1]) },
      { big: 10n },
      { deep: { deeper: [{ at }] } },
    ];
    for (const value of cases) {
      expect(isPlainJson(value)).toBe(false);
      expect(transformer.output.serialize(value)).toEqual(superjson.serialize(value));
      expect(roundTrip(value)).toEqual(value);
    }
    expect((roundTrip({ at }) as { at: Date }).at).toBeInstanceOf(Date);
  });

  it("treats an undefined property as absent (it reads the same) and class instances as not plain", () => {
    expect(isPlainJson({ a: undefined, b: 1 })).toBe(true);
    class Thing {
      x = 1;
    }
    expect(isPlainJson({ t: new Thing() })).toBe(false);
    expect(isPlainJson(Object.create(null))).toBe(true);
  });

  it("leaves keys superjson guards against (__proto__, constructor, prototype) to superjson", () => {
    expect(isPlainJson(JSON.parse('{"a":{"__proto__":{"polluted":true}}}'))).toBe(false);
    expect(isPlainJson({ constructor: "x" })).toBe(false);
    expect(isPlainJson({ prototype: 1 })).toBe(false);
  });

  it("gives up on very deep values rather than recursing without end", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(isPlainJson(deep)).toBe(false);
    expect(roundTrip(deep)).toEqual(deep);
  });
});
