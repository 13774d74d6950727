import { existsSync, rmSync } from "node:fs";
import { STATUS_CODES } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type AppRouter, appRouter, createContext } from "@embargo/api";
import type { Db } from "@embargo/db";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import { TRPCError } from "@trpc/server";
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import helmet from "helmet";
import { rawEmailPath } from "./email/raw-store.ts";
import type { IntakeConfig } from "./intake/service.ts";
import { classifyFault, faultForLog, storageCode } from "./lib/faults.ts";
import { createReadinessCheck } from "./lib/readiness.ts";
import { isSameOrigin } from "./lib/same-origin.ts";
import { isApiPath, pathForLog } from "./request-path.ts";
import { registerApiV1Routes } from "./routes/api-v1.ts";
import { registerAttachmentRoutes } from "./routes/attachments.ts";
import { registerCalendarFeedRoutes } from "./routes/calendar-feed.ts";
import { registerCreditPublicRoutes } from "./routes/credits-public.ts";
import { registerPublicRoutes } from "./routes/public.ts";
import { registerStaffReportRoutes } from "./routes/staff-reports.ts";

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
  /** Where the log goes (default stdout); tests read it. */
  logStream?: { write(line: string): void };
  now?: () => Date;
  /** Outgoing mail is configured (EMBARGO_SMTP_URL): invitation and reset links are emailed, not shown. */
  mailConfigured?: boolean;
}

/** What an intake route answers when its report cannot be stored (a full disk, an unwritable folder). */
const STORAGE_MESSAGE: Record<string, string> = {
  "POST /api/public/programs/:slug/reports": "could not store your report, nothing was saved, try again",
  "POST /api/v1/reports": "could not store your report, nothing was saved, try again",
  "POST /api/public/status/:token/messages": "could not store your message, nothing was saved, try again",
};

/** Largest tRPC batch; the dashboard's batch link uses the same limit. */
export const MAX_BATCH_SIZE = 20;

/** Powerful browser features the dashboard never uses, switched off for every page. */
const PERMISSIONS_POLICY =
  "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), interest-cohort=()";

/** `application/json; charset=utf-8` → `application/json`. */
const mediaType = (header: string | undefined) => (header ?? "").split(";", 1)[0]!.trim().toLowerCase();

const defaultWebDist = () => path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");

