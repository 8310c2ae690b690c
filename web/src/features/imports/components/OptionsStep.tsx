import { useState } from "react";
import { Button, Card, Group, Radio, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { importDuplicateModes, type ImportJob } from "@relata/contracts";
import { patchImport } from "../api/imports";
import classes from "./imports.module.css";
import { useImportCall } from "./useImportCall";

type Mode = ImportJob["duplicates"];

/** Step 3: what happens to a row that matches a record already there — skip it, update that record, or create another. */
export function OptionsStep({ job, onBack, onNext }: { job: ImportJob; onBack: () => void; onNext: () => void }) {
  const { t } = useTranslation("imports");
  const [mode, setMode] = useState<Mode>(job.duplicates);
  const save = useImportCall(job.id);

  const next = async () => {
    if (mode === job.duplicates || (await save.run("save", () => patchImport(job, { duplicates: mode })))) onNext();
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
          <Button onClick={() => void next()} loading={save.pending !== null} data-testid="import-next">
            {t("action.next")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
