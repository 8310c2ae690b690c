import type { Config } from "../config";
import type { Db, Logger } from "../db/connection";
import type { Projections } from "./events/unit-of-work";
import type { ActorCache } from "./auth/actor-cache";
import type { Authenticated } from "./auth/auth.service";

/** What services need from the platform; built once in `buildApp`. */
export type Platform = {
  config: Config;
  db: Db;
  projections: Projections;
  log: Logger;
  /** Session token hash → actor, for at most `config.actorCacheMs` (see actor-cache.ts). */
  actors: ActorCache<Authenticated>;
};
