/**
 * A researcher's handle as shown: one "@" before it. People often type the
 * "@" themselves ("@rosa"), and handles are stored as typed, so the display
 * adds one only where there is none (never "@@rosa").
 */
export function atHandle(handle: string): string {
  return `@${handle.trim().replace(/^@+/, "")}`;
}
