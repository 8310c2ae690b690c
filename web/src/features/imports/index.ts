/**
 * CSV import of companies and contacts. What other features may use:
 * - `ImportButton` ({ object: "company" | "contact", variant?, compact? }): "Import" for a list
 *   toolbar; opens /imports/new with the object chosen (hidden without the right to create).
 * - `importRoutes`: /imports (the user's imports), /imports/new (the wizard), /imports/$importId.
 */
export { ImportButton } from "./components/ImportButton";
export { importRoutes } from "./routes";
