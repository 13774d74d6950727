import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type AppRouter, appRouter, createContext } from "@embargo/api";
import type { Db } from "@embargo/db";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyInstance } from "fastify";
import helmet from "helmet";
import type { IntakeConfig } from "./intake/service.ts";
import { registerApiV1Routes } from "./routes/api-v1.ts";
import { registerAttachmentRoutes } from "./routes/attachments.ts";
import { registerPublicRoutes } from "./routes/public.ts";

export const SESSION_COOKIE = "embargo_session";

export interface HttpOptions {
  db: Db;
  /** Public intake (form, status pages, API for tools); absent in tests of the staff API only. */
  intake?: IntakeConfig;
  intakeRateLimit?: number;
  webDist?: string | undefined;
  secureCookies?: boolean;
  trustProxy?: boolean | string;
  logLevel?: string;
  now?: () => Date;
}

const defaultWebDist = () => path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");

export async function buildServer(opts: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: opts.logLevel ?? "info",
      // Log the route, never bodies, cookies or query strings (report text and tokens live there).
      serializers: {
        // Status-link tokens are secrets: they never reach the log.
        req: (req) => ({
          method: req.method,
          url: req.url.split("?")[0]?.replace(/\/status\/[^/]+/, "/status/[token]"),
        }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    },
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 5000 },
    // Behind a reverse proxy set EMBARGO_TRUST_PROXY so rate limits see the client's address.
    trustProxy: opts.trustProxy ?? false,
  });

  // Security headers from helmet, built once: @fastify/helmet rebuilt the
  // middleware (and re-parsed the CSP) on every request (decision 0006).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // No remote images: a reporter's Markdown must not make the browser call out.
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook("onRequest", (req, reply, done) => {
    securityHeaders(req.raw, reply.raw, (err) => done(err instanceof Error ? err : undefined));
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  // Sign-in is limited per IP to slow password guessing.
  const signInLimit = app.rateLimit({ max: 20, timeWindow: "1 minute" });
  app.addHook("onRequest", async (req, reply) => {
    if (req.url.startsWith("/api/trpc/auth.signIn")) await signInLimit.call(app, req, reply);
  });

  // Only JSON is accepted on the API; a form POST from another site cannot reach a mutation.
  app.addHook("onRequest", async (req, reply) => {
    if (req.method === "POST" && req.url.startsWith("/api/trpc")) {
      const type = req.headers["content-type"] ?? "";
      if (!type.startsWith("application/json")) {
        return reply.code(415).send({ error: "Send JSON (Content-Type: application/json)" });
      }
    }
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: "/api/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: ({ req, res }) =>
        createContext({
          db: opts.db,
          now: opts.now,
          sessionToken: req.cookies[SESSION_COOKIE] ?? null,
          cookie: {
            set: (token, expires) =>
              res.setCookie(SESSION_COOKIE, token, {
                httpOnly: true,
                sameSite: "strict",
                secure: opts.secureCookies ?? false,
                path: "/",
                expires,
              }),
            clear: () => res.clearCookie(SESSION_COOKIE, { path: "/" }),
          },
        }),
      onError({ error, path: procedure }) {
        // Unexpected failures are logged by procedure and code only: the input may hold report text.
        if (error.code === "INTERNAL_SERVER_ERROR")
          app.log.error({ procedure, err: error.cause?.name }, "procedure failed");
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });

  app.get("/healthz", async () => ({ ok: true }));

  if (opts.intake) {
    await app.register(multipart, {
      limits: {
        fileSize: opts.intake.limits.maxBytes,
        files: opts.intake.limits.maxFiles + 1,
        fields: 20,
        fieldSize: 2 * 1024 * 1024,
        parts: opts.intake.limits.maxFiles + 21,
      },
    });
    registerPublicRoutes(app, opts.intake, opts.intakeRateLimit ?? 20);
    registerApiV1Routes(app, opts.intake);
    registerAttachmentRoutes(app, opts.intake, SESSION_COOKIE);
  }

  const dist = opts.webDist ?? defaultWebDist();
  if (existsSync(path.join(dist, "index.html"))) {
    await app.register(fastifyStatic, { root: dist, prefix: "/", wildcard: false, index: ["index.html"] });
    // The SPA owns every other GET path.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === "GET" && !req.url.startsWith("/api/")) return reply.sendFile("index.html");
      return reply.code(404).send({ error: "Not found" });
    });
  } else {
    app.get("/", async (_req, reply) =>
      reply.type("text/plain").send("The dashboard is not built. Run `pnpm build` (or `pnpm start`)."),
    );
    // Our own handler: Fastify's default one logs the full URL, and a status link's token is a secret.
    app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: "Not found" }));
  }
  return app;
}
