import { Card, Stack, Switch, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { notificationKinds, type NotificationPreference } from "@relata/contracts";
import { useMe } from "../../lib/session";
import { toast } from "../../components/dialogs";
import { ErrorState, LoadingBlock } from "../../components/states";
import { notificationsKey, preferencesQuery, savePreferences } from "./api";

/**
 * Which kinds of notification reach the reader's inbox, one switch per kind; a switch saves at
 * once (optimistically, put back if the save fails). Email is not offered: nothing is mailed yet.
 */
export function PreferencesCard() {
  const { t } = useTranslation("notifications");
  const me = useMe();
  const queryClient = useQueryClient();
  const preferences = useQuery(preferencesQuery(me.id));
  const key = preferencesQuery(me.id).queryKey;

  async function toggle(item: NotificationPreference, inApp: boolean) {
    const previous = queryClient.getQueryData<NotificationPreference[]>(key);
    queryClient.setQueryData<NotificationPreference[]>(key, (list) =>
      list?.map((entry) => (entry.kind === item.kind ? { ...entry, inApp } : entry)),
    );
    try {
      queryClient.setQueryData(key, await savePreferences([{ ...item, inApp }]));
      toast.success(
        inApp ? t("preferences.turnedOn", { kind: t(`kind.${item.kind}`) }) : t("preferences.turnedOff", { kind: t(`kind.${item.kind}`) }),
      );
    } catch (error) {
      queryClient.setQueryData(key, previous);
      toast.error(error);
    } finally {
      await queryClient.invalidateQueries({ queryKey: [...notificationsKey, "preferences"] });
    }
  }

  const byKind = new Map((preferences.data ?? []).map((item) => [item.kind, item]));
  return (
    <Card withBorder data-testid="notification-preferences">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4">
            {t("preferences.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("preferences.description")}
          </Text>
        </div>
        {preferences.isPending ? (
          <LoadingBlock rows={6} />
        ) : preferences.isError ? (
          <ErrorState error={preferences.error} onRetry={() => void preferences.refetch()} />
        ) : (
          notificationKinds.map((kind) => {
            const item = byKind.get(kind) ?? { kind, inApp: true, email: false };
            return (
              <Switch
                key={kind}
                checked={item.inApp}
                onChange={(event) => void toggle(item, event.currentTarget.checked)}
                label={t(`kind.${kind}`)}
                description={t(`kindHint.${kind}`)}
                data-testid={`preference-${kind}`}
              />
            );
          })
        )}
      </Stack>
    </Card>
  );
}
