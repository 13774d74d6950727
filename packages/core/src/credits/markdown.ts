/**
 * Untrusted text inside a line of Markdown (a researcher's chosen name, a program
 * name, a CVE id), after a fixed prefix such as "- **" or "# ", so that it renders as
 * exactly that text in CommonMark and GitHub Flavored Markdown: no emphasis, code,
 * link, image, raw HTML, entity, autolink, strikethrough, table cell or math.
 *
 * Why not a library: the small escapers on npm (markdown-escape and the like) leave
 * the backslash itself, `!`, `&`, `|`, `~`, `:`, `@` and line breaks alone, so `x\`
 * breaks the bold around a name, `&lt;` becomes `<` and `https://…` or `a@b.c` turn
 * into GFM autolinks. CommonMark lets a backslash escape any ASCII punctuation
 * character and shows it as that literal character, so this escapes every character
 * with an inline meaning (including the `:`, `.` and `@` that autolinks need). It
 * leaves `- + = , ; ? % / ' "` alone: they only mean something at the start of a line
 * or inside link syntax whose brackets are escaped, and names like O'Brien or
 * Jean-Luc stay readable when the Markdown is pasted as source. Line breaks and other
 * control characters would start a new block, so they become one space.
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").replace(/[!#$&()*.:<>@[\\\]^_`{|}~]/g, "\\$&");
}

/**
 * An http(s) address as a link destination: the URL parser has already encoded
 * spaces, quotes and angle brackets; parentheses would end or unbalance the
 * destination, so they are percent-encoded too (the same address to a browser).
 */
export const markdownLinkDestination = (href: string): string =>
  href.replace(/[()<>\s\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
