/// <reference lib="dom" />
// (e) Editing conflicts: while a company's edit form is open, someone else changes the company
// through the API; saving in the page answers 412 and the conflict dialog shows the compare
// table. "Reload theirs" takes their version; "keep mine" puts my change on top of theirs.
import type { Page } from "@playwright/test";
import { Api, unique } from "../support/api";
import { expectAccessible } from "../support/axe";
import { expect, expectShell, signIn, test } from "../support/fixtures";
import { en } from "../support/i18n";
import { screens } from "../support/screens";

const form = (page: Page) => page.getByTestId("company-form");
const nameField = (page: Page) => form(page).getByTestId("field-name");
/** The dialog's box (its data-testid sits on Mantine's zero-size root), found by role and title. */
const conflictDialog = (page: Page) => page.getByRole("dialog", { name: en("components:conflict.title") });

/** Types a new name into the open form and presses Save, expecting the PATCH to be refused with 412. */
async function saveExpectingConflict(page: Page, name: string): Promise<void> {
  await nameField(page).fill(name);
  const patch = page.waitForResponse((response) => response.request().method() === "PATCH" && /\/api\/companies\//.test(response.url()));
  await form(page).getByTestId("company-form-submit").click();
  expect((await patch).status()).toBe(412);
}

test("a save over someone else's change shows the conflict dialog; reload theirs, then keep mine", async ({ page, adminApi }) => {
  const me = await adminApi.createUser({ role: "administrator" });
  const otherUser = await adminApi.createUser({ role: "administrator" });
  const token = unique("Conflict");
  const company = await adminApi.createCompany({ name: `${token} Original`, securityLevel: 0 });
  const other = await Api.signIn(otherUser);

  try {
    await signIn(page, me, `/companies/${company.id}`);
    await expectShell(page);
    await expect(nameField(page)).toHaveValue(company.name);

    await test.step("reload theirs: the form takes their version, the server keeps it", async () => {
      await nameField(page).fill(`${token} Mine 1`);
      const theirs = await other.renameCompany(company.id, `${token} Theirs 1`);
      // The page learns about it live and warns before the save.
      await expect(page.getByTestId("company-form-stale")).toBeVisible();
      await expect(nameField(page)).toHaveValue(`${token} Mine 1`);

      await saveExpectingConflict(page, `${token} Mine 1`);
      const dialog = conflictDialog(page);
      await expect(dialog).toBeVisible();
      await expect(page.getByTestId("conflict-dialog").getByTestId("conflict-table")).toBeVisible();
      const row = dialog.getByTestId("conflict-row-name");
      await expect(row).toHaveAttribute("data-clash", "true");
      await expect(row).toContainText(`${token} Mine 1`);
      await expect(row).toContainText(`${token} Theirs 1`);
      await expectAccessible(page, { name: "conflict dialog" });
      await screens(page, "conflict-dialog");

      await dialog.getByTestId("conflict-reload").click();
      await expect(dialog).toBeHidden();
      await expect(nameField(page)).toHaveValue(`${token} Theirs 1`);
      await expect(page.getByTestId("company-title")).toHaveText(`${token} Theirs 1`);
      const server = await adminApi.company(company.id);
      expect(server.name).toBe(`${token} Theirs 1`);
      expect(server.version).toBe(theirs.version);
    });

    await test.step("keep mine: my change goes on top of theirs (their other changes stay)", async () => {
      await nameField(page).fill(`${token} Mine 2`);
      // They change another field meanwhile.
      const before = await other.company(company.id);
      const theirs = await other.patch<{ version: number }>(`/api/companies/${company.id}`, { securityLevel: 1 }, before.version);

      await saveExpectingConflict(page, `${token} Mine 2`);
      const dialog = conflictDialog(page);
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId("conflict-table")).toBeVisible();
      await expect(dialog.getByTestId("conflict-row-name")).toContainText(`${token} Mine 2`);
      await expect(dialog.getByTestId("conflict-row-name")).not.toHaveAttribute("data-clash", /.*/);
      await expect(dialog.getByTestId("conflict-row-securityLevel")).toBeVisible();

      const retry = page.waitForResponse(
        (response) => response.request().method() === "PATCH" && /\/api\/companies\//.test(response.url()),
      );
      await dialog.getByTestId("conflict-keep-mine").click();
      const answer = await retry;
      expect(answer.status()).toBe(200);
      expect(answer.request().headers()["if-match"]).toBe(`"${theirs.version}"`);
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId("company-title")).toHaveText(`${token} Mine 2`);

      const server = await adminApi.company(company.id);
      expect(server.name).toBe(`${token} Mine 2`);
      expect(server.securityLevel).toBe(1);
      expect(server.version).toBe(theirs.version + 1);
      await expect(form(page)).not.toHaveAttribute("data-dirty", /.*/);
    });
  } finally {
    await other.dispose();
  }
});
