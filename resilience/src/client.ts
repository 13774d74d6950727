/** HTTP helpers that speak to the real server the way the dashboard and tools do. */
import nodemailer from "nodemailer";

export interface Answer {
  status: number;
  body: unknown;
  text: string;
}

async function answer(r: Response): Promise<Answer> {
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: r.status, body, text };
}

export class Session {
  cookie = "";
  constructor(public base: string) {}

  /** One tRPC call, unbatched, in the superjson wire format (`{ json }`). */
  async call(procedure: string, input: unknown, type: "query" | "mutation", signal?: AbortSignal): Promise<Answer> {
    const headers: Record<string, string> = { origin: this.base };
    if (this.cookie) headers.cookie = this.cookie;
    const payload = JSON.stringify({ json: input });
    const r =
      type === "query"
        ? await fetch(`${this.base}/api/trpc/${procedure}?input=${encodeURIComponent(payload)}`, { headers, signal })
        : await fetch(`${this.base}/api/trpc/${procedure}`, {
            method: "POST",
            headers: { ...headers, "content-type": "application/json" },
            body: payload,
            signal,
          });
    const a = await answer(r);
    const set = r.headers.getSetCookie().find((c) => c.startsWith("embargo_session="));
    if (set) this.cookie = set.split(";", 1)[0]!;
    return a;
  }

  /** The procedure's result, or an error naming the answer. */
  async ok<T = unknown>(procedure: string, input: unknown, type: "query" | "mutation" = "mutation"): Promise<T> {
    const a = await this.call(procedure, input, type);
    if (a.status !== 200) throw new Error(`${procedure}: ${a.status} ${a.text.slice(0, 500)}`);
    return (a.body as { result: { data: { json: T } } }).result.data.json;
  }

  async signIn(email: string, password: string) {
    await this.ok("auth.signIn", { email, password });
    if (!this.cookie) throw new Error(`signing in as ${email} set no session cookie`);
    return this;
  }
}

export interface UploadFile {
  name: string;
  bytes: Buffer;
  type?: string;
}

export async function submitPublic(
  base: string,
  slug: string,
  report: unknown,
  files: UploadFile[] = [],
  opts: { signal?: AbortSignal; fields?: Record<string, string>; raw?: string } = {},
): Promise<Answer> {
  const form = new FormData();
  form.set("report", opts.raw ?? JSON.stringify(report));
  for (const [k, v] of Object.entries(opts.fields ?? {})) form.set(k, v);
  for (const f of files)
    form.append("files", new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/octet-stream" }), f.name);
  const r = await fetch(`${base}/api/public/programs/${encodeURIComponent(slug)}/reports`, {
    method: "POST",
    body: form,
    signal: opts.signal,
  });
  return answer(r);
}

export async function submitApi(
  base: string,
  token: string,
  report: unknown,
  opts: { signal?: AbortSignal; idempotencyKey?: string; raw?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey;
  const r = await fetch(`${base}/api/v1/reports`, {
    method: "POST",
    headers,
    body: opts.raw ?? JSON.stringify(report),
    signal: opts.signal,
  });
  return answer(r);
}

export async function reply(
  base: string,
  statusToken: string,
  body: string,
  files: UploadFile[] = [],
  signal?: AbortSignal,
): Promise<Answer> {
  const form = new FormData();
  form.set("body", body);
  for (const f of files)
    form.append("files", new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/octet-stream" }), f.name);
  const r = await fetch(`${base}/api/public/status/${statusToken}/messages`, { method: "POST", body: form, signal });
  return answer(r);
}

/** Sends raw RFC 822 bytes to the server's SMTP listener; resolves with the final SMTP code. */
export async function sendMail(
  port: number,
  envelope: { from: string; to: string[] },
  raw: Buffer | string,
): Promise<{ code: number; response: string }> {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 20_000,
    socketTimeout: 30_000,
  });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return { code: 250, response: info.response };
  } catch (e) {
    const err = e as { responseCode?: number; response?: string; message: string };
    return { code: err.responseCode ?? 0, response: err.response ?? err.message };
  } finally {
    transport.close();
  }
}

/** A new API token for the program (admin session). */
export async function apiToken(admin: Session, program: string): Promise<string> {
  const r = await admin.ok<{ token: string }>("programs.createApiToken", { program, name: `resilience ${Date.now()}` });
  return r.token;
}

/** A valid public report, with `tag` in its title. */
export const validReport = (tag: string, extra: Record<string, unknown> = {}) => ({
  title: `Resilience report ${tag}`,
  description: `Description of ${tag}: the recordings endpoint leaks data.`,
  stepsToReproduce: `1. Open ${tag}\n2. Observe`,
  impact: `Impact of ${tag}`,
  affectedVersions: "1.0.2",
  reporter: { name: `Researcher ${tag}`, email: `r-${tag.toLowerCase().replace(/[^a-z0-9]/g, "")}@researcher.example` },
  ...extra,
});
