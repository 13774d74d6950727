import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/**
 * Renders reporter-supplied Markdown. The reporter is untrusted: raw HTML is
 * shown as text, never parsed (no rehype-raw); the output is sanitised with GitHub's schema,
 * and images are not loaded (a remote image would tell the attacker who read
 * the report and when). Links open without a referrer.
 */
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/**
 * Raw HTML in a report is evidence, not markup: show it as literal text
 * (a triager needs to see the payload) instead of dropping or rendering it.
 */
function htmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(walk);
  };
  return (tree: MdNode) => walk(tree);
}

const components: Components = {
  img: ({ alt, src }) => (
    <span className="md-img-blocked" title={typeof src === "string" ? src : undefined}>
      [image not loaded{alt ? `: ${alt}` : ""}]
    </span>
  ),
  // A long payload line scrolls inside its block (on a phone, most do): the block takes focus so
  // a keyboard can scroll it too.
  pre: ({ children }) => (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it
    <pre tabIndex={0}>{children}</pre>
  ),
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
};

export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm, htmlAsText]} rehypePlugins={[rehypeSanitize]} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
