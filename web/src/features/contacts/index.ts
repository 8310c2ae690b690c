/**
 * Contacts: the people at client companies. What other features may use:
 * - `ImportVcardButton` ({ companyId }): "Import vCards" for one company (file → result with per-card errors).
 * - `NewContactButton` ({ companyId?, openAfter? }) / `NewContactDrawer`: the create form, with duplicate hints.
 * - `ContactLink` ({ id, name? }): a contact's name linked to its page.
 * - `contactRoutes`: the /contacts and /contacts/$contactId routes.
 */
import "./widgets";

export { ImportVcardButton } from "./components/ImportVcardButton";
export { NewContactButton, NewContactDrawer } from "./components/NewContactDrawer";
export { ContactLink } from "./widgets";
export { contactRoutes } from "./routes";
