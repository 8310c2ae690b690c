/** Shared by the contact tests: direct inserts (fast set-up), "refused and nothing written", event lookups, custom fields. */
import { desc, eq, sql } from "drizzle-orm";
import { contacts, contactRoles, customFields, customSections, outbox } from "../../db/schema";
import type { Harness } from "../../../test/harness";
import { refusals } from "../../../test/access-fixture";

export const missing = "00000000-0000-4000-8000-00000000000f";

/** A contact straight into the table (no search entry or contact points: set-up only). */
export async function insertContact(h: Harness, companyId: string, values: Partial<typeof contacts.$inferInsert> = {}) {
  const [row] = await h.db
    .insert(contacts)
    .values({ companyId, lastName: "Person", ...values })
    .returning({ id: contacts.id });
  return row!.id;
}

export async function insertRole(h: Harness, contactId: string, companyId: string, values: Partial<typeof contactRoles.$inferInsert> = {}) {
  const [row] = await h.db
    .insert(contactRoles)
    .values({ contactId, companyId, ...values })
    .returning({ id: contactRoles.id });
  return row!.id;
}

/** Sends a request that must be refused with `status` (naming `field` when given) and write nothing. */
export const refused = (h: Harness, ...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);

/** The newest events of a record, newest first. */
export async function eventsOf(h: Harness, recordId: string) {
  return h.db
    .select({ name: outbox.name, topics: outbox.topics, access: outbox.access, payload: outbox.payload })
    .from(outbox)
    .where(sql`${outbox.recordId} = ${recordId}`)
    .orderBy(desc(outbox.id));
}

/** A custom section with fields for contacts, straight into the definitions; returns the section's id. */
export async function defineContactFields(
  h: Harness,
  fields: { key: string; type: (typeof customFields.$inferInsert)["type"]; required?: boolean; options?: string[]; archived?: boolean }[],
) {
  const [section] = await h.db
    .insert(customSections)
    .values({ object: "contact", labels: { en: "Details" } })
    .returning({ id: customSections.id });
  for (const [position, field] of fields.entries())
    await h.db.insert(customFields).values({
      object: "contact",
      sectionId: section!.id,
      key: field.key,
      type: field.type,
      labels: { en: field.key },
      required: field.required ?? false,
      archived: field.archived ?? false,
      position,
      options: (field.options ?? []).map((value) => ({ value, labels: { en: value } })),
    });
  return section!.id;
}

/** Runs `work` with these contact fields defined, then removes them (a required field would bind every later test). */
export async function withContactFields(h: Harness, fields: Parameters<typeof defineContactFields>[1], work: () => Promise<void>) {
  const sectionId = await defineContactFields(h, fields);
  try {
    await work();
  } finally {
    await h.db.delete(customFields).where(eq(customFields.sectionId, sectionId));
    await h.db.delete(customSections).where(eq(customSections.id, sectionId));
  }
}

export const ifMatch = (version: number) => ({ "if-match": `"${version}"` });
