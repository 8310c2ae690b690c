-- The key of fuzzy company-name matching: folded (case, accents), punctuation to spaces, and legal
-- forms dropped from the end, so "ACME Corp." and "Acme Corporation AB" both become "acme".
-- Punctuation is spelled out rather than [^[:alnum:]]: in the C locale only ASCII is alphanumeric,
-- which would blank out CJK names. Suffixes are dropped after trimming, or "Corp." would keep its "corp".
CREATE FUNCTION relata_company_key(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $fn$
  SELECT btrim(regexp_replace(
    regexp_replace(
      btrim(regexp_replace(
        relata_fold(value),
        '(?:[^0-9a-z\u0080-\U0010FFFF]|[\u0080-\u00BF\u00D7\u00F7\u2000-\u206F\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65])+',
        ' ', 'g')),
      ' ?(股份)?有限(责任)?公司$| ?集团$', ''),
    '( (corp|corporation|inc|incorporated|ltd|limited|llc|llp|plc|gmbh|ag|ab|publ|oy|oyj|as|asa|aps|a s|sa|s a|sas|sarl|srl|spa|s p a|bv|b v|nv|n v|kg|kgaa|co|company|pty|pte|kk|se|holding|holdings))+$', ''))
$fn$;
--> statement-breakpoint
CREATE TABLE "company_merges" (
	"merged_id" uuid PRIMARY KEY NOT NULL,
	"into_id" uuid NOT NULL,
	"merged_by" uuid,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "company_stage_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "contact_points" (
	"object" text NOT NULL,
	"record_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grade_rules" (
	"grade" text PRIMARY KEY NOT NULL,
	"min_revenue_12m" numeric(18, 2),
	"min_tenure_months" integer,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_fields" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"object" text NOT NULL,
	"section_id" uuid NOT NULL,
	"key" text NOT NULL,
	"type" text NOT NULL,
	"labels" jsonb NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"object" text NOT NULL,
	"labels" jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_entries" (
	"object" text NOT NULL,
	"record_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"title" text NOT NULL,
	"subtitle" text,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_entries_object_record_id_pk" PRIMARY KEY("object","record_id")
);
--> statement-breakpoint
CREATE TABLE "contact_merges" (
	"merged_id" uuid PRIMARY KEY NOT NULL,
	"into_id" uuid NOT NULL,
	"merged_by" uuid,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"title" text,
	"department" text,
	"started_on" date,
	"ended_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"first_name" text DEFAULT '' NOT NULL,
	"last_name" text NOT NULL,
	"name_key" text GENERATED ALWAYS AS (relata_fold(btrim(first_name || ' ' || last_name))) STORED NOT NULL,
	"title" text,
	"department" text,
	"function" text,
	"reports_to_id" uuid,
	"emails" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"phones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"messaging" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"birthday" date,
	"preferred_language" text,
	"preferred_channel" text,
	"consent_email" boolean DEFAULT false NOT NULL,
	"consent_sms" boolean DEFAULT false NOT NULL,
	"consent_calls" boolean DEFAULT false NOT NULL,
	"notes" text,
	"custom" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_errors" (
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"field" text NOT NULL,
	"message" text NOT NULL,
	CONSTRAINT "import_errors_import_id_line_field_pk" PRIMARY KEY("import_id","line","field")
);
--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"object" text NOT NULL,
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"object" text NOT NULL,
	"created_by" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_hash" text NOT NULL,
	"file_size" integer NOT NULL,
	"headers" jsonb NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"duplicates" text DEFAULT 'skip' NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"next_line" integer DEFAULT 2 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_rows" integer DEFAULT 0 NOT NULL,
	"updated_rows" integer DEFAULT 0 NOT NULL,
	"skipped_rows" integer DEFAULT 0 NOT NULL,
	"error_rows" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"failure" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "name_key" text GENERATED ALWAYS AS (relata_company_key(name)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "kind" text DEFAULT 'client' NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "stage" text DEFAULT 'lead' NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "stage_changed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "grade" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "grade_override" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "industry" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "size_band" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "registration_number" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "domain" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "phones" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "emails" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "addresses" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "currency" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "custom" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "company_merges" ADD CONSTRAINT "company_merges_into_id_companies_id_fk" FOREIGN KEY ("into_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_merges" ADD CONSTRAINT "company_merges_merged_by_users_id_fk" FOREIGN KEY ("merged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_stage_changes" ADD CONSTRAINT "company_stage_changes_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_stage_changes" ADD CONSTRAINT "company_stage_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_fields" ADD CONSTRAINT "custom_fields_section_id_custom_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."custom_sections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_merges" ADD CONSTRAINT "contact_merges_into_id_contacts_id_fk" FOREIGN KEY ("into_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_merges" ADD CONSTRAINT "contact_merges_merged_by_users_id_fk" FOREIGN KEY ("merged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_roles" ADD CONSTRAINT "contact_roles_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_roles" ADD CONSTRAINT "contact_roles_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_reports_to_id_contacts_id_fk" FOREIGN KEY ("reports_to_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_errors" ADD CONSTRAINT "import_errors_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "company_merges_into_idx" ON "company_merges" USING btree ("into_id");--> statement-breakpoint
CREATE INDEX "company_stage_changes_company_idx" ON "company_stage_changes" USING btree ("company_id","changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_points_unique" ON "contact_points" USING btree ("object","record_id","kind","value");--> statement-breakpoint
CREATE INDEX "contact_points_lookup_idx" ON "contact_points" USING btree ("kind","value");--> statement-breakpoint
CREATE UNIQUE INDEX "custom_fields_key_unique" ON "custom_fields" USING btree ("object","key");--> statement-breakpoint
CREATE INDEX "custom_fields_section_idx" ON "custom_fields" USING btree ("section_id","position");--> statement-breakpoint
CREATE INDEX "custom_sections_object_idx" ON "custom_sections" USING btree ("object","position");--> statement-breakpoint
CREATE INDEX "search_entries_company_idx" ON "search_entries" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "contact_roles_contact_idx" ON "contact_roles" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "contact_roles_company_idx" ON "contact_roles" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "contacts_company_idx" ON "contacts" USING btree ("company_id","last_name","id");--> statement-breakpoint
CREATE INDEX "contacts_reports_to_idx" ON "contacts" USING btree ("reports_to_id");--> statement-breakpoint
CREATE INDEX "contacts_name_idx" ON "contacts" USING btree ("last_name","first_name","id");--> statement-breakpoint
CREATE INDEX "contacts_updated_idx" ON "contacts" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "import_mappings_user_idx" ON "import_mappings" USING btree ("user_id","object");--> statement-breakpoint
CREATE INDEX "imports_created_by_idx" ON "imports" USING btree ("created_by","created_at");--> statement-breakpoint
CREATE INDEX "companies_stage_idx" ON "companies" USING btree ("stage","id");--> statement-breakpoint
CREATE INDEX "companies_country_idx" ON "companies" USING btree ("country","id");--> statement-breakpoint
CREATE INDEX "companies_grade_idx" ON "companies" USING btree (coalesce("grade_override", "grade"));--> statement-breakpoint
CREATE INDEX "companies_domain_idx" ON "companies" USING btree ("domain");--> statement-breakpoint
CREATE INDEX "companies_registration_idx" ON "companies" USING btree (upper(regexp_replace("registration_number", '[^0-9A-Za-z]', '', 'g')));--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_kind_check" CHECK (kind IN ('client', 'partner', 'distributor', 'supplier', 'competitor', 'other'));
--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_stage_check" CHECK (stage IN ('lead', 'prospect', 'customer', 'former'));
--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_status_check" CHECK (status IN ('active', 'frozen', 'inactive'));
--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_grade_check" CHECK (grade IN ('key', 'A', 'B', 'C') AND (grade_override IS NULL OR grade_override IN ('key', 'A', 'B', 'C')));
--> statement-breakpoint
ALTER TABLE "custom_fields" ADD CONSTRAINT "custom_fields_object_check" CHECK (object IN ('company', 'contact'));
--> statement-breakpoint
ALTER TABLE "custom_sections" ADD CONSTRAINT "custom_sections_object_check" CHECK (object IN ('company', 'contact'));
--> statement-breakpoint
-- Fuzzy duplicate matching and name search on the keys (similarity and substring).
CREATE INDEX companies_name_key_trgm_idx ON companies USING gin (name_key gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX contacts_name_key_trgm_idx ON contacts USING gin (name_key gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX search_entries_body_trgm_idx ON search_entries USING gin (body gin_trgm_ops);
--> statement-breakpoint
-- Custom values are filtered with @> and ->> (lists, reports).
CREATE INDEX companies_custom_idx ON companies USING gin (custom jsonb_path_ops);
--> statement-breakpoint
CREATE INDEX contacts_custom_idx ON contacts USING gin (custom jsonb_path_ops);
--> statement-breakpoint
-- Existing companies enter the search index and the stage history.
INSERT INTO search_entries (object, record_id, company_id, title, subtitle, body)
SELECT 'company', c.id, c.id, c.name, NULL, relata_fold(c.name) FROM companies c;
--> statement-breakpoint
INSERT INTO company_stage_changes (company_id, from_stage, to_stage, changed_at) SELECT id, NULL, stage, created_at FROM companies;
--> statement-breakpoint
SELECT audit_enable('contacts');
--> statement-breakpoint
SELECT audit_enable('contact_roles');
--> statement-breakpoint
SELECT audit_enable('custom_sections');
--> statement-breakpoint
SELECT audit_enable('custom_fields');
--> statement-breakpoint
SELECT audit_enable('grade_rules');
--> statement-breakpoint
SELECT audit_enable('company_merges');
--> statement-breakpoint
SELECT audit_enable('contact_merges');
--> statement-breakpoint
SELECT audit_enable('imports');
--> statement-breakpoint
SELECT audit_enable('import_mappings');
