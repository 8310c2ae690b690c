// Dimension lists: the value lists that place companies and contacts (line of business, function, client unit, region).
export { dimensionRoutes } from "./dimensions.routes";
export {
  assertDimensionKeys,
  dimensionFilterProblems,
  dimensionProblems,
  dimensionsTopic,
  loadDimensionLookup,
  type DimensionLookup,
  type DimensionFieldCheck,
} from "./dimensions.service";
export { inRegions } from "./dimensions.repository";
