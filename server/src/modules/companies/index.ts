export { companyRoutes } from "./companies.routes";
export { canWatchCompany, companySearch } from "./companies.service";
