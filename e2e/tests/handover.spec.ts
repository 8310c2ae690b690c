/// <reference lib="dom" />
// Ownership handover: an administrator hands a departing rep's clients to a colleague from the
// rep's page and sees the counts; the companies list shows the new owner. Deactivating someone
// who still owns clients asks for the handover first; a refused receiver is said on its field.
import type { Page } from "@playwright/test";
import { admin, Api, unique, type Company, type User } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { screens, settle } from "../support/screens";

const companies = (count: number) => en(`admin:handover.companyCount_${count === 1 ? "one" : "other"}`, { count });
const contacts = (count: number) => en(`admin:handover.contactCount_${count === 1 ? "one" : "other"}`, { count });

/** Picks a person in the dialog's receiver picker, by name (the option also shows the email). */
async function chooseReceiver(page: Page, person: User): Promise<void> {
  const input = page.getByTestId("handover-to");
  await input.click();
  await input.fill(person.name);
  await page.getByRole("option").filter({ hasText: person.email }).click();
  await expect(input).toHaveValue(person.name);
}

/** The handover's answer, once the dialog's submit button has sent it. */
function handoverResponse(page: Page) {
  return page.waitForResponse(
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/api/companies/handover",
  );
}

async function ownersOf(api: { company(id: string): Promise<Company> }, list: Company[]): Promise<string[]> {
  return Promise.all(list.map(async (company) => (await api.company(company.id)).ownerId));
}

test("an administrator hands over a departing rep's clients and the list shows the new owner", async ({ page, adminApi }) => {
  test.slow();
  const team = await adminApi.createTeam(unique("Handover team"));
  const rep = await adminApi.createUser({ role: "sales_rep", name: unique("Departing Dana"), teamIds: [team.id] });
  const heir = await adminApi.createUser({ role: "account_manager", name: unique("Heir Henrik"), teamIds: [team.id] });
  const token = unique("Handover");
  const owned = [
    await adminApi.createCompany({ name: `${token} Alpha AB`, ownerId: rep.id, teamId: team.id }),
    await adminApi.createCompany({ name: `${token} Beta AB`, ownerId: rep.id, teamId: team.id }),
  ];

  await signIn(page, admin, `/admin/users/${rep.id}`);
  await expectShell(page);
  await expect(page.getByTestId("user-fact-companies")).toContainText(companies(2));

  await test.step("the dialog says how many companies the rep owns", async () => {
    await page.getByTestId("user-handover").click();
    const dialog = page.getByTestId("handover-dialog");
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId("handover-count")).toHaveText(en("admin:handover.owns", { name: rep.name, companies: companies(2) }));
    // Nothing is sent without a receiver; the field says so.
    await dialog.getByTestId("handover-submit").click();
    await expect(dialog.getByText(en("admin:handover.pickReceiver"))).toBeVisible();
    await chooseReceiver(page, heir);
    await expect(dialog.getByText(en("admin:handover.pickReceiver"))).toBeHidden();
    await settle(page);
    await expectAccessible(page, { name: "handover dialog" });
    await screens(page, "admin-user-handover");
  });

  await test.step("the handover answers with the counts and moves every company", async () => {
    const answer = handoverResponse(page);
    await page.getByTestId("handover-submit").click();
    const response = await answer;
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ companies: 2, contacts: 0 });
    await expect(
      page.getByText(en("admin:handover.done", { companies: companies(2), contacts: contacts(0), name: heir.name })),
    ).toBeVisible();
    await expect(page.getByTestId("handover-dialog")).toBeHidden();
    await expect(page.getByTestId("user-fact-companies")).toContainText(companies(0));
    expect(await ownersOf(adminApi, owned)).toEqual([heir.id, heir.id]);
  });

  await test.step("the companies list shows the new owner", async () => {
    await page.goto("/companies");
    await page.getByTestId("companies-search").fill(token);
    const rows = page.getByTestId("companies-row").filter({ hasText: token });
    await expect(rows).toHaveCount(2);
    for (const company of owned) await expect(rows.filter({ hasText: company.name })).toContainText(heir.name);
    await expect(rows.filter({ hasText: rep.name })).toHaveCount(0);
  });
});

