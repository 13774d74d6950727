/**
 * fast-check arbitraries from a procedure's zod input schema: mostly-valid
 * values (names steer ids, keys and slugs toward things that exist), their
 * near-valid mutations, and arbitrary JSON.
 */
import fc from "fast-check";

// biome-ignore lint/suspicious/noExplicitAny: zod's internal definition is walked structurally.
type AnySchema = any;

export interface Hints {
  keys: string[];
  programs: string[];
  /** Integers never generated for id-like fields (the fuzzing admin's own user id). */
  avoidIds: number[];
}

const TRICKY_STRINGS = [
  "",
  " ",
  "\u0000",
  "\u202e",
  "'",
  '"',
  "\\",
  "%",
  "*",
  "NEAR(",
  "a OR b",
  '"unterminated',
  "-x",
  "x:y",
  "state:new",
  "$" + "{1}",
  "<script>",
  "../../etc/passwd",
  "9".repeat(40),
  "x".repeat(10_001),
  "😀",
  "\ud800",
  "__proto__",
  "constructor",
];

export const trickyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
);

function stringArb(s: AnySchema, name: string, h: Hints): fc.Arbitrary<unknown> {
  const bag = s._zod.bag ?? {};
  const lname = name.toLowerCase();
  const hinted: fc.Arbitrary<string>[] = [];
  if (lname === "key" || lname.endsWith("key") || lname === "duplicateof") hinted.push(fc.constantFrom(...h.keys));
  if (lname.includes("program") || lname === "slug") hinted.push(fc.constantFrom(...h.programs));
  if (bag.format === "email" || lname.includes("email")) hinted.push(fc.emailAddress());
  if (bag.format === "url" || lname.includes("url")) hinted.push(fc.webUrl());
  if (lname.includes("timezone")) hinted.push(fc.constantFrom("UTC", "Europe/Paris", "Mars/Base", ""));
  if (lname.endsWith("at") || lname.includes("date"))
    hinted.push(fc.constantFrom("2027-01-15T12:00", "2027-01-15", "2020-01-01T00:00", "not a date"));
  if (bag.patterns instanceof Set)
    for (const p of bag.patterns as Set<RegExp>) hinted.push(fc.stringMatching(p).filter((x) => x.length < 300));
  const min = typeof bag.minimum === "number" ? bag.minimum : 0;
  const max = typeof bag.maximum === "number" ? Math.min(bag.maximum, 60) : 60;
  const plain = fc.string({ minLength: Math.min(min, max), maxLength: Math.max(min, max) });
  return fc.oneof(
    ...hinted.map((a) => ({ weight: 4, arbitrary: a as fc.Arbitrary<unknown> })),
    { weight: 3, arbitrary: plain },
    { weight: 1, arbitrary: trickyString },
  );
}

function numberArb(s: AnySchema, name: string, h: Hints): fc.Arbitrary<unknown> {
  const bag = s._zod.bag ?? {};
  const int = bag.format === "safeint" || bag.format === "int32" || Number.isInteger(bag.multipleOf);
  const lo = typeof bag.minimum === "number" && Number.isFinite(bag.minimum) ? bag.minimum : -5;
  const hi = typeof bag.maximum === "number" && Number.isFinite(bag.maximum) ? bag.maximum : 1_000_000;
  const idLike = /id$/i.test(name);
  const inRange = int
    ? fc.integer({ min: Math.max(lo, -1e9), max: Math.min(hi, idLike ? 200 : 1e9) })
    : fc.double({ min: lo, max: hi, noNaN: true });
  const edge = fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53, -(2 ** 53), 1.5, 1e308);
  return fc
    .oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: edge })
    .filter((n) => !(idLike && h.avoidIds.includes(n as number)));
}

export function fromSchema(s: AnySchema, h: Hints, name = "", depth = 0): fc.Arbitrary<unknown> {
  const def = s?._zod?.def;
  if (!def || depth > 8) return fc.jsonValue({ maxDepth: 2 });
  const inner = (x: AnySchema, n = name) => fromSchema(x, h, n, depth + 1);
  switch (def.type) {
    case "string":
      return stringArb(s, name, h);
    case "number":
    case "int":
      return numberArb(s, name, h);
    case "bigint":
      return fc.integer();
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "undefined":
    case "void":
      return fc.constant(undefined);
    case "enum":
      return fc.constantFrom(...(Object.values(def.entries) as unknown[]));
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "object": {
      const shape = def.shape as Record<string, AnySchema>;
      const entries = Object.entries(shape);
      if (entries.length === 0) return fc.constant({});
      const requiredKeys = entries.filter(([, v]) => v._zod.optin !== "optional").map(([k]) => k);
      return fc.record(Object.fromEntries(entries.map(([k, v]) => [k, inner(v, k)])), { requiredKeys });
    }
    case "optional":
      return fc.option(inner(def.innerType), { nil: undefined, freq: 3 });
    case "nullable":
      return fc.option(inner(def.innerType), { nil: null, freq: 4 });
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
    case "success":
      return inner(def.innerType);
    case "array":
      return fc.array(inner(def.element), { maxLength: 4 });
    case "set":
      return fc.array(inner(def.valueType), { maxLength: 3 });
    case "tuple":
      return fc.tuple(...(def.items as AnySchema[]).map((x) => inner(x)));
    case "union":
      return fc.oneof(...(def.options as AnySchema[]).map((x) => inner(x)));
    case "intersection":
      return fc
        .tuple(inner(def.left), inner(def.right))
        .map(([a, b]) => (typeof a === "object" && typeof b === "object" ? { ...a, ...b } : a));
    case "record":
      return fc.dictionary(fc.string({ maxLength: 12 }), inner(def.valueType), { maxKeys: 4 });
    case "pipe":
      return inner(def.in);
    case "lazy":
      return inner(def.getter());
    case "date":
      return fc.constantFrom("2027-01-01T00:00:00.000Z", "garbage");
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value changed the way a buggy or hostile client changes it. */
export function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const junk = fc.oneof(fc.jsonValue({ maxDepth: 2 }), trickyString, fc.constantFrom(null, -1, 1e308, [], {}, true));
  return fc.tuple(base, fc.nat(), fc.nat(), junk).map(([value, pick, how, j]) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return how % 2 ? j : [value];
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const k = keys.length ? keys[pick % keys.length]! : "x";
    switch (how % 5) {
      case 0:
        delete copy[k];
        break;
      case 1:
        copy[k] = j;
        break;
      case 2:
        copy[`extra${pick % 3}`] = j;
        break;
      case 3:
        copy[k] =
          typeof copy[k] === "string" ? `${copy[k]}${"\u0000".repeat(pick % 3)}${"é".repeat(pick % 20_000)}` : j;
        break;
      default:
        return JSON.parse(JSON.stringify(copy, (_key, v) => (typeof v === "number" ? String(v) : v)));
    }
    return copy;
  });
}

export const anyInput = (schema: AnySchema | undefined, h: Hints): fc.Arbitrary<unknown> => {
  const gen = schema ? fromSchema(schema, h) : fc.constant(undefined);
  return fc.oneof(
    { weight: 4, arbitrary: gen },
    { weight: 3, arbitrary: mutated(gen) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
};
