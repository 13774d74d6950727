import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./Markdown.tsx";

const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

describe("Markdown from a reporter", () => {
  it("makes a code block reachable by keyboard, since a long payload scrolls inside it", () => {
    const out = html("Payload:\n\n```yaml\nflow: !!js/function >\n  function () { require('child_process') }\n```\n");
    expect(out).toMatch(/<pre tabindex="0"><code class="language-yaml">/);
  });

  it("shows raw HTML as text and loads no image", () => {
    const out = html("<script>alert(1)</script>\n\n![x](https://attacker.example/p.png)");
    expect(out).not.toContain("<script");
    expect(out).toContain("&lt;script&gt;");
    expect(out).not.toContain("<img");
    expect(out).toContain("[image not loaded: x]");
  });
});
