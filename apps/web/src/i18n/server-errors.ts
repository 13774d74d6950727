import { en } from "./en.ts";

/**
 * The server's refusals in the reader's language (issue 15, decision 0018).
 *
 * The API answers in English, and stays so for API clients. The public pages
 * translate a refusal on the client by matching it against a CLOSED set of
 * templates: the English texts of the catalog's `serverError` section, which are
 * exactly the server's messages with `{{name}}` where the server puts a number,
 * a file name or a list. A message no template matches is shown as the server
 * wrote it (English, never a bare key); server-errors.test.ts runs the public
 * schemas on bad input so a new server message without a template fails the suite.
 */
type ServerErrorKey = keyof typeof en.serverError;

/** The server's field labels in "{{field}} is required" (intake/schemas.ts), as catalog keys. */
const FIELD_LABELS: Record<string, string> = {
  Title: "form.title",
  Description: "form.description",
  "Steps to reproduce": "form.stepsToReproduce",
  Impact: "form.impact",
  "Affected version": "form.affectedVersions",
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One template as an anchored pattern: each `{{name}}` captures any text (possibly empty). */
function compile(key: ServerErrorKey, template: string) {
  const names: string[] = [];
  const source = template
    .split(/(\{\{\w+\}\})/)
    .map((part) => {
      const m = /^\{\{(\w+)\}\}$/.exec(part);
      if (!m) return escapeRegExp(part);
      names.push(m[1]!);
      return "([\\s\\S]*?)";
    })
    .join("");
  return { key, names, re: new RegExp(`^${source}$`) };
}

/** Templates with fewer placeholders first, so a fixed text wins over a pattern that would also match it. */
const TEMPLATES = (Object.entries(en.serverError) as [ServerErrorKey, string][])
  .map(([key, template]) => compile(key, template))
  .sort((a, b) => a.names.length - b.names.length);

export interface ServerErrorMatch {
  /** The catalog key, "serverError.<name>". */
  key: `serverError.${ServerErrorKey}`;
  values: Record<string, string>;
}

/** The template a server message was made from, and what the server put in its placeholders; null if none. */
export function matchServerError(message: string): ServerErrorMatch | null {
  for (const { key, names, re } of TEMPLATES) {
    const m = re.exec(message);
    if (m) return { key: `serverError.${key}`, values: Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ""])) };
  }
  return null;
}

/** The translate function of the researcher i18next instance, as far as this module uses it. */
type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * A server message in the reader's language; the English message itself when no
 * template matches. Placeholder values are passed as data (i18next does not
 * interpolate inside them, and React renders the result as text).
 */
export function translateServerError(message: string, t: Translate): string {
  const match = matchServerError(message);
  if (!match) return message;
  const values: Record<string, unknown> = { ...match.values };
  const label = match.values.field !== undefined ? FIELD_LABELS[match.values.field] : undefined;
  if (label) values.field = t(label);
  // Keys are typed from the English catalog; values are never re-read as markup.
  return t(match.key, { ...values, interpolation: { escapeValue: false } });
}

/** Every field error of a refusal, translated; undefined stays undefined, so pages can spread it as before. */
export function translateFieldErrors<T extends Record<string, string> | undefined>(fieldErrors: T, t: Translate): T {
  if (!fieldErrors) return fieldErrors;
  return Object.fromEntries(
    Object.entries(fieldErrors).map(([field, message]) => [field, translateServerError(message, t)]),
  ) as T;
}
