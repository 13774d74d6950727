// The framework floor: Fastify with the same tRPC adapter and response
// transformer as the real server, whose procedure answers each recorded
// input with the recorded result from memory (no database, no session, no
// security headers). Ours ÷ this is what our own code costs per request;
// this ÷ the HTTP floor is what the framework costs.
// Usage: tsx framework-floor.ts <responses.json> <procedure>; prints "listening <port>".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { transformer } from "../../packages/api/src/transformer.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const serverRequire = createRequire(path.join(ROOT, "apps/server/package.json"));
const load = async <T>(name: string): Promise<T> => (await import(serverRequire.resolve(name))) as T;

type Trpc = typeof import("@trpc/server");
type Adapter = typeof import("@trpc/server/adapters/fastify");
type FastifyModule = typeof import("fastify");

const { initTRPC } = await load<Trpc>("@trpc/server");
const { fastifyTRPCPlugin } = await load<Adapter>("@trpc/server/adapters/fastify");
const Fastify = (await load<FastifyModule>("fastify")).default;

interface Recorded {
  path: string;
  body: string;
}
const [file, procedure] = process.argv.slice(2);
if (!file || !procedure) throw new Error("usage: framework-floor.ts <responses.json> <procedure>");

/** Recorded result by input, as the procedure will see the input. */
const answers = new Map<string, unknown>();
for (const r of JSON.parse(readFileSync(file, "utf8")) as Recorded[]) {
  const url = new URL(r.path, "http://floor");
  const batch = JSON.parse(url.searchParams.get("input") ?? "{}") as Record<string, unknown>;
  const input = transformer.input.deserialize(batch["0"] as Parameters<typeof transformer.input.deserialize>[0]);
  const [answer] = JSON.parse(Buffer.from(r.body, "base64").toString("utf8")) as {
    result: { data: Parameters<typeof transformer.output.deserialize>[0] };
  }[];
  if (!answer) throw new Error(`no result recorded for ${r.path.slice(0, 80)}`);
  answers.set(JSON.stringify(input), transformer.output.deserialize(answer.result.data));
}

const t = initTRPC.create({ transformer, isDev: false });
const [ns, name] = procedure.split(".");
if (!ns || !name) throw new Error(`procedure "${procedure}" is not namespace.name`);
const router = t.router({
  [ns]: t.router({
    [name]: t.procedure.input((v: unknown) => v).query(({ input }) => answers.get(JSON.stringify(input)) ?? null),
  }),
});

const app = Fastify({ logger: false, routerOptions: { maxParamLength: 5000 } });
await app.register(fastifyTRPCPlugin, { prefix: "/api/trpc", trpcOptions: { router } });
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void app.close().then(() => process.exit(0)));
