import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/**
 * Renders reporter-supplied Markdown. The reporter is untrusted: raw HTML is
 * never parsed (no rehype-raw), the output is sanitised with GitHub's schema,
 * and images are not loaded (a remote image would tell the attacker who read
 * the report and when). Links open without a referrer.
 */
const components: Components = {
  img: ({ alt, src }) => (
    <span className="md-img-blocked" title={typeof src === "string" ? src : undefined}>
      [image not loaded{alt ? `: ${alt}` : ""}]
    </span>
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
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} components={components} skipHtml>
        {text}
      </ReactMarkdown>
    </div>
  );
}
