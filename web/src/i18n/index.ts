import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { locales, type Locale } from "@relata/contracts/plain";

/** Language names are shown in their own language, so they are not translated. */
export const languageNames: Record<Locale, string> = { en: "English", "zh-CN": "中文", sv: "Svenska" };
export const defaultNamespace = "common";

type Catalog = Record<string, unknown>;
const english = import.meta.glob<Catalog>("./locales/en/*.json", { eager: true, import: "default" });
const others = import.meta.glob<Catalog>(["./locales/*/*.json", "!./locales/en/*.json"], { import: "default" });
const namespaceOf = (file: string) => file.slice(file.lastIndexOf("/") + 1, -".json".length);
const localeOf = (file: string) => file.split("/")[2]!;

const storageKey = "relata.locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** Before sign-in: the last language used on this device, else the browser's. */
export function initialLocale(): Locale {
  const stored = localStorage.getItem(storageKey);
  if (isLocale(stored)) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    if (tag.toLowerCase().startsWith("zh")) return "zh-CN";
    if (tag.toLowerCase().startsWith("sv")) return "sv";
    if (tag.toLowerCase().startsWith("en")) return "en";
  }
  return "en";
}

async function loadLocale(locale: Locale): Promise<void> {
  if (locale === "en" || i18next.hasResourceBundle(locale, defaultNamespace)) return;
  const files = Object.keys(others).filter((file) => localeOf(file) === locale);
  await Promise.all(files.map(async (file) => i18next.addResourceBundle(locale, namespaceOf(file), await others[file]!(), true, true)));
}

export async function initI18n(locale: Locale = initialLocale()) {
  const resources: Record<string, Record<string, Catalog>> = { en: {} };
  for (const [file, catalog] of Object.entries(english)) resources.en![namespaceOf(file)] = catalog;
  await i18next.use(initReactI18next).init({
    resources,
    lng: "en",
    fallbackLng: "en",
    defaultNS: defaultNamespace,
    ns: Object.keys(resources.en!),
    interpolation: { escapeValue: false },
    returnNull: false,
    partialBundledLanguages: true,
  });
  await setLocale(locale);
  return i18next;
}

/** Switches the UI language (loads its catalogs first) and remembers it on this device. */
export async function setLocale(locale: Locale): Promise<void> {
  await loadLocale(locale);
  await i18next.changeLanguage(locale);
  localStorage.setItem(storageKey, locale);
  document.documentElement.lang = locale;
}

export { i18next };
