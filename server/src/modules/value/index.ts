// Client value: scores, segments, trends and suggestions.
export { valueRoutes } from "./value.routes";
