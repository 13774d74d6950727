import { describe, expect, it } from "vitest";
import { isApiPath, pathForLog, routerPath } from "./request-path.ts";

const TOKEN = "s3cr3tT0kenXYZ";

describe("routerPath", () => {
  it("percent-decodes the path", () => {
    expect(routerPath("/%61pi/trpc/auth.signIn")).toBe("/api/trpc/auth.signIn");
  });

  it("drops the query and the fragment", () => {
    expect(routerPath("/api/x?next=/y#frag")).toBe("/api/x");
    expect(routerPath("/reports/ALPHA-1#top?x=1")).toBe("/reports/ALPHA-1");
  });

  it("folds repeated slashes, including encoded ones", () => {
    expect(routerPath("//api///trpc//x")).toBe("/api/trpc/x");
    expect(routerPath("/api/%2F/x")).toBe("/api/x");
  });

  it("decodes double-encoded spellings", () => {
    expect(routerPath("/%2561pi/x")).toBe("/api/x");
  });

  it("keeps a malformed escape instead of throwing", () => {
    expect(() => routerPath("/x/%E0%A4%A")).not.toThrow();
    expect(routerPath("/x/%E0%A4%A")).toMatch(/^\/x\//);
  });
});

describe("pathForLog", () => {
  it.each([
    `/status/${TOKEN}`,
    `/STATUS/${TOKEN}`,
    `/Status/${TOKEN}/reply`,
    `/api/public/status//${TOKEN}`,
    `/status%2F${TOKEN}`,
    `/api/public/status/${TOKEN}?x=1`,
    `/%73tatus/${TOKEN}`,
    // A malformed escape elsewhere must not stop the decoding that finds the status segment.
    `/%73tatus/${TOKEN}%E0%A4%A`,
    `/%73tatus/${TOKEN}%ZZ`,
    // A decoded line break inside the token must not end the match early.
    `/status/${TOKEN.slice(0, 4)}%0A${TOKEN.slice(4)}`,
  ])("drops the token from %s", (url) => {
    const logged = pathForLog(url);
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain(TOKEN.slice(4));
    expect(logged).toMatch(/status\/\[token\]$/i);
  });

  it.each([`/calendar/${TOKEN}.ics`, `/CALENDAR/${TOKEN}.ics`, `/%63alendar/${TOKEN}.ics`, `/calendar%2F${TOKEN}.ics`])(
    "drops the calendar feed token from %s",
    (url) => {
      const logged = pathForLog(url);
      expect(logged).not.toContain(TOKEN.slice(4));
      expect(logged).toMatch(/calendar\/\[token\]$/i);
    },
  );

  it("keeps the part before the status segment", () => {
    expect(pathForLog(`/api/public/status/${TOKEN}`)).toBe("/api/public/status/[token]");
  });

  it("leaves other paths unchanged", () => {
    expect(pathForLog("/reports/ALPHA-1")).toBe("/reports/ALPHA-1");
    expect(pathForLog("/status")).toBe("/status");
    expect(pathForLog("/statuses/ALPHA-1")).toBe("/statuses/ALPHA-1");
  });
});

describe("isApiPath", () => {
  it("is true for /api in any spelling or case", () => {
    for (const url of ["/api", "/api/x", "/%61pi/x", "/API/x", "//api/x", "/api?x=1"])
      expect(isApiPath(url), url).toBe(true);
  });

  it("is false when /api is not the first segment", () => {
    for (const url of ["/reports/api", "/apis/x", "/", "/status/api"]) expect(isApiPath(url), url).toBe(false);
  });
});
