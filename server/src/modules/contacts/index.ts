export { contactRoutes } from "./contacts.routes";
export { canWatchContact, contactSearch } from "./contacts.service";
