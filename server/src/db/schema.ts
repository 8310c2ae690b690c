// Every table, for drizzle-kit and the typed database handle. Modules own their schema files.
export * from "../platform/access/access.schema";
export * from "../platform/auth/auth.schema";
export * from "../platform/audit/audit.schema";
export * from "../platform/events/events.schema";
export * from "../modules/companies/companies.schema";
export * from "../modules/views/views.schema";
export * from "../platform/custom-fields/custom-fields.schema";
export * from "../platform/search/search.schema";
export * from "../modules/contacts/contacts.schema";
export * from "../modules/imports/imports.schema";
export * from "../platform/rollups/rollups.schema";
export * from "../modules/groups/groups.schema";
export * from "../modules/dimensions/dimensions.schema";
export * from "../modules/accounts/accounts.schema";
export * from "../modules/finance/finance.schema";
