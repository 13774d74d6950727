import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { applyTheme, storedTheme } from "./lib/theme.ts";
import { queryClient } from "./lib/trpc.ts";
import { router } from "./routes/index.tsx";
import "./styles.css";

// The first statement of the bundle (its modules evaluate in one task, so nothing paints in between):
// the chosen theme is on <html> before React renders anything. The CSP allows no inline script in index.html.
applyTheme(storedTheme());

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
