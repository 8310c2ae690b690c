CREATE TABLE "timeline_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"system_kind" text,
	"system_data" jsonb,
	"author_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"direction" text,
	"duration_minutes" integer,
	"subject" text,
	"body_html" text,
	"body_text" text DEFAULT '' NOT NULL,
	"outcome" text,
	"next_step" text,
	"next_step_due_at" timestamp with time zone,
	"next_step_assignee_id" uuid,
	"task_id" uuid,
	"related_type" text,
	"related_id" uuid,
	"mentioned_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timeline_entry_contacts" (
	"entry_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	CONSTRAINT "timeline_entry_contacts_entry_id_contact_id_pk" PRIMARY KEY("entry_id","contact_id")
);
--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_next_step_assignee_id_users_id_fk" FOREIGN KEY ("next_step_assignee_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entry_contacts" ADD CONSTRAINT "timeline_entry_contacts_entry_id_timeline_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."timeline_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "timeline_entries_company_idx" ON "timeline_entries" USING btree ("company_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "timeline_entries_author_idx" ON "timeline_entries" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "timeline_entries_related_idx" ON "timeline_entries" USING btree ("related_type","related_id");--> statement-breakpoint
CREATE INDEX "timeline_entries_pinned_idx" ON "timeline_entries" USING btree ("company_id") WHERE "timeline_entries"."pinned";--> statement-breakpoint
CREATE INDEX "timeline_entry_contacts_contact_idx" ON "timeline_entry_contacts" USING btree ("contact_id");
--> statement-breakpoint
-- Kinds, directions and the system entries' shape, as the service writes them.
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_kind_check" CHECK (kind IN ('call', 'meeting', 'visit', 'email', 'sms', 'chat', 'event', 'action', 'decision', 'note', 'system'));
--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_system_check" CHECK ((kind = 'system') = (system_kind IS NOT NULL));
--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_direction_check" CHECK (direction IS NULL OR direction IN ('in', 'out'));
--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_related_check" CHECK ((related_type IS NULL) = (related_id IS NULL));
--> statement-breakpoint
-- A contact merged away or deleted leaves the links through the timeline's projection of that
-- event, in the same transaction: the reference is checked at commit (DEFERRABLE).
ALTER TABLE "timeline_entry_contacts" ADD CONSTRAINT "timeline_entry_contacts_contact_id_fk" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
SELECT audit_enable('timeline_entries');
--> statement-breakpoint
SELECT audit_enable('timeline_entry_contacts');
