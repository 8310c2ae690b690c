/// <reference lib="dom" />
// The web app's message catalogs (web/src/i18n/locales/<locale>/<namespace>.json): English
// strings for locating elements by their visible text, and the check that a translated screen
// shows no English left.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { repoRoot } from "./server";

export type Locale = "en" | "zh-CN" | "sv";
const localesDir = path.join(repoRoot, "web", "src", "i18n", "locales");

/** Every message of a locale as `namespace:key.path` → text (plural forms keep their suffix). */
export function catalog(locale: Locale): Map<string, string> {
  const messages = new Map<string, string>();
  const dir = path.join(localesDir, locale);
  if (!existsSync(dir)) return messages;
  const walk = (prefix: string, value: unknown) => {
    if (typeof value === "string") messages.set(prefix, value);
    else if (value && typeof value === "object")
      for (const [key, inner] of Object.entries(value)) walk(prefix.endsWith(":") ? `${prefix}${key}` : `${prefix}.${key}`, inner);
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    walk(`${file.slice(0, -".json".length)}:`, JSON.parse(readFileSync(path.join(dir, file), "utf8")));
  }
  return messages;
}

const english = catalog("en");
/** Every message key as it could show raw on screen (`key.path` and `ns:key.path`) → full key. */
const messageKeys = new Map<string, string>();
for (const full of english.keys()) {
  const [, path = full] = full.split(":");
  const bare = path.replace(/_(zero|one|two|few|many|other)$/, "");
  for (const shown of [full, path, bare, `${full.split(":")[0]}:${bare}`]) messageKeys.set(shown, full);
}

/**
 * An English UI string: `en("auth.email")` (namespace common) or `en("companies:list.title")`,
 * with `{{name}}` placeholders filled from `values`.
 */
export function en(key: string, values: Record<string, string | number> = {}): string {
  const full = key.includes(":") ? key : `common:${key}`;
  const text = english.get(full);
  if (text === undefined) throw new Error(`no English message ${full}`);
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
}

/** A message in another locale (same key syntax as `en`). */
export function tr(locale: Locale, key: string, values: Record<string, string | number> = {}): string {
  const full = key.includes(":") ? key : `common:${key}`;
  const text = catalog(locale).get(full);
  if (text === undefined) throw new Error(`no ${locale} message ${full}`);
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
}

/** Same as `en`, but undefined when the message does not exist (for screens still being built). */
export function enMaybe(key: string): string | undefined {
  return english.get(key.includes(":") ? key : `common:${key}`);
}

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

type EnglishMatcher = { key: string; text: string; pattern: RegExp | undefined };

/**
 * English messages that must not show on a screen in `locale`. Messages with placeholders become
 * patterns, kept only when their fixed part contains a word.
 */
function englishMatchers(): EnglishMatcher[] {
  const matchers: EnglishMatcher[] = [];
  for (const [key, value] of english) {
    const text = normalise(value);
    if (!/[A-Za-z]/.test(text.replace(/\{\{[^}]*\}\}/g, ""))) continue;
    let pattern: RegExp | undefined;
    if (/\{\{[^}]*\}\}/.test(text)) {
      const fixed = text.replace(/\{\{[^}]*\}\}/g, " ").trim();
      if (!/[A-Za-z]{3,}/.test(fixed)) continue;
      pattern = new RegExp(
        `^${text
          .split(/\{\{[^}]*\}\}/)
          .map(escapeRegExp)
          .join(".+?")}$`,
      );
    }
    matchers.push({ key, text, pattern });
  }
  return matchers;
}

/** Texts that are correct in `locale`: every message of its catalogs (a brand name, a word both languages share…). */
function targetTexts(locale: Locale): { exact: Set<string>; patterns: RegExp[] } {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const value of catalog(locale).values()) {
    const text = normalise(value);
    if (!/\{\{[^}]*\}\}/.test(text)) exact.add(text);
    // A message that is nothing but placeholders would match anything: skip it.
    else if (/\p{L}/u.test(text.replace(/\{\{[^}]*\}\}/g, "")))
      patterns.push(
        new RegExp(
          `^${text
            .split(/\{\{[^}]*\}\}/)
            .map(escapeRegExp)
            .join(".+?")}$`,
        ),
      );
  }
  return { exact, patterns };
}

/** The text nodes a person sees on the page now (and placeholders of visible fields), trimmed; not decoration (aria-hidden). */
export async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const visible = (element: Element | null): boolean => {
      if (!element) return false;
      const html = element as HTMLElement;
      if (typeof html.checkVisibility === "function" && !html.checkVisibility({ opacityProperty: true, visibilityProperty: true }))
        return false;
      const rect = html.getBoundingClientRect();
      return rect.width > 0 && rect.height > 0;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? "").replace(/\s+/g, " ").trim();
      if (!text) continue;
      const parent = node.parentElement;
      if (!parent || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(parent.tagName)) continue;
      // Decoration hidden from assistive technology (a user's initials beside their name) is no UI text.
      if (parent.closest('[aria-hidden="true"]')) continue;
      if (!visible(parent)) continue;
      texts.push(text);
    }
    for (const field of Array.from(
      document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input[placeholder], textarea[placeholder]"),
    )) {
      if (visible(field) && field.placeholder.trim()) texts.push(field.placeholder.replace(/\s+/g, " ").trim());
    }
    return texts;
  });
}

export type EnglishFinding = { text: string; key: string; english: string };

/** Visible texts that are message keys (e.g. "list.filters"): a namespace or message missing everywhere. */
export async function findRawKeys(page: Page, allow: string[] = []): Promise<EnglishFinding[]> {
  const allowed = new Set(allow.map(normalise));
  return [...new Set(await visibleTexts(page))]
    .filter((text) => !allowed.has(text) && messageKeys.has(text))
    .map((text) => ({ text, key: messageKeys.get(text)!, english: english.get(messageKeys.get(text)!) ?? "" }));
}

/**
 * Visible texts on the page that are English UI strings although the page is in `locale`: every
 * visible text node (and placeholder) equal to an English catalog message, unless the same text
 * is also a message of the `locale` catalogs.
 * `allow` lists user data (names, emails…) that may legitimately look like a catalog value.
 */
export async function findEnglish(page: Page, locale: Locale, allow: string[] = []): Promise<EnglishFinding[]> {
  const matchers = englishMatchers();
  const target = targetTexts(locale);
  const allowed = new Set(allow.map(normalise));
  const findings: EnglishFinding[] = [];
  for (const text of new Set(await visibleTexts(page))) {
    if (allowed.has(text)) continue;
    const rawKey = messageKeys.get(text);
    if (rawKey) {
      findings.push({ text, key: rawKey, english: "(a message key shown instead of its text: missing in every catalog loaded)" });
      continue;
    }
    if (target.exact.has(text) || target.patterns.some((p) => p.test(text))) continue;
    const match = matchers.find((m) => (m.pattern ? m.pattern.test(text) : m.text === text));
    if (match) findings.push({ text, key: match.key, english: match.text });
  }
  return findings;
}
