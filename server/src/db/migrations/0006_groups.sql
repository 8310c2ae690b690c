CREATE TABLE "company_figures" (
	"company_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" numeric DEFAULT '0' NOT NULL,
	CONSTRAINT "company_figures_company_id_key_pk" PRIMARY KEY("company_id","key")
);
--> statement-breakpoint
CREATE TABLE "company_rollups" (
	"company_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" numeric DEFAULT '0' NOT NULL,
	CONSTRAINT "company_rollups_company_id_key_pk" PRIMARY KEY("company_id","key")
);
--> statement-breakpoint
CREATE TABLE "company_tree" (
	"ancestor_id" uuid NOT NULL,
	"descendant_id" uuid NOT NULL,
	"depth" integer NOT NULL,
	CONSTRAINT "company_tree_ancestor_id_descendant_id_pk" PRIMARY KEY("ancestor_id","descendant_id")
);
--> statement-breakpoint
CREATE TABLE "company_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"parent_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"share" numeric(5, 2),
	"valid_from" date NOT NULL,
	"valid_to" date,
	"current" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "line_of_business" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "client_unit" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "client_unit" text;--> statement-breakpoint
ALTER TABLE "company_links" ADD CONSTRAINT "company_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "company_figures_key_idx" ON "company_figures" USING btree ("key");--> statement-breakpoint
CREATE INDEX "company_tree_descendant_idx" ON "company_tree" USING btree ("descendant_id","depth");--> statement-breakpoint
CREATE UNIQUE INDEX "company_links_current_idx" ON "company_links" USING btree ("company_id") WHERE "company_links"."current";--> statement-breakpoint
CREATE INDEX "company_links_company_idx" ON "company_links" USING btree ("company_id","valid_from");--> statement-breakpoint
CREATE INDEX "company_links_parent_idx" ON "company_links" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "company_links_expiry_idx" ON "company_links" USING btree ("valid_to") WHERE "company_links"."current" AND "company_links"."valid_to" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "companies_line_of_business_idx" ON "companies" USING btree ("line_of_business");--> statement-breakpoint
CREATE INDEX "companies_client_unit_idx" ON "companies" USING btree ("client_unit");--> statement-breakpoint
CREATE INDEX "contacts_function_idx" ON "contacts" USING btree ("function");--> statement-breakpoint
CREATE INDEX "contacts_client_unit_idx" ON "contacts" USING btree ("client_unit");--> statement-breakpoint
-- Group hierarchy: references to companies are checked at commit (DEFERRABLE), so the projections
-- of a company's deletion can still read its tree rows and figures to subtract them from its
-- ancestors before removing them in the same transaction.
ALTER TABLE "company_links" ADD CONSTRAINT "company_links_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "companies"("id") DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
ALTER TABLE "company_links" ADD CONSTRAINT "company_links_parent_id_fk" FOREIGN KEY ("parent_id") REFERENCES "companies"("id") DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
ALTER TABLE "company_links" ADD CONSTRAINT "company_links_relation_check" CHECK (relation IN ('subsidiary', 'branch', 'joint_venture', 'affiliate'));
--> statement-breakpoint
ALTER TABLE "company_links" ADD CONSTRAINT "company_links_share_check" CHECK (share IS NULL OR share BETWEEN 0 AND 100);
--> statement-breakpoint
ALTER TABLE "company_links" ADD CONSTRAINT "company_links_dates_check" CHECK (valid_to IS NULL OR valid_to >= valid_from);
--> statement-breakpoint
ALTER TABLE "company_links" ADD CONSTRAINT "company_links_not_self_check" CHECK (company_id <> parent_id);
--> statement-breakpoint
ALTER TABLE "company_tree" ADD CONSTRAINT "company_tree_ancestor_id_fk" FOREIGN KEY ("ancestor_id") REFERENCES "companies"("id") DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
ALTER TABLE "company_tree" ADD CONSTRAINT "company_tree_descendant_id_fk" FOREIGN KEY ("descendant_id") REFERENCES "companies"("id") DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
ALTER TABLE "company_tree" ADD CONSTRAINT "company_tree_depth_check" CHECK (depth >= 1 AND ancestor_id <> descendant_id);
--> statement-breakpoint
ALTER TABLE "company_figures" ADD CONSTRAINT "company_figures_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "companies"("id") DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
ALTER TABLE "company_rollups" ADD CONSTRAINT "company_rollups_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "companies"("id") DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
SELECT audit_enable('company_links');
--> statement-breakpoint
-- Existing contacts enter the first rolled-up figure (no company has a parent yet: totals = own values).
INSERT INTO company_figures (company_id, key, value) SELECT company_id, 'contacts', count(*) FROM contacts GROUP BY company_id;
--> statement-breakpoint
INSERT INTO company_rollups (company_id, key, value) SELECT company_id, key, value FROM company_figures;
