/** Custom sections and fields: definitions (routes) and what record modules use for their `custom` values. */
export { customFieldRoutes } from "./custom-fields.routes";
export { customFieldsTopic, loadCustomFields, validateCustomValues } from "./custom-fields.service";
export { customFilterCondition, customSortCursorValue, customSortExpression, customSortKeyText } from "./custom-fields.query";
export {
  checkCustomValue,
  checkCustomValues,
  customCsvColumns,
  formatCustomCell,
  parseCustomCell,
  type CustomCheck,
  type CustomFieldDef,
  type ValueCheck,
} from "./custom-fields.values";
