import type { AuditEntry, Contact, ContactRole, DuplicateCandidate, SessionBody } from "@relata/contracts";
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { api, ApiError } from "../../lib/api";
import { sessionQueryKey } from "../../lib/session";
import { restFetcher, type ListPage } from "../../components/record-list";
import type { PickerOption, ReferenceLoader } from "../../components/record-form";

/** Contact calls: one function per endpoint; query keys start with "contacts". */
export const contactsPath = "/api/contacts";
export const contactsCsvPath = "/api/contacts/export.csv";
export const contactsVcfPath = "/api/contacts/export.vcf";
export const contactListKey = ["contacts", "list"] as const;
export const contactKey = (id: string) => ["contacts", "record", id] as const;
export const contactHistoryKey = (id: string) => ["contacts", "record", id, "history"] as const;
export const contactTopic = (id: string) => `contact:${id}`;
export const contactListTopic = "list:contacts";

const one = (id: string) => `${contactsPath}/${encodeURIComponent(id)}`;

export const listContacts = restFetcher<Contact>(contactsPath);

export function getContact(id: string, signal?: AbortSignal): Promise<Contact> {
  return api<Contact>("GET", one(id), { signal });
}

/** The one query of a contact, for every screen that shows it (same key, fetch and live topic wherever it is observed). */
export const contactQuery = (id: string) =>
  queryOptions({
    queryKey: contactKey(id),
    queryFn: ({ signal }) => getContact(id, signal),
    staleTime: 10_000,
    meta: { topics: [contactTopic(id)] },
  });

export function createContact(body: Record<string, unknown>, idempotencyKey?: string): Promise<Contact> {
  return api<Contact>("POST", contactsPath, { body, idempotencyKey });
}

export function patchContact(id: string, body: Record<string, unknown>, version: number | undefined): Promise<Contact> {
  return api<Contact>("PATCH", one(id), { body, version });
}

export function deleteContact(id: string, version?: number): Promise<void> {
  return api<void>("DELETE", one(id), { version });
}

export type DuplicateQuery = {
  firstName?: string;
  lastName?: string;
  companyId?: string;
  emails?: string[];
  phones?: string[];
  excludeId?: string;
};

/** Likely duplicates of what is being typed; nothing is saved. */
export function findDuplicates(input: DuplicateQuery, signal?: AbortSignal): Promise<DuplicateCandidate[]> {
  return api<{ candidates: DuplicateCandidate[] }>("POST", `${contactsPath}/duplicates`, { body: input, signal }).then(
    (result) => result.candidates,
  );
}

/** Merges `sourceId` into `targetId`; `take` names the fields whose value comes from the source. */
export function mergeContacts(targetId: string, sourceId: string, take: string[], version?: number): Promise<Contact> {
  return api<Contact>("POST", `${one(targetId)}/merge`, { body: { sourceId, take }, version });
}

// ── roles at other companies ──
export function addRole(contactId: string, body: Record<string, unknown>, idempotencyKey?: string): Promise<ContactRole | Contact> {
  return api<ContactRole | Contact>("POST", `${one(contactId)}/roles`, { body, idempotencyKey });
}

export function patchRole(
  contactId: string,
  roleId: string,
  body: Record<string, unknown>,
  version?: number,
): Promise<ContactRole | Contact> {
  return api<ContactRole | Contact>("PATCH", `${one(contactId)}/roles/${encodeURIComponent(roleId)}`, { body, version });
}

export function deleteRole(contactId: string, roleId: string, version?: number): Promise<void> {
  return api<void>("DELETE", `${one(contactId)}/roles/${encodeURIComponent(roleId)}`, { version });
}

// ── history ──
/** The contact's audit history (its row and its roles), newest first, a page at a time. */
export function contactHistory(id: string, cursor: string | undefined, signal?: AbortSignal): Promise<ListPage<AuditEntry>> {
  return api<ListPage<AuditEntry>>("GET", `${one(id)}/history`, { query: { limit: 50, cursor }, signal });
}

// ── vCard ──
export const contactVcardUrl = (id: string) => `${one(id)}/vcard`;

export type VcardImportResult = { created: number; skipped: number; errors: { card: number; message: string }[] };

/**
 * Sends a vCard file as it is (text/vcard) to a company. The JSON client only speaks JSON, so
 * this one call goes through fetch with the session's CSRF token.
 */
export async function importVcards(queryClient: QueryClient, companyId: string, text: string): Promise<VcardImportResult> {
  const session = queryClient.getQueryData<SessionBody | null>(sessionQueryKey);
  const headers: Record<string, string> = { accept: "application/json", "content-type": "text/vcard; charset=utf-8" };
  if (session?.csrfToken) headers["x-csrf-token"] = session.csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/companies/${encodeURIComponent(companyId)}/contacts/import.vcf`, {
      method: "POST",
      headers,
      body: text,
      credentials: "same-origin",
    });
  } catch (error) {
    throw new ApiError(0, { message: (error as Error).message });
  }
  const raw = await response.text();
  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw new ApiError(response.status, body as ConstructorParameters<typeof ApiError>[1]);
  return body as VcardImportResult;
}

// ── pickers ──
/** Companies to choose as a contact's primary company or a role's company (the companies module's picker). */
export { companyReferenceLoader as companyLoader } from "../companies/api";

const contactOption = (contact: Contact): PickerOption => ({
  value: contact.id,
  label: contact.fullName,
  description: [contact.title, contact.companyName].filter(Boolean).join(" · ") || undefined,
});

/** Any contact the user may see (merge). */
export const contactLoader: ReferenceLoader = {
  queryKey: ["contacts", "picker"],
  search: async (q) => {
    const page = await api<ListPage<Contact>>("GET", contactsPath, { query: { q: q.trim() || undefined, limit: 20, sort: "name" } });
    return page.items.map(contactOption);
  },
  resolve: async (id) => contactOption(await getContact(id)),
};

/** The people of one primary company, for reports-to (the contact itself left out). */
export function colleagueLoader(companyId: string, excludeId?: string): ReferenceLoader {
  return {
    queryKey: ["contacts", "colleagues", companyId, excludeId ?? null],
    search: async (q) => {
      const page = await api<ListPage<Contact>>("GET", contactsPath, {
        query: { q: q.trim() || undefined, "filter[companyId]": companyId, limit: 50, sort: "name" },
      });
      // The filter also finds people with only a role there; reports-to must share the primary company.
      return page.items.filter((contact) => contact.companyId === companyId && contact.id !== excludeId).map(contactOption);
    },
    resolve: async (id) => contactOption(await getContact(id)),
  };
}
