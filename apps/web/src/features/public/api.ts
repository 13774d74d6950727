import { translateServerError } from "../../i18n/server-errors.ts";

/** The public intake endpoints are plain HTTP (multipart uploads), not tRPC. */
export interface FieldErrors {
  [field: string]: string;
}

export class PublicError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
  }
}

/** Public endpoints never get the staff cookie; a staff multipart route passes `credentials: "same-origin"`. */
/**
 * What a researcher page shows for a failed call: the network and rate-limit
 * failures in its own words (the server's texts are English), anything else translated when it is one of the server's known messages (i18n/server-errors.ts).
 */
export function publicErrorText(e: PublicError, t: (key: string, values?: Record<string, unknown>) => string) {
  if (e.status === 0) return t("common.networkError");
  if (e.status === 429) return t("common.rateLimited");
  return translateServerError(e.message, t);
}

export async function publicFetch<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: "omit", ...init });
  } catch {
    throw new PublicError("Could not reach the server. Check your connection and try again; nothing was sent.", 0);
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string; fieldErrors?: FieldErrors };
  if (!res.ok) {
    const message =
      res.status === 429
        ? "Too many submissions from your network. Please wait an hour and try again."
        : (body.error ?? body.message ?? `The server answered ${res.status}.`);
    throw new PublicError(message, res.status, body.fieldErrors ?? {});
  }
  return body as T;
}

export const formatBytes = (n: number) =>
  n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
