export { contactRoutes } from "./contacts.routes";
export { canWatchContact, contactProjections, contactSearch } from "./contacts.service";