export async function buildServer(opts: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: opts.logLevel ?? "info",
      ...(opts.logStream ? { stream: opts.logStream } : {}),
      // Log the route, never bodies, cookies or query strings (report text and tokens live there).
      serializers: {
        // Status-link tokens are secrets: they never reach the log.
        req: (req) => ({ method: req.method, url: pathForLog(req.url) }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    },
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 5000 },
    // Behind a reverse proxy set EMBARGO_TRUST_PROXY so rate limits see the client's address.
    trustProxy: opts.trustProxy ?? false,
  });

  // Server faults never show their cause to the client (decision 0013): no code, path or SQL.
  // Set before any plugin, so every scope inherits it.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const fault = classifyFault(err);
    if (fault.kind === "client") {
      const code = typeof err.code === "string" && err.code.startsWith("FST_") ? err.code : undefined;
      return reply
        .code(fault.status)
        .send({ statusCode: fault.status, code, error: STATUS_CODES[fault.status], message: err.message });
    }
    const route = `${req.method} ${req.routeOptions.url ?? ""}`;
    req.log.error(
      { route, err: faultForLog(err, fault) },
      fault.kind === "storage" ? "storage failed" : "request failed",
    );
    if (fault.kind === "storage") {
      const message = STORAGE_MESSAGE[route] ?? "the server could not save this just now; nothing was saved, try again";
      return reply.code(503).header("Retry-After", "30").send({ error: message, message });
    }
    const message = "Something went wrong on the server; nothing was changed.";
    return reply.code(500).send({ error: message, message });
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
    // Sent only over HTTPS (below): over plain HTTP the header is meaningless and can lock out a later setup.
    strictTransportSecurity: false,
  });
  app.addHook("onRequest", (req, reply, done) => {
    reply.header("Permissions-Policy", PERMISSIONS_POLICY);
    if (req.protocol === "https") reply.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    securityHeaders(req.raw, reply.raw, (err) => done(err instanceof Error ? err : undefined));
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });

  const trustedOrigins = new Set(opts.intake ? [new URL(opts.intake.publicUrl).origin] : []);
  // The staff API in its own scope: these hooks run for every request the router
  // gives to tRPC, whatever spelling of the path brought it (issue 9 §2).
  await app.register(async (api) => {
    api.addHook("onRequest", async (req, reply) => {
      reply.header("Cache-Control", "no-store");
      if (req.method === "GET") return;
      // Only JSON: a form post from another site (multipart, urlencoded, text) never reaches a procedure.
      if (mediaType(req.headers["content-type"]) !== "application/json") {
        return reply.code(415).send({ error: "Send JSON (Content-Type: application/json)" });
      }
      if (!isSameOrigin(req, trustedOrigins)) {
        return reply.code(403).send({ error: "Cross-origin requests are refused" });
      }
    });
    await api.register(fastifyTRPCPlugin, {
      prefix: "/api/trpc",
      trpcOptions: {
        router: appRouter,
        maxBatchSize: MAX_BATCH_SIZE,
        createContext: ({ req, res, info }) => {
          // Each password guess must be its own request, seen by the throttle one at a time.
          if (info.isBatchCall && info.calls.some((c) => c.path.startsWith("auth."))) {
            throw new TRPCError({ code: "BAD_REQUEST", message: "auth.* procedures cannot be batched" });
          }
          return createContext({
            db: opts.db,
            now: opts.now,
            clientAddress: req.ip,
            userAgent: req.headers["user-agent"] ?? null,
            // Invitation and reset links are sealed with the installation key before they are queued.
            ...(opts.intake
              ? {
                  sealLink: (url: string) => opts.intake!.sealer.seal(url),
                  publicUrl: opts.intake.publicUrl,
                  // A researcher's erasure deletes the raw emails of their reports.
                  removeRawEmail: (sha256: string) =>
                    rmSync(rawEmailPath(opts.intake!.dataDir, sha256), { force: true }),
                }
              : {}),
            mailConfigured: opts.mailConfigured ?? false,
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
          });
        },
        onError({ error, path: procedure }) {
          // Unexpected failures are logged by procedure and code only: the input may hold report text.
          // A storage code (SQLITE_FULL, ENOSPC) tells the operator what to fix; the client sees a generic message (trpc.ts).
          if (error.code === "INTERNAL_SERVER_ERROR")
            app.log.error({ procedure, err: error.cause?.name, code: storageCode(error.cause) }, "procedure failed");
        },
      } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
    });
  });

  // Readiness: 503 with a short reason (never a path) when the database or the attachments folder cannot be written.
  const ready = createReadinessCheck({ db: opts.db, dataDir: opts.intake?.dataDir, log: app.log });
  app.get("/healthz", async (_req, reply) => {
    reply.header("Cache-Control", "no-store");
    const r = ready();
    return r.ok ? { ok: true } : reply.code(503).send({ ok: false, reason: r.reason });
  });
  // Calendar apps cannot sign in: the secret feed URL is their credential.
  registerCalendarFeedRoutes(app, {
    db: opts.db,
    publicUrl: opts.intake?.publicUrl ?? "http://localhost",
    now: opts.now ?? (() => new Date()),
  });

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
    registerCreditPublicRoutes(app, opts.intake, opts.intakeRateLimit ?? 20);
    registerApiV1Routes(app, opts.intake);
    registerAttachmentRoutes(app, opts.intake, SESSION_COOKIE);
    registerStaffReportRoutes(app, opts.intake, {
      sessionCookie: SESSION_COOKIE,
      sameOrigin: (req) => isSameOrigin(req, trustedOrigins),
      mailConfigured: opts.mailConfigured ?? false,
    });
  }

  const dist = opts.webDist ?? defaultWebDist();
  if (existsSync(path.join(dist, "index.html"))) {
    await app.register(fastifyStatic, { root: dist, prefix: "/", wildcard: false, index: ["index.html"] });
    // The SPA owns every other GET path.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === "GET" && !isApiPath(req.url)) return reply.sendFile("index.html");
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
