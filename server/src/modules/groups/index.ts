// Group hierarchies: parent links, the company tree, the integrated view and its rollups.
export { groupRoutes } from "./groups.routes";
export { registerGroupHooks, contactsFigure } from "./groups.figures";
export { groupDoctorChecks, groupDrift } from "./groups.drift";
export { groupRootOf, subtreeIds, groupCompanyIds } from "./groups.tree";
