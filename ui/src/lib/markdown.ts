import rehypeHighlight from "rehype-highlight";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

/**
 * Markdown → safe HTML, the same on the server (post page) and in the editor's live preview.
 * Raw HTML in the source is dropped (remark-rehype without allowDangerousHtml), the tree is
 * sanitized (GitHub's allow-list, `language-*` classes kept), and only then highlighted, so the
 * highlighter's own spans are the only classes added after sanitizing.
 */
const schema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [...(defaultSchema.attributes?.code ?? []), ["className", /^language-[\w-]+$/] as [string, RegExp]],
  },
};

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeSanitize, schema)
  .use(rehypeHighlight, { detect: false })
  .use(rehypeStringify)
  .freeze();

export function renderMarkdown(source: string): string {
  return String(processor.processSync(source));
}
