import superjson from "superjson";

const MAX_DEPTH = 64;

/**
 * True when JSON.stringify alone carries `value` unchanged: only null,
 * booleans, strings, finite numbers, arrays and plain objects (an undefined
 * property reads the same once dropped). Anything else (Date, Map, BigInt,
 * NaN, class instances, holes in arrays) needs superjson, and so do the keys
 * superjson guards against.
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object": {
      if (depth > MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        // superjson refuses these keys (prototype pollution); keep that guard.
        if (key === "__proto__" || key === "constructor" || key === "prototype") return false;
        const v = (value as Record<string, unknown>)[key];
        if (v !== undefined && !isPlainJson(v, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * superjson with a fast path for responses that are plain JSON already. The
 * wire format is superjson's own (`{ json }` with no `meta`), so the client's
 * plain superjson reads both; superjson's walk cost about 1 ms per inbox page
 * (decision 0006), this check a few microseconds.
 */
export const transformer = {
  input: superjson,
  output: {
    serialize: (value: unknown) => (isPlainJson(value) ? { json: value } : superjson.serialize(value)),
    deserialize: (payload: unknown) => superjson.deserialize(payload as Parameters<typeof superjson.deserialize>[0]),
  },
};