test("deactivating a user who still owns clients asks for the handover first", async ({ page, adminApi }) => {
  test.slow();
  const team = await adminApi.createTeam(unique("Leaving team"));
  const rep = await adminApi.createUser({ role: "sales_rep", name: unique("Leaving Lars"), teamIds: [team.id] });
  const gone = await adminApi.createUser({ role: "sales_rep", name: unique("Gone Gustav"), teamIds: [team.id] });
  const heir = await adminApi.createUser({ role: "sales_rep", name: unique("Staying Stina"), teamIds: [team.id] });
  const client = await adminApi.createCompany({ name: unique("Leaving client AB"), ownerId: rep.id, teamId: team.id });

  await signIn(page, admin, `/admin/users/${rep.id}`);
  await expectShell(page);
  const dialog = page.getByTestId("handover-dialog");

  await test.step("cancelling leaves the user active and the client where it was", async () => {
    await page.getByTestId("user-deactivate").click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId("handover-deactivate-note")).toHaveText(
      en("admin:handover.deactivateNote", { name: rep.name, companies: companies(1) }),
    );
    await expect(dialog.getByTestId("handover-skip-deactivate")).toBeVisible();
    await screens(page, "admin-user-deactivate-handover");
    await dialog.getByRole("button", { name: en("action.cancel") }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("user-status").first()).toHaveText(en("admin:users.active"));
    expect(await ownersOf(adminApi, [client])).toEqual([rep.id]);
  });

  await test.step("a receiver who is no longer active is refused on the field, nothing moves", async () => {
    await page.getByTestId("user-deactivate").click();
    await expect(dialog).toBeVisible();
    await chooseReceiver(page, gone);
    const current = await adminApi.get<User>(`/api/users/${gone.id}`);
    await adminApi.patch(`/api/users/${gone.id}`, { active: false }, current.version);
    const answer = handoverResponse(page);
    await dialog.getByTestId("handover-submit").click();
    expect((await answer).status()).toBe(400);
    await expect(dialog.getByText(en("admin:serverError.noSuchActiveUser"))).toBeVisible();
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId("user-status").first()).toHaveText(en("admin:users.active"));
    expect(await ownersOf(adminApi, [client])).toEqual([rep.id]);
  });

  await test.step("hand over and deactivate: the client moves, then the account is deactivated", async () => {
    await chooseReceiver(page, heir);
    const answer = handoverResponse(page);
    await dialog.getByTestId("handover-submit").click();
    expect((await answer).status()).toBe(200);
    await expect(dialog).toBeHidden();
    await expect(
      page.getByText(en("admin:handover.done", { companies: companies(1), contacts: contacts(0), name: heir.name })),
    ).toBeVisible();
    await expect(page.getByTestId("user-status").first()).toHaveText(en("admin:users.inactive"));
    expect(await ownersOf(adminApi, [client])).toEqual([heir.id]);
    await expect(page.getByTestId("user-fact-companies")).toContainText(companies(0));
  });
});

test("someone without clients is deactivated with the usual question", async ({ page, adminApi }) => {
  const idle = await adminApi.createUser({ role: "sales_rep", name: unique("Idle Ida") });
  await signIn(page, admin, `/admin/users/${idle.id}`);
  await expectShell(page);
  await expect(page.getByTestId("user-fact-companies")).toContainText(companies(0));
  await page.getByTestId("user-deactivate").click();
  const question = page.getByRole("dialog", { name: en("admin:users.deactivateTitle", { name: idle.name }) });
  await expect(question).toBeVisible();
  await expect(page.getByTestId("handover-dialog")).toHaveCount(0);
  await question.getByRole("button", { name: en("admin:users.deactivate") }).click();
  await expect(page.getByTestId("user-status").first()).toHaveText(en("admin:users.inactive"));
});

// The sessions screen of a departing user follows sign-ins and sign-outs through the live
// connection (topic list:sessions); nothing polls any more.
test("the sessions screen shows a sign-in and a sign-out as they happen", async ({ page, adminApi }) => {
  const person = await adminApi.createUser({ role: "sales_rep", name: unique("Signing Siri") });
  await signIn(page, admin, `/admin/sessions?userId=${person.id}`);
  await expectShell(page);
  await expect(page.getByText(en("admin:sessions.emptyUser"))).toBeVisible();

  const elsewhere = await Api.signIn(person);
  try {
    await expect(page.getByTestId("session-row")).toHaveCount(1);
    await elsewhere.post("/api/auth/logout", {});
    await expect(page.getByText(en("admin:sessions.emptyUser"))).toBeVisible();
  } finally {
    await elsewhere.dispose();
  }
});
