/**
 * Invisible characters that change how text is read or processed: C0/C1
 * controls (NUL, ESC…) and format characters (bidirectional overrides such as
 * U+202E, zero-width joiners, BOM). Hostile input uses them to break a search
 * engine or to make a name read differently from what it is.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** Search text with every control or format character turned into a space (a word boundary). */
export const searchText = (s: string) => s.replace(INVISIBLE, " ");

/** A file name or similar label without control or format characters (removed, not replaced). */
export const withoutInvisibles = (s: string) => s.replace(INVISIBLE, "");

/** Shows every control or format character as `<U+XXXX>`, so a name is displayed as it really is. */
export const revealInvisibles = (s: string) =>
  s.replace(INVISIBLE, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}>`);
