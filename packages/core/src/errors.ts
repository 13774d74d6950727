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
