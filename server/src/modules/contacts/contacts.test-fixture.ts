/** Shared by the contact tests: direct inserts (fast set-up), "refused and nothing written", event lookups. */
import { expect } from "vitest";
import { desc, sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { contacts, contactRoles, customFields, customSections, outbox } from "../../db/schema";
import type { Harness } from "../../../test/harness";
import { databaseSnapshot } from "../../../test/access-fixture";

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

/** Business tables, audit and outbox, plus every contact-side table. */
export async function snapshot(h: Harness) {
  const result = await h.db.execute<Record<string, string>>(sql`
    SELECT
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM contacts t) AS contacts,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM contact_roles t) AS roles,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.merged_id), '')) FROM contact_merges t) AS merges,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM contact_points t) AS points,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM search_entries t) AS search`);
  return { ...(await databaseSnapshot(h)), ...result.rows[0]! };
}

/** Sends a request that must be refused with `status` (naming `field` when given) and write nothing. */
export async function refused(h: Harness, send: () => Promise<LightMyRequestResponse>, status: number, field?: string) {
  const before = await snapshot(h);
  const response = await send();
  expect(response.statusCode, response.body).toBe(status);
  if (field)
    expect(
      ((response.json().details ?? []) as { field: string }[]).map((d) => d.field),
      response.body,
    ).toContain(field);
  expect(await snapshot(h)).toEqual(before);
  return response;
}

/** The newest events of a record, newest first. */
export async function eventsOf(h: Harness, recordId: string) {
  return h.db
    .select({ name: outbox.name, topics: outbox.topics, access: outbox.access, payload: outbox.payload })
    .from(outbox)
    .where(sql`${outbox.recordId} = ${recordId}`)
    .orderBy(desc(outbox.id));
}

/** A custom section with fields for contacts, straight into the definitions. */
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
}

export const ifMatch = (version: number) => ({ "if-match": `"${version}"` });
