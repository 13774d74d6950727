import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { accountRouter } from "./routers/account.ts";
import { advisoriesRouter } from "./routers/advisories.ts";
import { auditRouter } from "./routers/audit.ts";
import { authRouter } from "./routers/auth.ts";
import { creditsRouter } from "./routers/credits.ts";
import { disclosureRouter } from "./routers/disclosure.ts";
import { escalationsRouter } from "./routers/escalations.ts";
import { leadershipRouter } from "./routers/leadership.ts";
import { membersRouter } from "./routers/members.ts";
import { notificationsRouter } from "./routers/notifications.ts";
import { profileRouter } from "./routers/profile.ts";
import { programsRouter } from "./routers/programs.ts";
import { reportsRouter } from "./routers/reports.ts";
import { researchersRouter } from "./routers/researchers.ts";
import { setupRouter } from "./routers/setup.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  account: accountRouter,
  advisories: advisoriesRouter,
  audit: auditRouter,
  auth: authRouter,
  credits: creditsRouter,
  disclosure: disclosureRouter,
  escalations: escalationsRouter,
  leadership: leadershipRouter,
  members: membersRouter,
  notifications: notificationsRouter,
  profile: profileRouter,
  programs: programsRouter,
  reports: reportsRouter,
  researchers: researchersRouter,
  setup: setupRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
export { type Context, createContext } from "./context.ts";
