export { adminRoutes } from "./admin.routes";
export { userSearch } from "./admin.service";
