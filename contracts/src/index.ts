export * from "./common";
export * from "./access";
export * from "./auth";
export * from "./admin";
export * from "./audit";
export * from "./companies";
export * from "./events";
