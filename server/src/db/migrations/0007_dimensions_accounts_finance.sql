CREATE TABLE "dimension_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"labels" jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "account_team_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"note" text,
	"starts_on" date,
	"ends_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "company_credit" (
	"company_id" uuid PRIMARY KEY NOT NULL,
	"amount" numeric(17, 2),
	"currency" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"agency" text NOT NULL,
	"rating" text NOT NULL,
	"scale_position" integer NOT NULL,
	"rated_on" date NOT NULL,
	"outlook" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deposit_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"rating" jsonb,
	"max_overdue_days" integer,
	"max_overdue_share" numeric(5, 2),
	"deposit_percent" numeric(5, 2) NOT NULL,
	"collection_method" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deposit_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"default_deposit_percent" numeric(5, 2) DEFAULT '0' NOT NULL,
	"default_collection_method" text DEFAULT 'transfer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "financial_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"fiscal_year" integer NOT NULL,
	"quarter" integer,
	"revenue" numeric(17, 2),
	"profit" numeric(17, 2),
	"assets" numeric(17, 2),
	"liabilities" numeric(17, 2),
	"equity" numeric(17, 2),
	"currency" text NOT NULL,
	"source" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_team_members" ADD CONSTRAINT "account_team_members_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_team_members" ADD CONSTRAINT "account_team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_credit" ADD CONSTRAINT "company_credit_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ratings" ADD CONSTRAINT "credit_ratings_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial_statements" ADD CONSTRAINT "financial_statements_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dimension_values_kind_key_idx" ON "dimension_values" USING btree ("kind","key");--> statement-breakpoint
CREATE INDEX "dimension_values_kind_position_idx" ON "dimension_values" USING btree ("kind","position");--> statement-breakpoint
CREATE UNIQUE INDEX "account_team_members_unique_idx" ON "account_team_members" USING btree ("company_id","user_id","role");--> statement-breakpoint
CREATE INDEX "account_team_members_user_idx" ON "account_team_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "credit_ratings_company_idx" ON "credit_ratings" USING btree ("company_id","rated_on","created_at");--> statement-breakpoint
CREATE INDEX "deposit_rules_position_idx" ON "deposit_rules" USING btree ("position");--> statement-breakpoint
CREATE UNIQUE INDEX "financial_statements_period_idx" ON "financial_statements" USING btree ("company_id","fiscal_year",coalesce("quarter", 0));
--> statement-breakpoint
-- The function list starts with the functions contacts could hold so far (their keys stay valid).
INSERT INTO dimension_values (kind, key, labels, position) VALUES
  ('function', 'executive', '{"en": "Executive", "zh-CN": "高管", "sv": "Ledning"}'::jsonb, 0),
  ('function', 'it', '{"en": "IT", "zh-CN": "信息技术", "sv": "IT"}'::jsonb, 1),
  ('function', 'finance', '{"en": "Finance", "zh-CN": "财务", "sv": "Ekonomi"}'::jsonb, 2),
  ('function', 'procurement', '{"en": "Procurement", "zh-CN": "采购", "sv": "Inköp"}'::jsonb, 3),
  ('function', 'operations', '{"en": "Operations", "zh-CN": "运营", "sv": "Drift"}'::jsonb, 4),
  ('function', 'sales', '{"en": "Sales", "zh-CN": "销售", "sv": "Försäljning"}'::jsonb, 5),
  ('function', 'marketing', '{"en": "Marketing", "zh-CN": "市场营销", "sv": "Marknadsföring"}'::jsonb, 6),
  ('function', 'hr', '{"en": "Human resources", "zh-CN": "人力资源", "sv": "Personal"}'::jsonb, 7),
  ('function', 'legal', '{"en": "Legal", "zh-CN": "法务", "sv": "Juridik"}'::jsonb, 8),
  ('function', 'engineering', '{"en": "Engineering", "zh-CN": "工程", "sv": "Teknik"}'::jsonb, 9),
  ('function', 'service', '{"en": "Service", "zh-CN": "服务", "sv": "Kundtjänst"}'::jsonb, 10),
  ('function', 'other', '{"en": "Other", "zh-CN": "其他", "sv": "Annat"}'::jsonb, 11);
--> statement-breakpoint
-- Functions typed before the list existed that it does not hold (none from the API) are added, archived, so no record loses its value.
INSERT INTO dimension_values (kind, key, labels, position, archived)
SELECT DISTINCT 'function', c.function, jsonb_build_object('en', c.function), 100, true FROM contacts c
WHERE c.function IS NOT NULL ON CONFLICT (kind, key) DO NOTHING;
--> statement-breakpoint
-- The deposit rule set has one settings row (its default and version).
INSERT INTO deposit_settings (id) VALUES (1);
--> statement-breakpoint
SELECT audit_enable('dimension_values');
--> statement-breakpoint
SELECT audit_enable('account_team_members');
--> statement-breakpoint
SELECT audit_enable('financial_statements');
--> statement-breakpoint
SELECT audit_enable('credit_ratings');
--> statement-breakpoint
SELECT audit_enable('company_credit');
--> statement-breakpoint
SELECT audit_enable('deposit_rules');
--> statement-breakpoint
SELECT audit_enable('deposit_settings');
