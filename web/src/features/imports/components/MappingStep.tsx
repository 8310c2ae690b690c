import { useMemo, useState } from "react";
import { Alert, Badge, Button, Card, Group, Paper, Select, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconArrowRight, IconInfoCircle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { ImportJob, ImportMapping } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useSession } from "../../../lib/session";
import { toast } from "../../../components/dialogs";
import { patchImport, type ImportTarget } from "../api/imports";
import {
  applySavedMapping,
  mapColumn,
  mappingProblemsByHeader,
  missingGroups,
  repeatedTargets,
  requiredFields,
  sameMapping,
} from "../lib/mapping";
import { SavedMappings } from "./SavedMappings";
import { useImportCall } from "./useImportCall";

/**
 * Step 2: each column of the file → the field it fills (or none). Required fields are marked;
 * a saved mapping can be applied or the current one saved; the mapping is stored on "Next".
 */
export function MappingStep({
  job,
  targets,
  labelOf,
  onNext,
}: {
  job: ImportJob;
  targets: ImportTarget[];
  labelOf: (field: string) => string;
  onNext: () => void;
}) {
  const { t } = useTranslation("imports");
  const locale = useSession().me?.locale ?? "en";
  const [draft, setDraft] = useState<ImportMapping>(job.mapping);
  const [serverProblems, setServerProblems] = useState<Map<string, string>>(new Map());
  const save = useImportCall(job.id);

  const needed = useMemo(() => requiredFields(job.object), [job.object]);
  const isRequired = (target: ImportTarget) => target.required || needed.has(target.field);
  const item = (target: ImportTarget) => ({
    value: target.field,
    label: isRequired(target) ? `${labelOf(target.field)} *` : labelOf(target.field),
  });
  const builtin = targets.filter((target) => !target.field.startsWith("custom.")).map(item);
  const custom = targets.filter((target) => target.field.startsWith("custom.")).map(item);
  const options = [
    { group: t("mapping.builtin"), items: builtin },
    ...(custom.length ? [{ group: t("mapping.custom"), items: custom }] : []),
  ];

  const fields = useMemo(() => new Set(targets.map((target) => target.field)), [targets]);
  const repeated = repeatedTargets(job.headers, draft);
  const missing = missingGroups(job.object, draft);
  const mapped = job.headers.filter((header) => draft[header]).length;
  const mappedFields = new Set(Object.values(draft));
  const requiredCustom = targets.filter(
    (target) => target.field.startsWith("custom.") && target.required && !mappedFields.has(target.field),
  );
  const orList = (labels: string[]) => new Intl.ListFormat(locale, { type: "disjunction" }).format(labels);
  const andList = (labels: string[]) => new Intl.ListFormat(locale, { type: "conjunction" }).format(labels);
  const blocked = missing.length > 0 || repeated.size > 0;

  const change = (next: ImportMapping) => {
    setDraft(next);
    setServerProblems(new Map());
  };

  const next = async () => {
    if (blocked) return;
    // The server's problems with single columns are said at those columns.
    const atColumns = (error: unknown) => {
      const found = error instanceof ApiError && error.status === 400 ? mappingProblemsByHeader(error.details) : new Map<string, string>();
      if (found.size > 0) setServerProblems(found);
      return found.size > 0;
    };
    if (sameMapping(draft, job.mapping) || (await save.run("save", () => patchImport(job, { mapping: draft }), atColumns))) onNext();
  };

  return (
    <Card withBorder padding="md" data-testid="import-mapping">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
          <Stack gap={2} style={{ flex: "1 1 280px" }}>
            <Text fw={600}>{t("mapping.title")}</Text>
            <Text size="sm" c="dimmed">
              {t("mapping.hint")}
            </Text>
          </Stack>
          <SavedMappings
            object={job.object}
            headers={job.headers}
            mapping={draft}
            onApply={(saved) => {
              change(applySavedMapping(draft, saved.mapping, job.headers, fields));
              toast.info(t("saved.applied", { name: saved.name }));
            }}
          />
        </Group>

        <Group gap="xs" wrap="wrap">
          <Badge variant="light" color={mapped > 0 ? "blue" : "gray"} data-testid="import-mapped-count">
            {t("mapping.count", { mapped, total: job.headers.length })}
          </Badge>
          <Text size="xs" c="dimmed">
            {t("mapping.legend")}
          </Text>
        </Group>

        {missing.length > 0 && (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle size={18} />}
            title={t("mapping.missingTitle")}
            data-testid="import-mapping-missing"
          >
            <Stack gap={2}>
              {missing.map((group) => (
                <Text key={group.join("|")} size="sm">
                  {t("mapping.missing", { fields: orList(group.map(labelOf)) })}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        {requiredCustom.length > 0 && (
          <Alert color="blue" icon={<IconInfoCircle size={18} />} data-testid="import-mapping-required-custom">
            <Text size="sm">{t("mapping.requiredCustom", { fields: andList(requiredCustom.map((target) => labelOf(target.field))) })}</Text>
          </Alert>
        )}

        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="sm">
          {job.headers.map((header, index) => {
            const field = draft[header] ?? null;
            const earlier = repeated.get(header);
            const problem = earlier !== undefined ? t("mapping.repeated", { column: earlier }) : serverProblems.get(header);
            return (
              <Paper key={`${index}|${header}`} withBorder p="xs" radius="md" data-testid="import-column" data-header={header}>
                <Select
                  label={
                    <Text span size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                      {header || t("mapping.unnamed", { number: index + 1 })}
                    </Text>
                  }
                  description={t("mapping.columnNumber", { number: index + 1 })}
                  placeholder={t("mapping.skip")}
                  data={options}
                  value={field}
                  onChange={(value) => change(mapColumn(draft, header, value))}
                  clearable
                  searchable
                  nothingFoundMessage={t("common:state.nothingFound")}
                  error={problem}
                  leftSection={field ? <IconArrowRight size={14} aria-hidden /> : undefined}
                  comboboxProps={{ withinPortal: true }}
                  disabled={header === ""}
                  data-testid="import-column-target"
                />
              </Paper>
            );
          })}
        </SimpleGrid>

        <Group justify="flex-end" gap="xs">
          <Button onClick={() => void next()} loading={save.pending !== null} disabled={blocked} data-testid="import-next">
            {t("action.next")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
