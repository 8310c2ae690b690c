import { useRef, useState, type DragEvent, type ReactNode } from "react";
import { Button, Group, Paper, Stack, Text } from "@mantine/core";
import { IconUpload } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/** What the file picker offers (the server decides by content; this only narrows the dialog). */
export const acceptedFiles =
  ".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp,.txt,.csv,application/pdf,image/png,image/jpeg,image/gif,image/webp,text/plain,text/csv";

/** A drop target with a button: files dropped or chosen go to `onFiles`. */
export function DropZone({
  onFiles,
  multiple = true,
  children,
  testId = "drop-zone",
  compact = false,
}: {
  onFiles: (files: File[]) => void;
  multiple?: boolean;
  children?: ReactNode;
  testId?: string;
  compact?: boolean;
}) {
  const { t } = useTranslation("documents");
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const take = (list: FileList | null) => {
    const files = [...(list ?? [])];
    if (files.length > 0) onFiles(multiple ? files : files.slice(0, 1));
  };
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    take(event.dataTransfer.files);
  };
  return (
    <Paper
      withBorder
      p={compact ? "sm" : "lg"}
      radius="md"
      onDragOver={(event: DragEvent<HTMLDivElement>) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      style={{
        borderStyle: "dashed",
        borderWidth: 2,
        borderColor: over ? "var(--mantine-color-blue-5)" : undefined,
        background: over ? "var(--mantine-color-blue-light)" : undefined,
      }}
      data-testid={testId}
      data-over={over ? "true" : undefined}
    >
      <Stack align="center" gap={compact ? 4 : "xs"}>
        {!compact && <IconUpload size={28} stroke={1.5} aria-hidden />}
        <Group gap="xs" justify="center" wrap="wrap">
          <Text size="sm" c="dimmed" ta="center">
            {multiple ? t("upload.dropMany") : t("upload.dropOne")}
          </Text>
          <Button size="xs" variant="light" onClick={() => input.current?.click()} data-testid={`${testId}-choose`}>
            {multiple ? t("upload.chooseMany") : t("upload.chooseOne")}
          </Button>
        </Group>
        {children}
      </Stack>
      <input
        ref={input}
        type="file"
        hidden
        multiple={multiple}
        accept={acceptedFiles}
        onChange={(event) => {
          take(event.currentTarget.files);
          event.currentTarget.value = "";
        }}
        data-testid={`${testId}-input`}
      />
    </Paper>
  );
}
