/**
 * Custom field and section labels are data in three languages. They are registered with i18next
 * under the `customFields` namespace, so forms, lists, filters and histories translate them like
 * any other label key (UI language, English when a translation is missing).
 */
import { locales, type CustomFieldLayout, type CustomFieldObject, type LocalizedLabel } from "@relata/contracts";
import { i18next } from "../../i18n";

const namespace = "customFields";
export const customLabelKey = (object: CustomFieldObject, key: string) => `${namespace}:field.${object}.${key}`;
export const customSectionLabelKey = (object: CustomFieldObject, sectionId: string) => `${namespace}:section.${object}.${sectionId}`;

/** A label in `language`, English when that translation is missing or blank. */
export function labelIn(labels: LocalizedLabel, language: string): string {
  const text = (labels as Record<string, string | undefined>)[language];
  return text && text.trim() ? text : labels.en;
}

/** Layouts already registered: the same cached object is registered once however often screens render. */
const registered = new WeakSet<CustomFieldLayout>();

/** Registers the layout's field and section labels in every UI language. */
export function registerCustomLabels(layout: CustomFieldLayout): void {
  if (registered.has(layout)) return;
  registered.add(layout);
  for (const language of locales) {
    const fields: Record<string, string> = {};
    const sections: Record<string, string> = {};
    for (const section of layout.sections) {
      sections[section.id] = labelIn(section.labels, language);
      for (const field of section.fields) fields[field.key] = labelIn(field.labels, language);
    }
    i18next.addResourceBundle(
      language,
      namespace,
      { field: { [layout.object]: fields }, section: { [layout.object]: sections } },
      true,
      true,
    );
  }
}
