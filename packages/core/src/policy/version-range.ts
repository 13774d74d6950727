/**
 * A supported-versions range must name a version: at least one letter or digit ("-" or "(" names none). The policy
 * form refuses other ranges and the SECURITY.md import reads such a row as none, so both use this one test and every
 * policy the app writes reads back the same.
 */
export const namesAVersion = (range: string): boolean => /[\p{L}\p{N}]/u.test(range);
