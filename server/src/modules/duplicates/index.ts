// Duplicate detection for companies and contacts: normalization of contact points, their
// storage (`contact_points`) and the permission-scoped candidate queries. Companies and contacts
// call these on create, update, merge and import.
export {
  normalizePhone,
  normalizeEmail,
  normalizeDomain,
  normalizeRegistration,
  isFreeMailDomain,
  companyPoints,
  contactPoints,
  type ContactPoint,
  type ContactPointKind,
  type CompanyPointsInput,
  type ContactPointsInput,
} from "./normalize";
export {
  syncContactPoints,
  replaceContactPoints,
  addContactPoints,
  deleteContactPoints,
  nameThreshold,
  type PointObject,
} from "./duplicates.repository";
export {
  findCompanyDuplicates,
  findContactDuplicates,
  assertNoDuplicates,
  candidateLimit,
  type CompanyDuplicateInput,
  type ContactDuplicateInput,
} from "./duplicates.service";
export { DuplicateFound } from "../../platform/errors";
