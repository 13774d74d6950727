/**
 * Who is at fault when a request fails, and what the client may be told
 * (decision 0013). A client fault (4xx) keeps its message. A server fault
 * never shows its cause: error codes (EACCES, ENOSPC, SQLITE_FULL), file
 * paths, SQL and column names are for the operator's log, not for an
 * anonymous submitter.
 */
export type Fault =
  | { kind: "client"; status: number }
  /** The disk or database cannot take writes now (full, read-only, permissions, I/O): 503, try again. */
  | { kind: "storage"; status: 503; code: string }
  | { kind: "server"; status: 500 };

const STORAGE_ERRNO = new Set([
  "ENOSPC",
  "EDQUOT",
  "EFBIG",
  "EACCES",
  "EPERM",
  "EROFS",
  "ENOTDIR",
  "EISDIR",
  "EEXIST",
  "ENOENT",
  "EIO",
  "EMFILE",
  "ENFILE",
  "EBUSY",
]);
const STORAGE_SQLITE = new Set([
  "SQLITE_FULL",
  "SQLITE_READONLY",
  "SQLITE_IOERR",
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_CANTOPEN",
  "SQLITE_CORRUPT",
  "SQLITE_NOTADB",
  "SQLITE_PERM",
  "SQLITE_PROTOCOL",
]);

const codeOf = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
};

/** The storage code of an error or of one of its causes (wrapped errors keep the original as `cause`). */
export function storageCode(e: unknown): string | undefined {
  for (let err = e, depth = 0; err && depth < 5; err = (err as { cause?: unknown }).cause, depth++) {
    const code = codeOf(err);
    if (!code) continue;
    if (STORAGE_ERRNO.has(code)) return code;
    // SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…: the primary code decides.
    const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0];
    if (primary && STORAGE_SQLITE.has(primary)) return code;
  }
  return undefined;
}

/** Classify a failed request's error. Pure. */
export function classifyFault(e: unknown): Fault {
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) return { kind: "client", status };
  const code = storageCode(e);
  if (code) return { kind: "storage", status: 503, code };
  return { kind: "server", status: 500 };
}

/**
 * What the operator's log gets: the code, the system call and, for a
 * storage error, its message (the file it names is the operator's to fix).
 * Any other error's message is left out (it may quote the input, and so a
 * report), with the top of its stack instead.
 */
export function faultForLog(e: unknown, fault: Fault): Record<string, unknown> {
  const err = e as { name?: unknown; code?: unknown; syscall?: unknown; message?: unknown; stack?: unknown } | null;
  const out: Record<string, unknown> = { name: err?.name, code: err?.code };
  if (typeof err?.syscall === "string") out.syscall = err.syscall;
  if (fault.kind === "storage") {
    // The error in the chain that carries the code: its message names the file or the SQLite condition.
    let at: unknown = e;
    for (let i = 0; at && codeOf(at) !== fault.code && i < 5; i++) at = (at as { cause?: unknown }).cause;
    const message = (at as { message?: unknown } | null)?.message;
    out.code = fault.code;
    out.cause = typeof message === "string" ? message.slice(0, 500) : undefined;
  } else if (typeof err?.stack === "string") {
    out.at = err.stack
      .split("\n")
      .filter((l) => l.trimStart().startsWith("at "))
      .slice(0, 4)
      .map((l) => l.trim());
  }
  return out;
}
