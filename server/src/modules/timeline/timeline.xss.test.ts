/**
 * SECURITY IN-1 for timeline notes: whatever rich text arrives, only allowlisted tags and
 * attributes are stored (no script, event handler, style, iframe, or URL other than
 * http/https/mailto), links carry rel="noopener noreferrer nofollow", mentions keep only their
 * id and the user's real name; and the plain-text copy is the text a reader sees.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { TimelineEntry } from "@relata/contracts";
import { timelineEntries } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { plainText, sanitizeRichText } from "./timeline.sanitize";
import { xssCorpus } from "./timeline.xss-corpus";

const allowedAttributes: Record<string, Record<string, (value: string) => boolean>> = {
  a: {
    href: (value) => /^(https?:\/\/|mailto:)/.test(value),
    rel: (value) => value === "noopener noreferrer nofollow",
    target: (value) => value === "_blank",
  },
  span: {
    "data-type": (value) => value === "mention",
    "data-id": (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value),
  },
  ol: { start: (value) => /^\d+$/.test(value) },
};
const allowedTags = new Set([
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
]);

/** Every tag of `html` is allowlisted with only allowlisted attributes and values; nothing else looks like markup. */
function problemsOf(html: string): string[] {
  const problems: string[] = [];
  const rest = html.replace(
    /<(\/?)([a-zA-Z0-9-]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*(\/?)>/g,
    (_tag, _close: string, name: string, attrs: string) => {
      if (!allowedTags.has(name)) problems.push(`tag ${name}`);
      for (const [, attr, value] of attrs.matchAll(/\s+([a-z-]+)="([^"]*)"/g)) {
        const check = allowedAttributes[name]?.[attr!];
        if (!check || !check(value!.replace(/&amp;/g, "&"))) problems.push(`${name}[${attr}="${value}"]`);
      }
      return "";
    },
  );
  // What is left is text: no tag may remain in it (a `<` would have to be escaped as &lt;).
  if (/[<>]/.test(rest)) problems.push(`markup left in text: ${rest}`);
  if (/&(?!amp;|lt;|gt;|quot;|#39;)/.test(rest)) problems.push(`unexpected entity in ${rest}`);
  return problems;
}

describe("the sanitizer", () => {
  const nobody = new Map<string, string>();

  it("keeps the formatting the editor makes", () => {
    const html =
      "<h3>Agenda</h3><p>Hello <strong>bold</strong> <em>italic</em> <u>under</u> <s>struck</s> <code>x = 1</code><br>next line</p>" +
      '<ul><li><p>one</p></li></ul><ol start="3"><li>three</li></ol><blockquote><p>quoted</p></blockquote><pre><code>let a = 1;</code></pre>' +
      '<p><a href="https://example.com/a?b=1&amp;c=2">link</a> <a href="mailto:ann@example.com">mail</a></p>';
    const { html: kept } = sanitizeRichText(html, nobody);
    expect(kept).toBe(
      "<h3>Agenda</h3><p>Hello <strong>bold</strong> <em>italic</em> <u>under</u> <s>struck</s> <code>x = 1</code><br />next line</p>" +
        '<ul><li><p>one</p></li></ul><ol start="3"><li>three</li></ol><blockquote><p>quoted</p></blockquote><pre><code>let a = 1;</code></pre>' +
        '<p><a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" target="_blank">link</a> ' +
        '<a href="mailto:ann@example.com" rel="noopener noreferrer nofollow" target="_blank">mail</a></p>',
    );
    expect(problemsOf(kept!)).toEqual([]);
  });

  it("turns <b>, <i>, <strike> and <del> into their editor twins", () => {
    expect(sanitizeRichText("<p><b>a</b><i>b</i><strike>c</strike><del>d</del></p>", nobody).html).toBe(
      "<p><strong>a</strong><em>b</em><s>c</s><s>d</s></p>",
    );
  });

  it("keeps the text of a link it drops, and never renames the tags after it", () => {
    expect(sanitizeRichText('<p><a href="javascript:alert(1)">bad</a><strong>ok</strong></p>', nobody).html).toBe(
      "<p>bad<strong>ok</strong></p>",
    );
    expect(sanitizeRichText('<p><span class="x">plain</span> <span>also</span></p>', nobody).html).toBe("<p>plain also</p>");
  });

  it("makes plain text with line breaks between blocks and entities decoded", () => {
    const { text } = sanitizeRichText(
      "<h2>Title</h2><p>a &amp; b &lt;c&gt; &quot;d&quot;</p><ul><li>x</li><li>y</li></ul><p>line<br>break</p>",
      nobody,
    );
    expect(text).toBe('Title\na & b <c> "d"\nx\ny\nline\nbreak');
    expect(plainText("<p>&#128512; &#x1F600; &#99999999;</p>")).toBe("😀 😀 &#99999999;");
  });

  it.each(xssCorpus.map((payload, index) => [index, payload]))("neutralises payload %i: %s", (_index, payload) => {
    const { html } = sanitizeRichText(`<p>Payload</p>${payload}`, nobody);
    expect(html).not.toBeNull();
    expect(problemsOf(html!), html!).toEqual([]);
    expect(html).not.toMatch(/javascript:|vbscript:|data:|on[a-z]+=|style=|<script|<iframe|<img|<svg/i);
  });

  it("has a checker that notices what it must (guards the tests above)", () => {
    expect(problemsOf('<p onclick="x">a</p>')).toEqual(['p[onclick="x"]']);
    expect(problemsOf('<a href="javascript:x">a</a>')).toEqual(['a[href="javascript:x"]']);
    expect(problemsOf("<img src=x>")).not.toEqual([]);
    expect(problemsOf("<p>fine &amp; &lt;ok&gt;</p>")).toEqual([]);
  });
});

describe("notes stored through the API", () => {
  let h: Harness;
  let f: AccessFixture;
  let company: string;
  beforeAll(async () => {
    h = await createHarness();
    f = await buildAccessFixture(h);
    company = await f.insertCompany("Hostile notes AB", f.placement("account_manager", "own")!);
  });
  afterAll(async () => h?.close());

  it(`stores all ${xssCorpus.length} payloads neutralised, as the API answers them and as the table holds them`, async () => {
    expect(xssCorpus.length).toBeGreaterThanOrEqual(50);
    for (const [index, payload] of xssCorpus.entries()) {
      const response = await f.actors.account_manager.api("POST", "/api/timeline", {
        companyId: company,
        kind: "note",
        subject: payload.replaceAll("\u0000", "").slice(0, 300),
        body: `<p>Payload ${index}</p>${payload}`,
      });
      expect(response.statusCode, response.body).toBe(201);
      const entry = response.json() as TimelineEntry;
      const [row] = await h.db.select().from(timelineEntries).where(eq(timelineEntries.id, entry.id));
      expect(row!.bodyHtml).toBe(entry.bodyHtml);
      expect(problemsOf(row!.bodyHtml!), `${index}: ${row!.bodyHtml}`).toEqual([]);
      expect(row!.bodyText.startsWith(`Payload ${index}`)).toBe(true);
      // The subject is plain text: stored as typed, rendered as text by the web (never as HTML).
      expect(entry.subject).toBe(payload.replaceAll("\u0000", "").slice(0, 300).trim() || null);
    }
  });
});
