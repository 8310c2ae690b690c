// The catalogs are complete and really translated, every key the code uses exists, and no
// user-visible string is hard-coded in JSX.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const here = import.meta.dirname;
const localesDir = path.join(here, "locales");
const srcDir = path.join(here, "..");
const languages = ["en", "zh-CN", "sv"] as const;
const pluralSuffix = /_(zero|one|two|few|many|other)$/;

type Catalog = { [key: string]: string | Catalog };
const read = (language: string, namespace: string): Catalog =>
  JSON.parse(readFileSync(path.join(localesDir, language, `${namespace}.json`), "utf8")) as Catalog;

function flatten(catalog: Catalog, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const namespaces = readdirSync(path.join(localesDir, "en"))
  .filter((file) => file.endsWith(".json"))
  .map((file) => file.slice(0, -5));
const catalogs = new Map(languages.map((language) => [language, new Map(namespaces.map((ns) => [ns, flatten(read(language, ns))]))]));
const variables = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
/** Base keys: plural forms collapse to their stem. */
const baseKeys = (keys: Iterable<string>) => new Set([...keys].map((key) => key.replace(pluralSuffix, "")));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".test.ts") && !name.endsWith(".d.ts") ? [full] : [];
  });
}

describe("message catalogs", () => {
  it("has the same namespaces in every language", () => {
    for (const language of languages) {
      const files = readdirSync(path.join(localesDir, language))
        .filter((f) => f.endsWith(".json"))
        .sort();
      expect(files, language).toEqual(namespaces.map((ns) => `${ns}.json`).sort());
    }
  });

  for (const namespace of namespaces) {
    describe(namespace, () => {
      const en = catalogs.get("en")!.get(namespace)!;
      for (const language of languages.filter((l) => l !== "en")) {
        const other = catalogs.get(language)!.get(namespace)!;

        it(`${language} has exactly the keys of en`, () => {
          expect([...baseKeys(other.keys())].sort()).toEqual([...baseKeys(en.keys())].sort());
        });

        it(`${language} has every plural form its grammar needs`, () => {
          const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
          for (const stem of new Set([...en.keys()].filter((k) => pluralSuffix.test(k)).map((k) => k.replace(pluralSuffix, "")))) {
            for (const category of categories) {
              if (category === "zero" || category === "two" || category === "few" || category === "many") continue;
              expect(other.has(`${stem}_${category}`), `${language} ${namespace}:${stem}_${category}`).toBe(true);
            }
          }
        });

        it(`${language} keeps every interpolation variable`, () => {
          for (const [key, text] of other) {
            const english = en.get(key) ?? en.get(`${key.replace(pluralSuffix, "")}_other`) ?? "";
            expect(variables(text), `${language} ${namespace}:${key}`).toEqual(variables(english));
          }
        });

        it(`${language} is translated, not copied`, () => {
          const copied = [...other].filter(([key, text]) => en.get(key) === text && /\p{L}{3,}/u.test(text));
          if (language === "zh-CN") {
            // Chinese text has Chinese characters; only names and codes may stay as they are.
            const words = (text: string) =>
              text
                .replace(/\{\{[^}]*\}\}/g, " ")
                .split(/[^\p{L}]+/u)
                .filter((word) => word.length >= 2 && !allowedAsIs.has(word));
            const untranslated = [...other].filter(([, text]) => words(text).length > 0 && !/\p{Script=Han}/u.test(text));
            expect(untranslated.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
          } else {
            // Swedish shares some words with English (Team, Administration, Status); most must differ.
            expect(copied.length / Math.max(1, other.size), copied.map(([key]) => key).join(", ")).toBeLessThan(0.15);
          }
        });
      }

      it("has no empty messages", () => {
        for (const language of languages) {
          for (const [key, text] of catalogs.get(language)!.get(namespace)!)
            expect(text.trim(), `${language} ${namespace}:${key}`).not.toBe("");
        }
      });
    });
  }
});

/** Strings that are the same in every language: product and language names. */
const allowedAsIs = new Set(["Relata", "English", "Svenska", "CSV", "ID", "IP", "URL", "API"]);

describe("keys used in code", () => {
  const files = sourceFiles(srcDir);

  it("exist in the English catalog", () => {
    const en = catalogs.get("en")!;
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const fileNamespace = /useTranslation\(\s*"([\w-]+)"/.exec(text)?.[1] ?? "common";
      // t("key"), t("ns:key"), i18next.t("key") with a literal key
      for (const match of text.matchAll(/\bt\(\s*"([\w.:-]+)"/g)) {
        const raw = match[1]!;
        const [namespace, key] = raw.includes(":") ? (raw.split(":") as [string, string]) : [fileNamespace, raw];
        const catalog = en.get(namespace);
        const found =
          catalog && (catalog.has(key) || catalog.has(`${key}_other`) || [...catalog.keys()].some((k) => k.startsWith(`${key}.`)));
        if (!found) missing.push(`${path.relative(srcDir, file)}: ${namespace}:${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("JSX", () => {
  /** Props whose values are shown to the user. */
  const visibleProps = new Set([
    "label",
    "title",
    "placeholder",
    "description",
    "aria-label",
    "alt",
    "error",
    "message",
    "nothingFoundMessage",
    "confirmLabel",
    "emptyMessage",
    "tooltip",
  ]);

  function hardCoded(file: string, text = readFileSync(file, "utf8")): string[] {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const found: string[] = [];
    const where = (node: ts.Node) => `${path.relative(srcDir, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node) => {
      if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) found.push(`${where(node)} text "${node.text.trim()}"`);
      if (ts.isJsxAttribute(node) && visibleProps.has(node.name.getText()) && node.initializer) {
        const init = node.initializer;
        const literal = ts.isStringLiteral(init)
          ? init
          : ts.isJsxExpression(init) &&
              init.expression &&
              (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression))
            ? init.expression
            : undefined;
        if (literal && /\p{L}/u.test(literal.text)) found.push(`${where(node)} ${node.name.getText()}="${literal.text}"`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  }

  it("has no hard-coded user-visible strings", () => {
    const offenders = sourceFiles(srcDir)
      .filter((file) => file.endsWith(".tsx"))
      .flatMap((file) => hardCoded(file));
    expect(offenders).toEqual([]);
  });

  it("the check itself catches hard-coded text and props, and passes translated ones", () => {
    const probe = path.join(here, "probe.tsx");
    const bad = `const a = <Button title="Delete it" aria-label={"Remove"}>Save now</Button>;`;
    expect(hardCoded(probe, bad)).toHaveLength(3);
    const good = `const a = <Button title={t("x")} aria-label={t("y")} data-testid="save">{t("z")} · 3</Button>;`;
    expect(hardCoded(probe, good)).toEqual([]);
  });
});
