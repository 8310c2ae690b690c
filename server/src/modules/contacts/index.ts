export { contactRoutes } from "./contacts.routes";
export { canWatchContact, contactSearch, contactSearchEntry, registerContactHooks } from "./contacts.service";
