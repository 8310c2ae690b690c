/** Shared by the group tests: building groups through the API, "refused and nothing written" including the tree, drift. */
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import type { Harness } from "../../../test/harness";
import { databaseSnapshot, type Api } from "../../../test/access-fixture";
import { groupDrift } from "./index";

/** The database fingerprint of the access tests plus the group tables (links, closure, figures, rollups). */
export async function groupSnapshot(h: Harness) {
  const result = await h.db.execute<Record<string, string>>(sql`
    SELECT
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM company_links t) AS company_links,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM company_tree t) AS company_tree,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM company_figures t) AS company_figures,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM company_rollups t) AS company_rollups`);
  return { ...(await databaseSnapshot(h)), ...result.rows[0]! };
}

/** Sends a request that must be refused with `status` (naming `field` when given) and write nothing at all. */
export async function refusedIn(h: Harness, send: () => Promise<LightMyRequestResponse>, status: number, field?: string) {
  const before = await groupSnapshot(h);
  const response = await send();
  expect(response.statusCode, response.body).toBe(status);
  if (field)
    expect(
      ((response.json().details ?? []) as { field: string }[]).map((d) => d.field),
      response.body,
    ).toContain(field);
  expect(await groupSnapshot(h)).toEqual(before);
  return response;
}

/** The company's parent version (the If-Match of PUT/DELETE …/parent). */
export async function parentVersion(api: Api, companyId: string): Promise<number> {
  const response = await api("GET", `/api/companies/${companyId}/links`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().version as number;
}

/** Sets (or moves) a company's parent through the API and expects success. */
export async function setParent(api: Api, companyId: string, parentId: string, body: Record<string, unknown> = {}) {
  const version = await parentVersion(api, companyId);
  const response = await api(
    "PUT",
    `/api/companies/${companyId}/parent`,
    { parentId, relation: "subsidiary", ...body },
    { "if-match": `"${version}"` },
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { link: { id: string; current: boolean; version: number }; version: number };
}

/** A company through the API (duplicates allowed), optionally with a country. */
export async function createCompany(api: Api, name: string, values: Record<string, unknown> = {}): Promise<string> {
  const response = await api("POST", "/api/companies", { name, ignoreDuplicates: true, ...values });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

/** A contact through the API. */
export async function createContact(api: Api, companyId: string, lastName: string, values: Record<string, unknown> = {}): Promise<string> {
  const response = await api("POST", "/api/contacts", { companyId, lastName, ignoreDuplicates: true, ...values });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

/** The integrated view's figure values by key (totals). */
export async function totals(api: Api, companyId: string): Promise<Record<string, number>> {
  const response = await api("GET", `/api/companies/${companyId}/group/figures`);
  expect(response.statusCode, response.body).toBe(200);
  return Object.fromEntries((response.json().figures as { key: string; total: number }[]).map((figure) => [figure.key, figure.total]));
}

/** Fails with the doctor's findings when the tree, a figure or a rollup drifted from a full recomputation. */
export async function expectNoDrift(h: Harness) {
  expect(await groupDrift(h.db)).toEqual([]);
}
