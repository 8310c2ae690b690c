import { Alert, Button, Group, Modal, ScrollArea, Stack, Table, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

export type BulkOutcome = {
  action: "delete" | "assign" | "stage" | "status";
  succeeded: number;
  failures: { id: string; name: string; code: string; message: string }[];
};

const someKey = {
  delete: "bulk.deletedSome",
  assign: "bulk.assignedSome",
  stage: "bulk.changedSome",
  status: "bulk.changedSome",
} as const;

/** After a bulk action with failures: how many worked, and which records failed and why. */
export function BulkResultDialog({ outcome, onClose }: { outcome: BulkOutcome | null; onClose: () => void }) {
  const { t } = useTranslation("companies");
  const failed = outcome?.failures.length ?? 0;
  return (
    <Modal opened={!!outcome} onClose={onClose} title={t("bulk.resultTitle")} size="lg" data-testid="bulk-result-dialog">
      {outcome && (
        <Stack>
          <Alert color={outcome.succeeded ? "yellow" : "red"} icon={<IconAlertTriangle size={18} />}>
            <Text size="sm">
              {t(someKey[outcome.action], { count: outcome.succeeded })} {t("bulk.failedSome", { count: failed })}
            </Text>
          </Alert>
          <ScrollArea.Autosize mah={360}>
            <Table verticalSpacing="xs" data-testid="bulk-result-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("field.name")}</Table.Th>
                  <Table.Th>{t("bulk.reason")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {outcome.failures.map((failure) => (
                  <Table.Tr key={failure.id}>
                    <Table.Td>{failure.name}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{reasonText(failure.code, t) ?? failure.message}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t("common:action.close")}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function reasonText(code: string, t: (key: string) => string): string | undefined {
  switch (code) {
    case "not_found":
      return t("bulk.reasonNotFound");
    case "forbidden":
      return t("bulk.reasonForbidden");
    case "conflict":
      return t("bulk.reasonConflict");
    default:
      return undefined;
  }
}
