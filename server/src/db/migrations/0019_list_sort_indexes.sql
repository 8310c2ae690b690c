-- The list's most used views are sorted by name within an owner ("my companies") or a country:
-- a page is a range of these indexes, whatever the country's place in the name order (a Chinese
-- name sorts after every Latin one). The access columns are included, so the list's capped count
-- is read from the index alone. Each replaces an index that led with the same column. (The schema
-- declares the key columns; drizzle has no INCLUDE.)
DROP INDEX "companies_owner_idx";--> statement-breakpoint
DROP INDEX "companies_country_idx";--> statement-breakpoint
CREATE INDEX "companies_owner_name_idx" ON "companies" USING btree ("owner_id","name","id") INCLUDE ("security_level","team_id","org_unit_id");--> statement-breakpoint
CREATE INDEX "companies_country_name_idx" ON "companies" USING btree ("country","name","id") INCLUDE ("security_level","owner_id","team_id","org_unit_id");
