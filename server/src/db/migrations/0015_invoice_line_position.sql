ALTER TABLE "invoice_lines" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;
