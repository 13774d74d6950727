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
      { path: "*", element: <NotFound /> },
    ],
  },
]);
