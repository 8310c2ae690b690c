import { Alert, Text } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/** Shown instead of a settings screen the signed-in user's role may not change. */
export function ForbiddenState() {
  const { t } = useTranslation("settings");
  return (
    <Alert color="yellow" icon={<IconLock size={18} />} title={t("common:error.forbidden")} data-testid="forbidden">
      <Text size="sm">{t("forbidden")}</Text>
    </Alert>
  );
}
