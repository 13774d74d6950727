/**
 * The logger the server's background parts (outbox worker, SMTP listener)
 * take: Fastify's logger fits it, and tests pass memoryLog(). Each part says
 * what it may log; none logs message content, addresses or secrets.
 */
export interface Logger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface LogEntry {
  level: "info" | "warn" | "error";
  msg: string;
  obj: Record<string, unknown>;
}

/** A logger that keeps every call, to check what is (not) logged. */
export function memoryLog(): { log: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry["level"]) =>
    (obj: Record<string, unknown>, msg: string): void => {
      entries.push({ level, msg, obj });
    };
  return { log: { info: at("info"), warn: at("warn"), error: at("error") }, entries };
}
