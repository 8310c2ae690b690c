-- The list's most used views are sorted by name within an owner ("my companies") or a country:
-- a page is a range of these indexes. Each replaces an index that led with the same column.
DROP INDEX "companies_owner_idx";--> statement-breakpoint
DROP INDEX "companies_country_idx";--> statement-breakpoint
CREATE INDEX "companies_owner_name_idx" ON "companies" USING btree ("owner_id","name","id");--> statement-breakpoint
CREATE INDEX "companies_country_name_idx" ON "companies" USING btree ("country","name","id");
