import { createBrowserRouter } from "react-router";
import { LoginPage } from "../features/auth/LoginPage.tsx";
import { listInputFrom } from "../features/inbox/filters.ts";
import { queryClient, trpc } from "../lib/trpc.ts";
import { AppLayout } from "./AppLayout.tsx";
import { Home } from "./Home.tsx";
import { NotFound } from "./NotFound.tsx";

/**
 * Loaders start a screen's first queries as the URL is matched, before React
 * renders. The session check and the inbox page then leave side by side
 * (auth.* is never batched) instead of the inbox waiting for the session check.
 * They return at once: the screens render their own loading states.
 */
const prefetchMe = () => {
  void queryClient.prefetchQuery(trpc.auth.me.queryOptions());
  return null;
};
const prefetchInbox = ({ request }: { request: Request }) => {
  // Known to be signed out: the layout sends the visitor to the sign-in page instead.
  if (queryClient.getQueryData(trpc.auth.me.queryKey()) === null) return null;
  void queryClient.prefetchQuery(trpc.reports.list.queryOptions(listInputFrom(new URL(request.url).searchParams)));
  return null;
};

/**
 * URLs: / inbox, /reports/new, /reports/:key, /disclosures, /leadership, /login. The report page,
 * the leadership panel and the new-report form load on demand so the inbox (the first screen) stays small.
 */
export const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  // A second factor is required and none is enrolled: the only page such a session reaches.
  {
    path: "/enrol",
    lazy: async () => ({ Component: (await import("../features/security/EnrolPage.tsx")).EnrolPage }),
  },
  // First run: public, guarded by the one-time code.
  {
    path: "/setup",
    lazy: async () => ({ Component: (await import("../features/setup/SetupPage.tsx")).SetupPage }),
  },
  // Public pages for researchers: no account, no staff data; in the researcher's language (issue 15),
  // whose catalogs load with these pages only.
  {
    lazy: async () => ({ Component: (await import("../features/public/language.tsx")).PublicLayout }),
    children: [
      {
        path: "/report/:slug",
        lazy: async () => ({ Component: (await import("../features/public/ReportFormPage.tsx")).ReportFormPage }),
      },
      {
        path: "/status/:token",
        lazy: async () => ({ Component: (await import("../features/public/StatusPage.tsx")).StatusPage }),
      },
      // A disclosed report's published advisory; the server answers 404 for anything else.
      {
        path: "/advisories/:key",
        lazy: async () => ({ Component: (await import("../features/public/AdvisoryPage.tsx")).AdvisoryPage }),
      },
      // A credited person's one-page consent form, reached from their email (issue 12).
      {
        path: "/credit/:token",
        lazy: async () => ({
          Component: (await import("../features/public/CreditConsentPage.tsx")).CreditConsentPage,
        }),
      },
      // A program's public hall of fame: disclosed reports' accepted credits only.
      {
        path: "/thanks/:slug",
        lazy: async () => ({ Component: (await import("../features/public/ThanksPage.tsx")).ThanksPage }),
      },
    ],
  },
  // Reached from a link sent to a person; the token is in the query string, which the server never logs.
  {
    path: "/invite",
    lazy: async () => ({ Component: (await import("../features/account/InvitePage.tsx")).InvitePage }),
  },
  {
    path: "/reset-password",
    lazy: async () => ({ Component: (await import("../features/account/ResetPasswordPage.tsx")).ResetPasswordPage }),
  },
  {
    element: <AppLayout />,
    loader: prefetchMe,
    children: [
      {
        index: true,
        element: <Home />,
        loader: prefetchInbox,
      },
      {
        path: "reports/new",
        lazy: async () => ({ Component: (await import("../features/new-report/NewReportPage.tsx")).NewReportPage }),
      },
      {
        path: "reports/:key",
        lazy: async () => ({ Component: (await import("../features/report/ReportPage.tsx")).ReportPage }),
      },
      {
        path: "settings/programs",
        lazy: async () => ({ Component: (await import("../features/settings/ProgramsPage.tsx")).ProgramsPage }),
      },
      {
        path: "settings/programs/new",
        lazy: async () => ({ Component: (await import("../features/settings/ProgramsPage.tsx")).NewProgramPage }),
      },
      {
        path: "settings/programs/:slug",
        lazy: async () => ({ Component: (await import("../features/settings/ProgramsPage.tsx")).EditProgramPage }),
      },
      {
        path: "settings/security",
        lazy: async () => ({
          Component: (await import("../features/settings/SecuritySettingsPage.tsx")).SecuritySettingsPage,
        }),
      },
      {
        // Policies live under their own segment, so no program slug ("security") can be
        // shadowed by a settings screen; /settings/<slug> is the older address.
        path: "settings/policy/:slug?",
        lazy: async () => ({ Component: (await import("../features/settings/SettingsPage.tsx")).SettingsPage }),
      },
      {
        path: "settings/:slug?",
        lazy: async () => ({ Component: (await import("../features/settings/SettingsPage.tsx")).LegacyPolicyAddress }),
      },
      {
        path: "disclosures",
        lazy: async () => ({
          Component: (await import("../features/disclosures/DisclosuresPage.tsx")).DisclosuresPage,
        }),
      },
      {
        path: "acknowledgments",
        lazy: async () => ({
          Component: (await import("../features/acknowledgments/AcknowledgmentsPage.tsx")).AcknowledgmentsPage,
        }),
      },
      {
        path: "researchers",
        lazy: async () => ({
          Component: (await import("../features/researchers/ResearchersPage.tsx")).ResearchersPage,
        }),
      },
      {
        path: "researchers/:id",
        lazy: async () => ({ Component: (await import("../features/researchers/ResearcherPage.tsx")).ResearcherPage }),
      },
      {
        path: "leadership",
        lazy: async () => ({
          Component: (await import("../features/leadership/LeadershipPage.tsx")).LeadershipPage,
        }),
      },
      {
        path: "leadership/reports",
        lazy: async () => ({
          Component: (await import("../features/leadership/LeadershipReportsPage.tsx")).LeadershipReportsPage,
        }),
      },
      {
        path: "members",
        lazy: async () => ({ Component: (await import("../features/members/MembersPage.tsx")).MembersPage }),
      },
      {
        path: "profile",
        lazy: async () => ({ Component: (await import("../features/account/ProfilePage.tsx")).ProfilePage }),
      },
      {
        path: "outbox",
        lazy: async () => ({ Component: (await import("../features/settings/OutboxPage.tsx")).OutboxPage }),
      },
      {
        path: "audit",
        lazy: async () => ({ Component: (await import("../features/audit/AuditPage.tsx")).AuditPage }),
      },
      { path: "*", element: <NotFound /> },
    ],
  },
]);
