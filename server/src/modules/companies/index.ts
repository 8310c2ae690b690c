export { companyRoutes } from "./companies.routes";
export { canWatchCompany } from "./companies.service";
