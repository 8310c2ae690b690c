import { Modal, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { limits, locales, userCreate, type User } from "@relata/contracts";
import { languageNames } from "../../../i18n";
import { useMe } from "../../../lib/session";
import { RecordForm, type FieldHints } from "../../../components/record-form";
import { createUser, type UserCreateBody } from "../api/users";
import type { AdminLookups } from "../api/lookups";
import { localizeApiError, notifySuccess } from "./feedback";
import { useIsPhone } from "./Responsive";
import "./PasswordField";

/**
 * New user: the account is created with an initial password that the administrator hands over
 * (there is no invitation email); the user changes it on their profile page.
 */
export function UserCreateDialog({ opened, onClose, lookups }: { opened: boolean; onClose: () => void; lookups: AdminLookups }) {
  const { t } = useTranslation("admin");
  const phone = useIsPhone();
  const queryClient = useQueryClient();
  const me = useMe();
  const hints: FieldHints = {
    name: { order: 0 },
    email: { order: 1 },
    password: { order: 2, widget: "password", description: "admin:users.passwordPolicy" },
    roleId: { order: 3, options: lookups.roleOptions, widget: "choice", description: "admin:users.roleHint" },
    orgUnitId: {
      order: 4,
      options: lookups.unitOptions,
      widget: "choice",
      hidden: !lookups.canUnits,
      placeholder: "admin:users.placeholder.orgUnit",
    },
    managerId: { order: 5, widget: "user", placeholder: "admin:users.placeholder.manager" },
    teamIds: { order: 6, options: lookups.teamOptions, widget: "multiChoice", hidden: !lookups.canTeams, wide: true },
    locale: { order: 7, options: locales.map((value) => ({ value, label: languageNames[value] })), widget: "choice" },
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t("users.createTitle")}
      closeButtonProps={{ "aria-label": t("common:action.close") }}
      size="lg"
      fullScreen={phone}
      attributes={{ content: { "data-testid": "user-create-dialog" } }}
    >
      {opened && (
        <>
          <Text size="sm" c="dimmed" mb="md">
            {t("users.createIntro", { min: limits.passwordMin })}
          </Text>
          <RecordForm<User>
            schema={userCreate}
            mode="create"
            initial={{ locale: me.locale, teamIds: [] }}
            hints={hints}
            labelPrefix="admin:users.field."
            testId="user-form"
            autoFocus
            guard={false}
            onCancel={onClose}
            submitLabel={t("users.createSubmit")}
            onSubmit={(body, { idempotencyKey }) =>
              createUser(body as UserCreateBody, idempotencyKey).catch((error: unknown) => {
                throw localizeApiError(error);
              })
            }
            onSaved={(user) => {
              void queryClient.invalidateQueries({ queryKey: ["users"] });
              void queryClient.invalidateQueries({ queryKey: ["teams"] });
              notifySuccess(t("users.created", { name: user.name }));
              onClose();
            }}
          />
        </>
      )}
    </Modal>
  );
}
