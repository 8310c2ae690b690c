CREATE SEQUENCE "public"."order_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "reminder_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"contract_lead_days" integer DEFAULT 30 NOT NULL,
	"invoice_lead_days" integer DEFAULT 3 NOT NULL,
	"collection_steps" integer[] DEFAULT '{0,7,30}'::integer[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "business_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"step" text NOT NULL,
	"about_on" date NOT NULL,
	"fire_at" timestamp with time zone NOT NULL,
	"escalate" boolean DEFAULT false NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"sent_at" timestamp with time zone,
	"task_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competitor_contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"competitor" text NOT NULL,
	"product" text NOT NULL,
	"value" numeric(17, 2),
	"currency" text,
	"starts_on" date,
	"expires_on" date,
	"notes" text,
	"reminder_lead_days" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "competitor_contracts_value_check" CHECK ("competitor_contracts"."value" IS NULL OR "competitor_contracts"."currency" IS NOT NULL),
	CONSTRAINT "competitor_contracts_dates_check" CHECK ("competitor_contracts"."starts_on" IS NULL OR "competitor_contracts"."expires_on" IS NULL OR "competitor_contracts"."expires_on" >= "competitor_contracts"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"number" text NOT NULL,
	"status" text DEFAULT 'entered' NOT NULL,
	"currency" text NOT NULL,
	"total" numeric(17, 2) DEFAULT '0' NOT NULL,
	"ordered_on" date NOT NULL,
	"contract_id" uuid,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"quantity" numeric(15, 3) NOT NULL,
	"unit_price" numeric(17, 2) NOT NULL,
	"amount" numeric(17, 2) NOT NULL,
	CONSTRAINT "order_lines_quantity_check" CHECK ("order_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "order_status_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" uuid,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "deposit_rules" ADD COLUMN "max_average_days_to_pay" integer;--> statement-breakpoint
ALTER TABLE "business_reminders" ADD CONSTRAINT "business_reminders_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitor_contracts" ADD CONSTRAINT "competitor_contracts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_status_changes" ADD CONSTRAINT "order_status_changes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "business_reminders_subject_idx" ON "business_reminders" USING btree ("subject_type","subject_id","step");--> statement-breakpoint
CREATE INDEX "business_reminders_due_idx" ON "business_reminders" USING btree ("fire_at") WHERE "business_reminders"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "business_reminders_company_idx" ON "business_reminders" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "competitor_contracts_company_idx" ON "competitor_contracts" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "competitor_contracts_expiry_idx" ON "competitor_contracts" USING btree ("expires_on","id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_number_idx" ON "orders" USING btree ("number");--> statement-breakpoint
CREATE INDEX "orders_company_idx" ON "orders" USING btree ("company_id","ordered_on");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("order_id","position");--> statement-breakpoint
CREATE INDEX "order_status_changes_order_idx" ON "order_status_changes" USING btree ("order_id","changed_at");--> statement-breakpoint
DROP INDEX "payments_company_idx";--> statement-breakpoint
CREATE INDEX "payments_company_received_idx" ON "payments" USING btree ("company_id","received_on","created_at");--> statement-breakpoint
CREATE INDEX "credit_notes_company_idx" ON "credit_notes" USING btree ("company_id","issued_on");--> statement-breakpoint
-- The reminder defaults have one settings row.
INSERT INTO reminder_settings (id) VALUES (1);
--> statement-breakpoint
SELECT audit_enable('reminder_settings');
--> statement-breakpoint
SELECT audit_enable('business_reminders');
--> statement-breakpoint
SELECT audit_enable('competitor_contracts');
--> statement-breakpoint
SELECT audit_enable('orders');
--> statement-breakpoint
SELECT audit_enable('order_lines');
--> statement-breakpoint
SELECT audit_enable('order_status_changes');
