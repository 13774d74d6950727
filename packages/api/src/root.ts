import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { authRouter } from "./routers/auth.ts";
import { notificationsRouter } from "./routers/notifications.ts";
import { programsRouter } from "./routers/programs.ts";
import { reportsRouter } from "./routers/reports.ts";
import { setupRouter } from "./routers/setup.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  notifications: notificationsRouter,
  programs: programsRouter,
  reports: reportsRouter,
  setup: setupRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
export { type Context, createContext } from "./context.ts";
