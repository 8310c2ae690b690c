export { companyRoutes } from "./companies.routes";
export { canWatchCompany, companySearch } from "./companies.service";
export { registerCompanyMergeStep, type CompanyMergeStep } from "./companies.merge";
export { registerCompanyHandoverStep, type CompanyHandoverStep, type CompanyHandover } from "./companies.handover";
export { setRevenue12mSource, visibleCompanies, accessColumns as companyAccessColumns, type RevenueSource } from "./companies.repository";
export { companyAccess } from "./companies.presenter";
export { holdGradeRules, regradeCompanies } from "./companies.grades";
export { placementProblems } from "./companies.service";
export { registerFirstContactWriter, type FirstContactWriter } from "./companies.service";
