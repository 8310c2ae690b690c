/**
 * Custom fields as every record screen uses them:
 *
 * ```tsx
 * const { activeSections, activeFields, allFields, query } = useCustomFields("company"); // live: list:custom-fields; labels registered
 * const parts = customFormParts("company", activeFields, { language, mode: "edit", sections: true }); // RecordForm shape/hints/names
 * customFormValues(activeFields, company.custom)  // → { "custom:<key>": value }; splitCustom(body) → { own, custom }
 * customColumns("company", activeFields, language, (row) => row.custom)  // optional list columns; customFilter(…) the filters
 * <CustomValueInput field={f} value={v} onChange={setV} />  <CustomValueView field={f} value={v} />  // outside a form
 * ```
 *
 * Inputs and views are the record-form renderers of the field's type, so a value looks the same in
 * the settings preview, forms, lists and histories.
 */
export {
  useCustomFields,
  customFieldsQuery,
  fetchCustomFieldLayout,
  orderedSections,
  hasCustomFields,
  customFieldsQueryKey,
  customFieldsTopic,
} from "./api";
export { CustomValueInput, CustomValueView, type CustomValueInputProps } from "./CustomValue";
export { customColumns } from "./columns";
export {
  customName,
  isCustomName,
  customKeyOf,
  customValueSchema,
  customHint,
  customFieldSpec,
  customFormParts,
  customFormValues,
  splitCustom,
  customFormField,
  withCustomFormFields,
  customFilter,
  sortableCustom,
} from "./form";
export { customLabelKey, customSectionLabelKey, labelIn, registerCustomLabels } from "./labels";
export { fieldTypes, fieldTypeIcons, fieldTypeLabelKey, hasOptions } from "./field-types";
