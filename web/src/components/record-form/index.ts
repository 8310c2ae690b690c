/**
 * RecordForm — forms generated from contract schemas, and the field renderers every record screen
 * (and custom fields) share.
 *
 * ```tsx
 * <RecordForm
 *   schema={companyPatch}                  // zod object (contracts); shape → fields, safeParse → validation
 *   mode="edit"                            // or "create"
 *   initial={company} version={company.version}   // edit: the record; the form follows new versions unless dirty
 *   labelPrefix="companies:field."         // default label key `<prefix><name>`
 *   hints={{ ownerId: { widget: "user" }, teamId: { options: teams, section: "companies:section.access" } }}
 *   onSubmit={(body, { version, idempotencyKey }) => api("PATCH", url, { body, version })}  // edit: changed fields only
 *   loadCurrent={() => api("GET", url)}    // edit: fetched after a 412 for the conflict dialog
 *   onSaved={(saved) => queryClient.setQueryData(key, saved)}
 * />
 * ```
 *
 * Props: schema, mode, initial?, version?, hints?, fields? (subset/order), labelPrefix?, onSubmit(body, {version?,
 * idempotencyKey?}) → Promise<saved record>, loadCurrent?, onSaved?, onCancel? (create: Cancel button),
 * onDirtyChange?, submitLabel?, readOnly? (values only), guard? (default true: "leave without saving?" when the
 * route changes or the tab closes), autoFocus?, columns? (1 | 2), footer?, testId? (default "record-form").
 *
 * `<FormDrawer opened onClose title discard={{title, message, confirmLabel}} testId>{({ close, setDirty }) => <RecordForm …/>}</FormDrawer>`:
 * a create form in a side drawer (full screen on phones), fresh on every opening, asking before input is thrown away.
 *
 * Field hints (FieldHint): label, description, placeholder (i18n keys), widget (a field type), section (i18n key),
 * order, hidden, readOnly, wide, options [{value,label}], optionLabels (i18n prefix for enum values), reference
 * (ReferenceLoader: { queryKey, search(q), resolve?(id) }), currency, past (dates up to today).
 *
 * Field types (registry): text, longText, number, money ({amount, currency}; any ISO 4217 currency, found by code or
 * name), date (YYYY-MM-DD, typed in the UI language's format or ISO, or picked), dateTime (ISO, edited in the user's
 * time zone), choice, multiChoice, boolean, url, email, phone, user (staff directory picker), reference (caller's
 * loader), securityLevel, phoneList / emailList / messagingList / addressList (typed lists; the types come from the
 * `options` hint), country (ISO 3166 code, names from the browser), currency (ISO 4217). `registerFieldType(type, { input, display })` adds or replaces one;
 * `<FieldInput field value onChange label … />` and `<FieldValue field value />` render any type (custom fields
 * build a FieldSpec with `fieldSpec()` or by hand).
 *
 * Test ids: `<testId>` (form, `data-dirty` when changed), `field-<name>` (each input; typed lists add `-<i>-value`,
 * `-<i>-type`, `-<i>-remove`, `-add`), `value-<name>` (read-only
 * values), `<testId>-submit`, `<testId>-cancel`, `<testId>-discard`, `<testId>-error` (top alert), `<testId>-stale`
 * (changed elsewhere notice), `conflict-dialog`, `conflict-table`, `conflict-row-<name>` (`data-clash`),
 * `conflict-reload`, `conflict-keep-mine`.
 *
 * Duplicates (companies, contacts): `<DuplicateHints kind input check linkTo onOpen? />` lists likely duplicates while
 * typing (debounced `check(input)`; `input` undefined = too little to ask). `useDuplicateGuard({ kind, linkTo, onOpen? })`
 * gives `save(send)` and a `dialog`: on 409 "duplicate" the candidates are listed — open one, go back, or save anyway
 * (`send({ ignoreDuplicates: true })`, spread into the body). Test ids: `duplicate-hints`, `duplicate-dialog`,
 * `duplicate-candidate`, `duplicate-open`, `duplicate-cancel`, `duplicate-save-anyway`.
 *
 * Merging two records: `mergeRows(fields, kept, source)` (the differing fields; `filled` where the kept one is empty),
 * `<MergeFields rows specs keptName sourceName chosen onChange />` (per field: keep or take), `mergeTake(rows, chosen)`
 * (the request's `take`). Test ids: `merge-fields`, `merge-row-<name>` (`data-from`), `merge-keep-<name>`, `merge-take-<name>`.
 */
import "./renderers";
import "./list-renderers";
import "./region-renderers";

export { RecordForm, type RecordFormProps, type FormSchema, type SubmitContext } from "./RecordForm";
export { ConflictDialog } from "./ConflictDialog";
export { FormDrawer, type FormDrawerControls } from "./FormDrawer";
export { renameErrorFields } from "./errors";
export { FieldInput, FieldValue, useFieldOptions, useFieldLabel } from "./renderers";
export { EmptyValue } from "./empty-value";
export { commonInputProps, inputWrapperOrder } from "./input-props";
export { AddressLines } from "./list-renderers";
export {
  CountryName,
  CountrySelect,
  countryCodes,
  currencyCodes,
  useCountryName,
  useCountryOptions,
  useCurrencyName,
  useCurrencyOptions,
} from "./region-renderers";
export { parseTypedDate } from "./dates";
export {
  registerFieldType,
  fieldRenderer,
  registeredFieldTypes,
  type FieldInputProps,
  type FieldDisplayProps,
  type FieldRenderer,
} from "./registry";
export {
  fieldSpec,
  fieldsFromSchema,
  isRequired,
  builtinFieldTypes,
  type FieldHint,
  type FieldHints,
  type FieldSpec,
  type FieldType,
  type FieldOption,
} from "./schema-fields";
export {
  changedValues,
  conflictRows,
  isDirty,
  mergeRows,
  mergeTake,
  valuesEqual,
  type ConflictRow,
  type MergeRow,
  type Values,
} from "./diff";
export { MergeFields } from "./MergeFields";
export { isDuplicateError, type CandidateLink } from "./duplicate-check";
export { DuplicateHints, DuplicateReasons, useDuplicateGuard } from "./Duplicates";
export {
  UserPicker,
  ReferencePicker,
  SecurityLevelBadge,
  SecurityLevelSelect,
  referenceOptionQuery,
  type PickerOption,
  type ReferenceLoader,
} from "./pickers";
export { useUserDirectory, useUserName, useTeams, useOrgUnits, nameOf, type DirectoryUser, type NamedItem } from "./directory";
export { UserName, TeamName, OrgUnitName } from "./names";
