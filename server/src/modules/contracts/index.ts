// Contracts, their items and the fulfilment chain.
export { contractRoutes } from "./contracts.routes";
export { fulfilmentSteps, injectFulfilmentFault, type FulfilmentStep } from "./contracts.service";
export { contractSearch, registerContractSearch } from "./contracts.search";
