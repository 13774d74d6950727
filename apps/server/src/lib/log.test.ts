import type { FastifyBaseLogger } from "fastify";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type Logger, memoryLog } from "./log.ts";

describe("Logger", () => {
  it("is satisfied by Fastify's logger, which the server passes in", () => {
    expectTypeOf<FastifyBaseLogger>().toExtend<Logger>();
  });

  it("memoryLog keeps every call in order, with its level", () => {
    const { log, entries } = memoryLog();
    log.info({ id: 1 }, "one");
    log.error({ id: 2 }, "two");
    log.warn({}, "three");
    expect(entries).toEqual([
      { level: "info", msg: "one", obj: { id: 1 } },
      { level: "error", msg: "two", obj: { id: 2 } },
      { level: "warn", msg: "three", obj: {} },
    ]);
  });
});
