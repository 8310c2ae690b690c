import { useState } from "react";
import { Button, Card, Group, Radio, Stack, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { importDuplicateModes, type ImportJob } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { toast } from "../../../components/dialogs";
import { importKey, patchImport } from "../api/imports";
import classes from "./imports.module.css";

type Mode = ImportJob["duplicates"];

/** Step 3: what happens to a row that matches a record already there — skip it, update that record, or create another. */
export function OptionsStep({ job, onBack, onNext }: { job: ImportJob; onBack: () => void; onNext: () => void }) {
  const { t } = useTranslation("imports");
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>(job.duplicates);
  const [saving, setSaving] = useState(false);

  const next = async () => {
    if (mode === job.duplicates) {
      onNext();
      return;
    }
    setSaving(true);
    try {
      const updated = await patchImport(job, { duplicates: mode });
      queryClient.setQueryData(importKey(job.id), updated);
      onNext();
    } catch (error) {
      toast.error(error);
      if (error instanceof ApiError && (error.status === 412 || error.status === 409))
        void queryClient.invalidateQueries({ queryKey: importKey(job.id) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card withBorder padding="md" data-testid="import-options">
      <Stack gap="md">
        <Radio.Group
          value={mode}
          onChange={(value) => setMode(value as Mode)}
          label={t("options.title")}
          description={t(`options.matching.${job.object}`)}
          data-testid="import-duplicates"
        >
          <Stack gap="xs" mt="sm">
            {importDuplicateModes.map((value) => (
              <Radio.Card
                key={value}
                value={value}
                className={classes.option}
                p="sm"
                radius="md"
                withBorder
                data-testid={`import-duplicates-${value}`}
              >
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator mt={2} />
                  <Stack gap={2}>
                    <Text fw={600} size="sm">
                      {t(`options.${value}.title`)}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t(`options.${value}.description.${job.object}`)}
                    </Text>
                  </Stack>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>
        <Text size="sm" c="dimmed">
          {t("options.rerun")}
        </Text>
        <Group justify="space-between" gap="xs">
          <Button variant="default" onClick={onBack} data-testid="import-back">
            {t("common:action.back")}
          </Button>
          <Button onClick={() => void next()} loading={saving} data-testid="import-next">
            {t("action.next")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
