import { createBrowserRouter } from "react-router";
import { LoginPage } from "../features/auth/LoginPage.tsx";
import { InboxPage } from "../features/inbox/InboxPage.tsx";
import { AppLayout } from "./AppLayout.tsx";
import { NotFound } from "./NotFound.tsx";

/**
 * URLs: / inbox, /reports/new, /reports/:key, /login. The report page and the
 * new-report form load on demand so the inbox (the first screen) stays small.
 */
export const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  // Public pages for researchers: no account, no staff data.
  {
    path: "/report/:slug",
    lazy: async () => ({ Component: (await import("../features/public/ReportFormPage.tsx")).ReportFormPage }),
  },
  {
    path: "/status/:token",
    lazy: async () => ({ Component: (await import("../features/public/StatusPage.tsx")).StatusPage }),
  },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <InboxPage /> },
      {
        path: "reports/new",
        lazy: async () => ({ Component: (await import("../features/new-report/NewReportPage.tsx")).NewReportPage }),
      },
      {
        path: "reports/:key",
        lazy: async () => ({ Component: (await import("../features/report/ReportPage.tsx")).ReportPage }),
      },
      {
        path: "settings/:slug?",
        lazy: async () => ({ Component: (await import("../features/settings/SettingsPage.tsx")).SettingsPage }),
      },
      {
        path: "outbox",
        lazy: async () => ({ Component: (await import("../features/settings/OutboxPage.tsx")).OutboxPage }),
      },
      { path: "*", element: <NotFound /> },
    ],
  },
]);
