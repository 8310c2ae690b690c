// The account team: our users assigned per node of a client's structure, and the coverage gaps of a group.
export { accountTeamRoutes } from "./accounts.routes";
export { registerAccountTeamHooks } from "./accounts.service";
