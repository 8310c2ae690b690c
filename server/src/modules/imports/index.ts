export { importRoutes } from "./imports.routes";
export { canWatchImport } from "./imports.service";
export { registerImportJobs, processImport, importQueue } from "./imports.job";
