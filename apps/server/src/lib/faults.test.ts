import { describe, expect, it } from "vitest";
import { classifyFault, faultForLog, storageCode } from "./faults.ts";

const errno = (code: string, message: string) => Object.assign(new Error(message), { code, syscall: "mkdir" });

describe("classifyFault", () => {
  it("keeps a client's 4xx as the client's fault", () => {
    expect(classifyFault(Object.assign(new Error("Rate limit exceeded"), { statusCode: 429 }))).toEqual({
      kind: "client",
      status: 429,
    });
  });
  it("calls a full disk, a read-only database or an unwritable folder a storage fault (503)", () => {
    for (const code of [
      "ENOSPC",
      "EACCES",
      "ENOTDIR",
      "EROFS",
      "SQLITE_FULL",
      "SQLITE_READONLY",
      "SQLITE_IOERR_WRITE",
    ]) {
      expect(classifyFault(errno(code, "x"))).toEqual({ kind: "storage", status: 503, code });
    }
    const wrapped = new Error("outer", { cause: errno("SQLITE_FULL", "database or disk is full") });
    expect(storageCode(wrapped)).toBe("SQLITE_FULL");
  });
  it("calls anything else a server fault (500), even a 5xx statusCode or a SQL error", () => {
    expect(classifyFault(new TypeError("x is undefined"))).toEqual({ kind: "server", status: 500 });
    expect(classifyFault(errno("SQLITE_ERROR", "no such column: reporter_email"))).toEqual({
      kind: "server",
      status: 500,
    });
    expect(classifyFault(Object.assign(new Error("x"), { statusCode: 502 }))).toEqual({ kind: "server", status: 500 });
  });
});

describe("faultForLog", () => {
  it("gives the operator a storage error's code and message (the path to fix)", () => {
    const e = errno("EACCES", "EACCES: permission denied, mkdir '/srv/embargo/attachments/35'");
    expect(faultForLog(e, classifyFault(e))).toEqual({
      name: "Error",
      code: "EACCES",
      syscall: "mkdir",
      cause: "EACCES: permission denied, mkdir '/srv/embargo/attachments/35'",
    });
  });
  it("leaves out any other error's message, which may quote a report, and keeps where it happened", () => {
    const e = new Error("title 'secret 0day in libfoo' is too long");
    const logged = faultForLog(e, classifyFault(e));
    expect(JSON.stringify(logged)).not.toContain("0day");
    expect(logged.at).toEqual(expect.arrayContaining([expect.stringMatching(/^at /)]));
  });
});
