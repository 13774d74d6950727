import type { AppRouter } from "@embargo/api";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpLink, splitLink, TRPCClientError } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import { reauthLink } from "./reauth.tsx";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // Do not retry what the server refused on purpose.
      retry: (count, err) => {
        const code = err instanceof TRPCClientError ? (err.data?.code as string | undefined) : undefined;
        if (code && ["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST"].includes(code)) return false;
        return count < 2;
      },
    },
  },
});

/** The server's tRPC batch limit (apps/server http.ts MAX_BATCH_SIZE). */
const MAX_BATCH_SIZE = 20;

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    // A sensitive call refused for want of a recent proof: prompt, then send it again.
    reauthLink,
    // The server refuses auth.* inside a batch (each sign-in attempt is throttled on its own).
    splitLink({
      condition: (op) => op.path.startsWith("auth."),
      true: httpLink({ url: "/api/trpc", transformer: superjson }),
      false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: MAX_BATCH_SIZE }),
    }),
  ],
});

/** The one options proxy: `useQuery(trpc.reports.list.queryOptions(input))`. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/** Field errors the server attached to a refused call, by field path. */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  if (err instanceof TRPCClientError) return (err.data?.fieldErrors as Record<string, string> | null) ?? {};
  return {};
}

export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) return err.message;
  return "Could not reach the server. Check your connection and try again.";
}

export const errorCode = (err: unknown): string | undefined =>
  err instanceof TRPCClientError ? (err.data?.code as string | undefined) : undefined;
