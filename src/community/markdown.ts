/**
 * Comment markdown → safe HTML. Two independent layers, so a bug in one is not a hole:
 * markdown-it with raw HTML disabled (tags in the source come out as text), then
 * sanitize-html with an allow-list of tags, attributes and URL schemes. Links get
 * rel="nofollow ugc noopener" (no SEO value for spam, no window.opener); images are not
 * allowed (they would let a commenter track readers).
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
md.disable(['image']);

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Headings inside a comment must not compete with the page's: h1/h2 become h3/h4.
  transformTags: {
    h1: 'h3',
    h2: 'h4',
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: 'nofollow ugc noopener' },
    }),
  },
  disallowedTagsMode: 'escape',
};

export function renderCommentMarkdown(source: string): string {
  return sanitizeHtml(md.render(source), SANITIZE);
}
