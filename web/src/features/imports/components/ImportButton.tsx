import { ActionIcon, Button, Tooltip } from "@mantine/core";
import { IconFileImport } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { ImportObject } from "@relata/contracts";
import { useCan } from "../../../lib/session";

/** "Import CSV" for a list toolbar: opens the import wizard with the kind of record chosen. Hidden without the right to create them. */
export function ImportButton({
  object,
  variant = "default",
  compact = false,
}: {
  object: ImportObject;
  variant?: "default" | "light" | "subtle";
  /** an icon only (narrow toolbars) */
  compact?: boolean;
}) {
  const { t } = useTranslation("imports");
  const navigate = useNavigate();
  const mayCreate = useCan(object, "create");
  if (!mayCreate) return null;
  const open = () => void navigate({ to: "/imports/new", search: { object } });
  const label = t(`button.${object}`);
  return compact ? (
    <Tooltip label={label} withArrow>
      <ActionIcon variant={variant} size="lg" onClick={open} aria-label={label} data-testid={`${object}-import`}>
        <IconFileImport size={18} />
      </ActionIcon>
    </Tooltip>
  ) : (
    <Button variant={variant} leftSection={<IconFileImport size={16} />} onClick={open} data-testid={`${object}-import`}>
      {t("button.label")}
    </Button>
  );
}
