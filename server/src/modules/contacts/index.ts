export { contactRoutes } from "./contacts.routes";
export { canWatchContact, contactSearch, registerContactHooks } from "./contacts.service";
