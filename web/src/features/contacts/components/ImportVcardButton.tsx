import { useState } from "react";
import { ActionIcon, Alert, Button, FileInput, Group, Modal, Stack, Table, Text, Tooltip } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconAlertTriangle, IconCheck, IconFileImport, IconId } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useCan, useFormat } from "../../../lib/session";
import { ErrorState } from "../../../components/states";
import { importVcards, type VcardImportResult } from "../api";

/** Largest vCard file sent (the server takes request bodies up to 1 MB). */
const maxBytes = 1_000_000;

/**
 * "Import vCards" for one company: pick a .vcf file, send it, see how many people were created
 * or skipped and why single cards failed. The client card places it.
 */
export function ImportVcardButton({
  companyId,
  variant = "default",
  compact = false,
}: {
  companyId: string;
  variant?: "default" | "light" | "subtle";
  /** an icon only (narrow headers) */
  compact?: boolean;
}) {
  const { t } = useTranslation("contacts");
  const canCreate = useCan("contact", "create");
  const [open, setOpen] = useState(false);
  if (!canCreate) return null;
  return (
    <>
      {compact ? (
        <Tooltip label={t("vcard.import")} withArrow>
          <ActionIcon variant={variant} size="lg" onClick={() => setOpen(true)} aria-label={t("vcard.import")} data-testid="vcard-import">
            <IconFileImport size={18} />
          </ActionIcon>
        </Tooltip>
      ) : (
        <Button variant={variant} leftSection={<IconFileImport size={16} />} onClick={() => setOpen(true)} data-testid="vcard-import">
          {t("vcard.import")}
        </Button>
      )}
      {open && <ImportVcardDialog companyId={companyId} onClose={() => setOpen(false)} />}
    </>
  );
}

function ImportVcardDialog({ companyId, onClose }: { companyId: string; onClose: () => void }) {
  const { t } = useTranslation("contacts");
  const format = useFormat();
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<VcardImportResult | null>(null);
  const tooBig = !!file && file.size > maxBytes;

  const send = async () => {
    if (!file || tooBig) return;
    setBusy(true);
    setError(null);
    try {
      const text = await file.text();
      const outcome = await importVcards(queryClient, companyId, text);
      setResult(outcome);
      void queryClient.invalidateQueries({ queryKey: ["contacts"] });
      void queryClient.invalidateQueries({ queryKey: ["companies", "record", companyId] });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t("vcard.importTitle")} size="lg" fullScreen={!!phone} data-testid="vcard-import-dialog">
      {result ? (
        <Stack gap="md" data-testid="vcard-import-result">
          <Alert
            color={result.errors.length ? "yellow" : "teal"}
            icon={result.errors.length ? <IconAlertTriangle size={18} /> : <IconCheck size={18} />}
            title={t("vcard.resultTitle")}
          >
            <Text size="sm" data-testid="vcard-import-summary">
              {t("vcard.created", { count: result.created, formatted: format.number(result.created) })}{" "}
              {t("vcard.skipped", { count: result.skipped, formatted: format.number(result.skipped) })}{" "}
              {result.errors.length > 0 &&
                t("vcard.failed", { count: result.errors.length, formatted: format.number(result.errors.length) })}
            </Text>
          </Alert>
          {result.errors.length > 0 && (
            <Table.ScrollContainer minWidth={300} maxHeight={320}>
              <Table striped withTableBorder fz="sm" data-testid="vcard-import-errors">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={90}>{t("vcard.card")}</Table.Th>
                    <Table.Th>{t("vcard.problem")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.errors.map((problem) => (
                    <Table.Tr key={`${problem.card}-${problem.message}`}>
                      <Table.Td>{format.number(problem.card)}</Table.Td>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>{problem.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Group justify="flex-end">
            <Button onClick={onClose} data-testid="vcard-import-close">
              {t("common:action.close")}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text size="sm">{t("vcard.importText")}</Text>
          <FileInput
            label={t("vcard.file")}
            placeholder={t("vcard.choose")}
            accept=".vcf,.vcard,text/vcard,text/x-vcard"
            value={file}
            onChange={(next) => {
              setFile(next);
              setError(null);
            }}
            leftSection={<IconId size={16} />}
            clearable
            error={tooBig ? t("vcard.tooBig") : undefined}
            data-testid="vcard-file"
          />
          {error !== null && <ErrorState error={error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t("common:action.cancel")}
            </Button>
            <Button onClick={() => void send()} loading={busy} disabled={!file || tooBig} data-testid="vcard-import-submit">
              {t("vcard.importSubmit")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
