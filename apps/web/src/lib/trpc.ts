import type { AppRouter } from "@embargo/api";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import superjson from "superjson";

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

export const trpcClient = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })],
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
