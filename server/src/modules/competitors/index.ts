// Competitor contracts of clients and prospects, with follow-ups before they expire.
export { competitorRoutes } from "./competitors.routes";
