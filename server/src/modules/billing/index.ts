// Billing and receivables: invoices, payments, credit notes, AR aging; the revenue ledger and the money figures.
export { billingRoutes } from "./billing.routes";
export { billingDoctorChecks, billingDrift } from "./billing.doctor";
export { registerStoredCurrencies } from "./billing.figures";
