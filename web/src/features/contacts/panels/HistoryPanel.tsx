import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { contactPatch, contactRoleInput, type Contact } from "@relata/contracts";
import { fieldSpec, type FieldSpec } from "../../../components/record-form";
import { HistoryTimeline, type PanelProps } from "../../../components/record-page";
import { customFieldSpec, customName, useCustomFields } from "../../../components/custom-fields";
import { useDimensions } from "../../../components/dimensions";
import { contactHistory, contactHistoryKey, contactTopic } from "../api";
import { contactFormFields, contactHints, contactLabelPrefix } from "../form";
import { roleFields, roleHints } from "../roles";

/** Specs of every field a history entry can name: the contact's, its custom ones (archived too) and its roles' (`role.<field>`). */
function useHistorySpecs(): Map<string, FieldSpec> {
  const { t, i18n } = useTranslation("contacts");
  const custom = useCustomFields("contact");
  // Every value, archived ones too: old entries name them.
  const dimensionOptions = useDimensions(i18n.language).allOptions;
  return useMemo(() => {
    const specs = new Map<string, FieldSpec>();
    const hints = contactHints(t, { function: dimensionOptions("function"), clientUnit: dimensionOptions("client_unit") });
    const shape = contactPatch.shape as Record<string, unknown>;
    contactFormFields.forEach((name, index) => specs.set(name, fieldSpec(name, shape[name], hints[name], index, contactLabelPrefix)));
    for (const field of custom.allFields) specs.set(customName(field.key), customFieldSpec(field, i18n.language, "contact"));
    const roleShape = contactRoleInput.shape as Record<string, unknown>;
    roleFields.forEach((name, index) =>
      specs.set(
        `role.${name}`,
        fieldSpec(`role.${name}`, roleShape[name], { ...roleHints[name], label: `contacts:role.field.${name}` }, index),
      ),
    );
    return specs;
  }, [custom.allFields, i18n.language, t, dimensionOptions]);
}

/** History of the contact and its roles: who changed what and when, newest first. */
export function HistoryPanel({ record }: PanelProps<Contact>) {
  const { t } = useTranslation("contacts");
  const specs = useHistorySpecs();
  return (
    <HistoryTimeline
      queryKey={contactHistoryKey(record.id)}
      fetchPage={(cursor, signal) => contactHistory(record.id, cursor, signal)}
      topics={[contactTopic(record.id)]}
      specs={specs}
      options={{ ignore: ["contact_id"], parts: { contact_roles: "role" } }}
      summary={(item, who) => {
        const subject = item.subject === "role" ? "role" : "contact";
        if (item.kind === "created") return t(`history.${subject}Created`, { who });
        if (item.kind === "deleted") return t(`history.${subject}Deleted`, { who });
        if (item.kind === "changed" && subject === "role") return t("history.roleChanged", { who, count: item.changes.length });
        return undefined;
      }}
      testId="contact-history"
    />
  );
}
