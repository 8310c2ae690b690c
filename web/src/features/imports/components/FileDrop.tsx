import { useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import { ActionIcon, Group, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconFileSpreadsheet, IconUpload, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../../lib/session";
import { formatBytes, looksLikeCsv, maxUploadBytes } from "../lib/progress";
import classes from "./imports.module.css";

export type FileProblem = "notCsv" | "tooLarge" | "empty";

/** Why a file cannot be sent, before sending it (the server checks again). */
export function fileProblem(file: File): FileProblem | undefined {
  if (!looksLikeCsv(file)) return "notCsv";
  if (file.size === 0) return "empty";
  if (file.size > maxUploadBytes) return "tooLarge";
  return undefined;
}

/**
 * A drop zone for one CSV file: drag it in, or click (or press Enter) to choose it. The chosen
 * file shows with its size and can be removed.
 */
export function FileDrop({ file, onFile, disabled }: { file: File | null; onFile: (file: File | null) => void; disabled?: boolean }) {
  const { t } = useTranslation("imports");
  const locale = useSession().me?.locale ?? "en";
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const problem = file ? fileProblem(file) : undefined;

  const open = () => {
    if (!disabled) input.current?.click();
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      open();
    }
  };

  return (
    <Stack gap="xs">
      <Paper
        className={classes.drop}
        data-over={over || undefined}
        data-disabled={disabled || undefined}
        role="button"
        tabIndex={disabled ? -1 : 0}
        aria-label={t("file.choose")}
        aria-disabled={disabled || undefined}
        onClick={open}
        onKeyDown={onKey}
        onDragOver={(event) => {
          event.preventDefault();
          if (!disabled) setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="import-drop"
      >
        <Stack align="center" gap={6}>
          <IconUpload size={32} stroke={1.5} aria-hidden />
          <Text fw={600} ta="center">
            {over ? t("file.dropNow") : t("file.drop")}
          </Text>
          <Text size="sm" c="dimmed" ta="center">
            {t("file.rules", { size: formatBytes(maxUploadBytes, locale) })}
          </Text>
        </Stack>
        <input
          ref={input}
          type="file"
          accept=".csv,.txt,.tsv,text/csv,text/plain,text/tab-separated-values"
          hidden
          onChange={(event) => {
            const chosen = event.currentTarget.files?.[0];
            if (chosen) onFile(chosen);
            event.currentTarget.value = "";
          }}
          data-testid="import-file-input"
        />
      </Paper>
      {file && (
        <Paper withBorder p="sm" radius="md" data-testid="import-file">
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconFileSpreadsheet size={28} stroke={1.5} aria-hidden />
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text fw={600} size="sm" truncate="end" data-testid="import-file-name">
                  {file.name}
                </Text>
                <Text size="xs" c="dimmed" data-testid="import-file-size">
                  {formatBytes(file.size, locale)}
                </Text>
              </Stack>
            </Group>
            {!disabled && (
              <Tooltip label={t("file.remove")} withArrow>
                <ActionIcon variant="subtle" color="gray" onClick={() => onFile(null)} aria-label={t("file.remove")}>
                  <IconX size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
          {problem && (
            <Text size="sm" c="red" mt="xs" role="alert" data-testid="import-file-problem">
              {t(`file.problem.${problem}`, { size: formatBytes(maxUploadBytes, locale) })}
            </Text>
          )}
        </Paper>
      )}
    </Stack>
  );
}
