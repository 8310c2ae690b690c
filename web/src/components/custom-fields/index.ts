/**
 * Custom fields as every record screen uses them:
 *
 * ```tsx
 * const { activeSections, activeFields, query } = useCustomFields("company"); // live: list:custom-fields
 * <CustomValueView field={f} value={company.custom[f.key]} />
 * <CustomValueInput field={f} value={values[f.key]} onChange={(v) => set(f.key, v)} error={errors[`custom.${f.key}`]} />
 * customValueText(f, value, { language, t, userName })  // plain text (list cells)
 * ```
 */
export { useCustomFields, fetchCustomFieldLayout, orderedSections, customFieldsQueryKey, customFieldsTopic } from "./api";
export { CustomValueView } from "./CustomValueView";
export { CustomValueInput, type CustomValueInputProps } from "./CustomValueInput";
export {
  formatCustomValue,
  customValueText,
  formatMoney,
  formatCalendarDate,
  labelIn,
  optionLabel,
  type FormattedValue,
  type FormatContext,
} from "./format";
export { fieldTypes, fieldTypeIcons, fieldTypeLabelKey, hasOptions } from "./field-types";
export { parseTypedDate } from "./dates";
