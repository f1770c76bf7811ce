import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

/**
 * The markup a theme may put on a page: text structure, links and the organizer's own uploaded
 * images. No script, style, form, frame, SVG or MathML; no event handlers, `style` or `id`
 * attributes (an `id` could clobber the page's own names); links only to http(s), mail and
 * phone addresses.
 */
const ALLOWED_TAGS = [
  'a',
  'abbr',
  'address',
  'article',
  'aside',
  'b',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'dd',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'footer',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'i',
  'img',
  'li',
  'mark',
  'nav',
  'ol',
  'p',
  'q',
  's',
  'section',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'u',
  'ul',
];

const GLOBAL_ATTRIBUTES = ['class', 'lang', 'dir', 'title'];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': GLOBAL_ATTRIBUTES,
  a: ['href', 'hreflang', 'rel'],
  img: ['src', 'alt', 'width', 'height', 'loading'],
  time: ['datetime'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  ol: ['start', 'reversed'],
};

const LINK_SCHEMES = ['http', 'https', 'mailto', 'tel'];

/** Whether `src` is one of the platform's stored images (`imagePrefixes` are their addresses' starts). */
export function isOwnAsset(src: string, imagePrefixes: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  return imagePrefixes.some((prefix) => prefix !== '' && url.href.startsWith(prefix));
}

function sanitizeOptions(imagePrefixes: readonly string[]): sanitizeHtml.IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: LINK_SCHEMES,
    allowedSchemesByTag: { img: ['https', 'http'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    allowedClasses: { '*': [/^[a-zA-Z][\w-]{0,63}$/] },
    disallowedTagsMode: 'discard',
    // An image from anywhere else would tell another site who looks at the page.
    exclusiveFilter: (frame) => frame.tag === 'img' && !isOwnAsset(frame.attribs.src ?? '', imagePrefixes),
    transformTags: {
      // A link out says so to search engines and keeps the opener from the other page.
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener nofollow' } }),
    },
  };
}

/** A section's rendered HTML with everything a theme may not do taken out. */
export function sanitizeSection(html: string, imagePrefixes: readonly string[]): string {
  return sanitizeHtml(html, sanitizeOptions(imagePrefixes));
}

export interface MarkupFinding {
  kind: 'removed_tag' | 'removed_attribute' | 'foreign_image' | 'unsafe_link' | 'missing_alt' | 'heading_one';
  detail: string;
}

/**
 * What the sanitizer will take out of this markup, and a few things that hurt buyers who use a
 * screen reader, for the theme check to say in words.
 */
export function inspectMarkup(html: string, imagePrefixes: readonly string[]): MarkupFinding[] {
  const findings: MarkupFinding[] = [];
  const seen = new Set<string>();
  const add = (finding: MarkupFinding) => {
    const key = `${finding.kind}:${finding.detail}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'h1') {
          add({ kind: 'heading_one', detail: name });
          return;
        }
        if (!ALLOWED_TAGS.includes(name)) {
          add({ kind: 'removed_tag', detail: name });
          return;
        }
        const allowed = [...GLOBAL_ATTRIBUTES, ...(ALLOWED_ATTRIBUTES[name] ?? [])];
        for (const [attribute, value] of Object.entries(attributes)) {
          if (!allowed.includes(attribute)) {
            add({ kind: 'removed_attribute', detail: `${attribute} on <${name}>` });
          } else if (attribute === 'href' && !safeLink(value)) {
            add({ kind: 'unsafe_link', detail: value.slice(0, 80) });
          }
        }
        if (name === 'img') {
          if (!isOwnAsset(attributes.src ?? '', imagePrefixes))
            add({ kind: 'foreign_image', detail: attributes.src ?? '' });
          if (attributes.alt === undefined) add({ kind: 'missing_alt', detail: attributes.src ?? '' });
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return findings;
}

function safeLink(href: string): boolean {
  // Browsers ignore tabs, new lines and spaces inside a scheme: `java\tscript:` is `javascript:`.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters browsers skip.
  const trimmed = href.replace(/[\u0000-\u0020]/g, '');
  if (trimmed.startsWith('//')) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  return scheme === undefined || LINK_SCHEMES.includes(scheme);
}
