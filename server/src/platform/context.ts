import type { Config } from "../config";
import type { Db, Logger } from "../db/connection";
import type { Projections } from "./events/unit-of-work";

/** What services need from the platform; built once in `buildApp`. */
export type Platform = {
  config: Config;
  db: Db;
  projections: Projections;
  log: Logger;
};
