/**
 * Dimensions — the value lists administrators keep (line of business, function, client unit,
 * region with its countries) as every screen reads them.
 *
 * - `useDimensions(language)` → `{ query, lists, label(kind, key), options(kind, current?, archivedSuffix?), allOptions(kind) }`:
 *   one shared query (`GET /api/dimensions?includeArchived=true`, live topic `list:dimensions`).
 * - `<DimensionValueText kind value />`: a stored key as its label in the UI language (— when empty).
 * - Pure helpers in values.ts: `groupByKind`, `dimensionLabelIn`, `labelOfKey`, `dimensionOptions`, `regionsOfCountry`.
 */
export { useDimensions, dimensionsQuery, dimensionsQueryKey, dimensionsTopic } from "./api";
export { DimensionValueText } from "./DimensionValueText";
export { groupByKind, dimensionLabelIn, labelOfKey, dimensionOptions, regionsOfCountry, type DimensionLists } from "./values";
