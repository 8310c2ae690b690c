import { Card, Group, Stack, Text } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useUserDirectory } from "../api/users";
import { PageHeader } from "../../../components/page-header";
import { useAdminScreen } from "../components/AdminScreen";
import { PersonSelect } from "../components/PersonSelect";
import { SessionList } from "../components/SessionList";

const route = getRouteApi("/app/admin/sessions");

export function SessionsPage() {
  const { t } = useTranslation("admin");
  const canReadUsers = useAdminScreen("session").may("user");
  const directory = useUserDirectory(canReadUsers);
  const { userId } = route.useSearch();
  const navigate = route.useNavigate();

  return (
    <Stack>
      <PageHeader title={t("sessions.title")} description={t("sessions.description")} />
      <Card withBorder>
        <Stack gap="sm">
          <Group justify="space-between" align="flex-end" gap="sm">
            {canReadUsers && (
              <PersonSelect
                users={directory.data}
                includeInactive
                value={userId ?? null}
                onChange={(value) => void navigate({ search: value ? { userId: value } : {}, replace: true })}
                label={t("sessions.filterUser")}
                placeholder={t("sessions.everyone")}
                clearable
                w={320}
                maw="100%"
                data-testid="sessions-user-filter"
              />
            )}
            <Text size="xs" c="dimmed" maw={420}>
              {t("sessions.refreshHint")}
            </Text>
          </Group>
          <SessionList userId={userId} users={directory.data} showUser />
        </Stack>
      </Card>
    </Stack>
  );
}
