export {
  registerFigure,
  registeredFigures,
  setRollupAnnouncer,
  lockTree,
  adjustFigure,
  refreshFigure,
  attach,
  detach,
  moveFigures,
  dropFigures,
  checkRollups,
  type Figure,
  type RollupAnnouncer,
  type RollupCheck,
} from "./rollups";
export { ancestorIds, descendantIds, rootOf, isInSubtree, subtreeOf, uuidArray, type Executor, type Drift } from "./rollups.repository";
