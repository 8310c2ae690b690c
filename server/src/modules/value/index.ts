// Client value: scores, segments, trends and suggestions.
export { valueRoutes } from "./value.routes";
export { forgetPeerRevenue } from "./value.peers";
