import { useState } from "react";
import { Badge, Group, Select, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { revisionCompareFields, type DocumentDetail, type DocumentRevision, type RevisionCompareField } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { FormDialog } from "../../../components/form-dialog";
import { ErrorState, LoadingBlock } from "../../../components/states";
import { compareQuery } from "../api";
import { formatBytes } from "../lib/documents";

/** Two revisions side by side: which metadata changed, and whether the file itself is the same. */
export function CompareDialog({
  document,
  initial,
  onClose,
}: {
  document: DocumentDetail;
  initial: { from: number; to: number } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("documents");
  return (
    <FormDialog opened={initial !== null} onClose={onClose} title={t("compare.title")} testId="compare-dialog" size="xl">
      {initial && <Comparison document={document} initial={initial} />}
    </FormDialog>
  );
}

function Comparison({ document, initial }: { document: DocumentDetail; initial: { from: number; to: number } }) {
  const { t } = useTranslation("documents");
  const format = useFormat();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const comparison = useQuery(compareQuery(document.id, from, to));
  const options = document.revisions.map((revision) => ({
    value: String(revision.number),
    label: t("revision.label", { number: revision.number, fileName: revision.fileName }),
  }));

  const value = (revision: DocumentRevision, field: RevisionCompareField) => {
    switch (field) {
      case "fileName":
        return revision.fileName;
      case "size":
        return formatBytes(revision.size, format);
      case "contentType":
        return t(`type.${revision.preview}`, { type: revision.contentType });
      case "author":
        return revision.authorName;
      case "createdAt":
        return format.dateTime(revision.createdAt);
      case "note":
        return revision.note ?? "—";
    }
  };

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
        <Select
          label={t("compare.from")}
          data={options}
          value={String(from)}
          onChange={(next) => next && setFrom(Number(next))}
          allowDeselect={false}
          data-testid="compare-from"
        />
        <Select
          label={t("compare.to")}
          data={options}
          value={String(to)}
          onChange={(next) => next && setTo(Number(next))}
          allowDeselect={false}
          data-testid="compare-to"
        />
      </SimpleGrid>
      {comparison.isPending ? (
        <LoadingBlock rows={6} />
      ) : comparison.isError ? (
        <ErrorState error={comparison.error} onRetry={() => void comparison.refetch()} />
      ) : (
        <Stack gap="sm" data-testid="compare-result">
          <Group gap="xs" wrap="wrap">
            <Badge
              color={comparison.data.identicalContent ? "teal" : "orange"}
              variant="light"
              style={{ textTransform: "none" }}
              data-testid="compare-content"
            >
              {comparison.data.identicalContent ? t("compare.identical") : t("compare.differs")}
            </Badge>
            {comparison.data.sizeDelta !== 0 && (
              <Text size="sm" c="dimmed">
                {t(comparison.data.sizeDelta > 0 ? "compare.larger" : "compare.smaller", {
                  size: formatBytes(Math.abs(comparison.data.sizeDelta), format),
                })}
              </Text>
            )}
          </Group>
          <Table withTableBorder verticalSpacing="xs" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("compare.field")}</Table.Th>
                <Table.Th>{t("revision.short", { number: comparison.data.from.number })}</Table.Th>
                <Table.Th>{t("revision.short", { number: comparison.data.to.number })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {revisionCompareFields.map((field) => {
                const changed = comparison.data.changed.includes(field);
                return (
                  <Table.Tr
                    key={field}
                    data-testid="compare-row"
                    data-field={field}
                    data-changed={changed ? "true" : "false"}
                    bg={changed ? "var(--mantine-color-yellow-light)" : undefined}
                  >
                    <Table.Td fw={600}>
                      {t(`compare.fields.${field}`)}
                      {changed && (
                        <Text span size="xs" c="orange" ml={6}>
                          {t("compare.changed")}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{value(comparison.data.from, field)}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{value(comparison.data.to, field)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}
