export interface Line {
  /** Offsets into the normalised source. */
  a: number;
  b: number;
  /** Analysis text: same length as the source line; comments, quote markers, code and example lines blanked. */
  t: string;
  code: boolean;
}

export function normalise(input: string): string {
  let s = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  s = s.replace(/\r\n?/g, "\n");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: binary junk becomes spaces so it cannot glue words together
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ");
}

const blank = (s: string) => " ".repeat(s.length);

/**
 * Comments, quote markers and code are blanked rather than cut, so an offset in the analysis text is the same
 * offset in the source and evidence can be copied from what the author wrote.
 */
export function prepareLines(src: string, rereadUnclosedFence = true): Line[] {
  const lines: Line[] = [];
  let inComment = false;
  let fence: { ch: string; len: number; line: number } | null = null;
  let inExample = false;
  let pos = 0;
  while (pos <= src.length) {
    let nl = src.indexOf("\n", pos);
    if (nl < 0) nl = src.length;
    const raw = src.slice(pos, nl);
    let t = raw;
    let code = false;

    if (fence === null && inComment) {
      const close = t.indexOf("-->");
      if (close < 0) t = blank(t);
      else {
        t = blank(t.slice(0, close + 3)) + t.slice(close + 3);
        inComment = false;
      }
    }
    if (!inComment) {
      // Block quote markers ("> ", "> > ") become spaces.
      const q = /^ {0,3}>[ \t>]*/.exec(t);
      if (q) t = blank(q[0]) + t.slice(q[0].length);
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(t);
      if (fence !== null) {
        code = true;
        if (f?.[1] && f[1][0] === fence.ch && f[1].length >= fence.len && t.slice(f[0].length).trim() === "")
          fence = null;
        t = blank(t);
      } else if (f?.[1]) {
        fence = { ch: f[1][0] ?? "`", len: f[1].length, line: lines.length };
        code = true;
        t = blank(t);
      } else {
        // HTML comments, possibly several on a line, possibly left open.
        if (t.includes("<!--")) {
          const parts: string[] = [];
          let from = 0;
          for (;;) {
            const open = t.indexOf("<!--", from);
            if (open < 0) {
              parts.push(t.slice(from));
              break;
            }
            parts.push(t.slice(from, open));
            const close = t.indexOf("-->", open + 4);
            if (close < 0) {
              parts.push(blank(t.slice(open)));
              inComment = true;
              break;
            }
            parts.push(blank(t.slice(open, close + 3)));
            from = close + 3;
          }
          t = parts.join("");
        }
      }
    }
    // "Example: "We reply within 48 hours."": a line labelled as an example shows what a policy could say; a label on
    // a line of its own ("Example:") makes the rest of its paragraph the example.
    if (t.trim() === "") inExample = false;
    else if (!code && (inExample || EXAMPLE_LINE.test(t))) {
      const m = EXAMPLE_LINE.exec(t);
      if (m && t.slice(m[0].length).trim() === "") inExample = true;
      t = blank(t);
    }
    lines.push({ a: pos, b: nl, t, code });
    pos = nl + 1;
  }
  // A fence opened and never closed around a whole policy (headings, tables) is a pasting slip, not code: the text
  // after the opening marker is read as the document it is.
  const opened = fence === null ? undefined : lines[fence.line];
  // Once: a file of many unclosed fences must not be read once per fence.
  if (opened && rereadUnclosedFence && looksLikeADocument(lines.slice((fence?.line ?? 0) + 1), src)) {
    return prepareLines(src.slice(0, opened.a) + blank(src.slice(opened.a, opened.b)) + src.slice(opened.b), false);
  }
  return lines;
}

/**
 * "Example: …", "e.g.: …", "예시: …" at the start of a line (after a list marker or emphasis): an example, in the
 * languages policies are written in.
 */
const EXAMPLE_LINE =
  /^[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]*)?(?:\*\*|__)?(?:examples?|e\.g\.?|exemple|ejemplo|exemplo|beispiel|esempio|예시|例|例如|示例|範例)(?:\*\*|__)?[ \t]*[:：]/i;

/** Two or more Markdown headings or table rows: a document, not a code sample. */
function looksLikeADocument(fenced: Line[], src: string): boolean {
  const structural = fenced.filter((l) => /^ {0,3}(#{1,6} |\|)/.test(src.slice(l.a, l.b))).length;
  return structural >= 2;
}
