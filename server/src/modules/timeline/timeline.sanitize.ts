/**
 * Rich text of timeline entries (SECURITY IN-1): whatever a client sends, only an allowlist of
 * tags and attributes is stored — paragraphs, line breaks, bold/italic/underline/strike, lists,
 * blockquote, code, headings, links to http/https/mailto (opened with rel="noopener noreferrer
 * nofollow"), and @mention spans. No script, no event handlers, no style, no other URL schemes.
 * The stored HTML is what the web renders; the plain text beside it feeds search and previews.
 */
import sanitizeHtml from "sanitize-html";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Drops a tag but keeps its text: the exclusive filter removes tags whose attributes object was
 * handed out here. (Renaming the tag to a disallowed one would do the same, but sanitize-html then
 * renames the closing tag of the next element at that depth.)
 */
function unwrapper() {
  const dropped = new WeakSet<object>();
  return {
    unwrap: (tagName: string): sanitizeHtml.Tag => {
      const attribs: sanitizeHtml.Attributes = {};
      dropped.add(attribs);
      return { tagName, attribs };
    },
    isDropped: (frame: sanitizeHtml.IFrame) => dropped.has(frame.attribs),
  };
}
const linkRel = "noopener noreferrer nofollow";

const allowedTags = [
  "p",
  "br",
  "strong",
  "em",
  "u",
  "s",
  "ul",
  "ol",
  "li",
  "blockquote",
  "code",
  "pre",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "a",
  "span",
];
/** Elements whose content is not text to keep when the element goes. */
const nonTextTags = [
  "script",
  "style",
  "textarea",
  "option",
  "noscript",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "template",
  "title",
  "xmp",
  "noembed",
  "noframes",
  "svg",
  "math",
  "head",
];

/** An absolute http(s) or mailto URL as the browser would read it, or undefined. */
function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  // Browsers drop control characters and spaces inside a scheme ("jav\tascript:").
  const compact = href.replace(/[\u0000-\u0020\u007f-\u009f]+/g, "");
  if (!/^(https?:\/\/|mailto:)/i.test(compact)) return undefined;
  try {
    const url = new URL(href.trim());
    if (!["http:", "https:", "mailto:"].includes(url.protocol)) return undefined;
    return url.href.length <= 2048 ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function options(mentionNames: ReadonlyMap<string, string> | undefined, found: Set<string>): sanitizeHtml.IOptions {
  const { unwrap, isDropped } = unwrapper();
  return {
    allowedTags,
    allowedAttributes: { a: ["href", "rel", "target"], span: ["data-type", "data-id"], ol: ["start"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: {},
    allowedSchemesAppliedToAttributes: ["href"],
    allowProtocolRelative: false,
    allowedClasses: {},
    allowedStyles: {},
    disallowedTagsMode: "discard",
    nonTextTags,
    parseStyleAttributes: false,
    nestingLimit: 40,
    transformTags: {
      b: "strong",
      i: "em",
      strike: "s",
      del: "s",
      a: (_tag, attribs) => {
        const href = safeHref(attribs.href);
        return href ? { tagName: "a", attribs: { href, rel: linkRel, target: "_blank" } } : unwrap("a");
      },
      ol: (_tag, attribs) => {
        const start = attribs.start && /^\d{1,6}$/.test(attribs.start) ? attribs.start : undefined;
        const kept: sanitizeHtml.Attributes = start && start !== "1" ? { start } : {};
        return { tagName: "ol", attribs: kept };
      },
      span: (_tag, attribs) => {
        const id = attribs["data-id"]?.toLowerCase();
        if (attribs["data-type"] !== "mention" || !id || !uuidPattern.test(id)) return unwrap("span");
        found.add(id);
        if (!mentionNames) return { tagName: "span", attribs: { "data-type": "mention", "data-id": id } };
        const name = mentionNames.get(id);
        // The label is the user's real name: a span cannot claim to mention someone else.
        return name === undefined
          ? unwrap("span")
          : { tagName: "span", attribs: { "data-type": "mention", "data-id": id }, text: `@${name}` };
      },
    },
    exclusiveFilter: (frame) => (isDropped(frame) ? "excludeTag" : isEmptyInline(frame)),
  };
}

/** Inline formatting left empty by the cleaning (`<strong></strong>`) goes. */
function isEmptyInline(frame: sanitizeHtml.IFrame) {
  return ["strong", "em", "u", "s", "code"].includes(frame.tag) && frame.text.trim() === "" && frame.mediaChildren.length === 0;
}

/** The ids of users a body's mention spans name (well-formed ones), to look their names up. */
export function mentionIdsIn(dirty: string): string[] {
  const found = new Set<string>();
  sanitizeHtml(dirty.replaceAll("\u0000", ""), options(undefined, found));
  return [...found];
}

export type SanitizedBody = {
  /** Null when nothing but whitespace remains. */
  html: string | null;
  text: string;
  /** Users mentioned, in order of first mention. */
  mentionIds: string[];
};

/**
 * The stored form of a rich-text body. `mentionNames` holds the users who may be mentioned (id →
 * name): a mention of anyone else becomes plain text.
 */
export function sanitizeRichText(dirty: string | null | undefined, mentionNames: ReadonlyMap<string, string>): SanitizedBody {
  if (!dirty) return { html: null, text: "", mentionIds: [] };
  const found = new Set<string>();
  // PostgreSQL text cannot hold NUL, and HTML parsers drop it anyway.
  const html = sanitizeHtml(dirty.replaceAll("\u0000", ""), options(mentionNames, found)).trim();
  const text = plainText(html);
  const mentionIds = [...found].filter((id) => mentionNames.has(id));
  if (text === "") return { html: null, text: "", mentionIds: [] };
  return { html, text, mentionIds };
}

const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " " };

const fromCodePoint = (code: number, entity: string) => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity);

/**
 * The text of sanitized HTML: blocks and line breaks become newlines. Only our own sanitizer's
 * output comes here (well-formed, attributes quoted and escaped), so removing tags is exact.
 */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|li|h[1-6]|blockquote|pre)>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => entities[entity]!)
    .replace(/&#(\d{1,7});/g, (entity, code: string) => fromCodePoint(Number(code), entity))
    .replace(/&#x([0-9a-f]{1,6});/gi, (entity, code: string) => fromCodePoint(parseInt(code, 16), entity))
    .replace(/[ \t\u00a0]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
