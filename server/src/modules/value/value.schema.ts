import { integer, pgTable } from "drizzle-orm/pg-core";
import { timestamps } from "../../platform/access/access.schema";

/** The one row of the client-value segment thresholds (an administrator setting; its version is the ETag). */
export const valueSettings = pgTable("value_settings", {
  id: integer("id").primaryKey().default(1),
  keyMinScore: integer("key_min_score").notNull().default(75),
  longStandingMinMonths: integer("long_standing_min_months").notNull().default(36),
  newMaxMonths: integer("new_max_months").notNull().default(6),
  ...timestamps,
});
