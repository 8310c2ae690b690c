// Administration screens: users, roles, teams, org units, sessions, audit log.
export const adminRoutes = [];
