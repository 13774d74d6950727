/**
 * Domain errors are plain data so every layer can map them without knowing
 * about HTTP or tRPC. The api package maps `kind` to a tRPC code in one place.
 */
export type DomainErrorKind = "validation" | "invalid_transition" | "not_found" | "conflict" | "forbidden";

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  /** The input field the problem is about, so forms can show it in place. */
  readonly field: string | null;

  constructor(kind: DomainErrorKind, message: string, field: string | null = null) {
    super(message);
    this.name = "DomainError";
    this.kind = kind;
    this.field = field;
  }
}

export const fieldError = (field: string, message: string) => new DomainError("validation", message, field);

/** Field path -> first message, from zod issues: the shape every bad-input answer carries. */
export function zodFieldErrors(e: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of e.issues) out[issue.path.map(String).join(".") || "input"] ??= issue.message;
  return out;
}

/** "field: problem; field: problem" for the one-line error message beside the field map. */
export const describeFieldErrors = (fieldErrors: Record<string, string>): string =>
  Object.entries(fieldErrors)
    .map(([k, v]) => `${k}: ${v}`)
    .join("; ");
