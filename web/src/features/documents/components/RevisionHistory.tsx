import { ActionIcon, Badge, Button, Card, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconArrowsDiff, IconDownload, IconEye } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { DocumentDetail, DocumentRevision } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { contentUrl } from "../api";
import { formatBytes } from "../lib/documents";

/** Every revision, newest first: who, when, what changed in words; view, download, compare with the one before. */
export function RevisionHistory({
  document,
  selectedId,
  onSelect,
  onCompare,
}: {
  document: DocumentDetail;
  selectedId: string;
  onSelect: (revision: DocumentRevision) => void;
  onCompare: (pair: { from: number; to: number }) => void;
}) {
  const { t } = useTranslation("documents");
  const format = useFormat();
  return (
    <Stack gap={6} component="ol" style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="revisions">
      {document.revisions.map((revision, index) => {
        const selected = revision.id === selectedId;
        const previous = document.revisions[index + 1];
        return (
          <Card
            key={revision.id}
            component="li"
            withBorder
            padding="sm"
            data-testid="revision"
            data-number={revision.number}
            style={{ borderColor: selected ? "var(--mantine-color-blue-5)" : undefined }}
          >
            <Stack gap={4}>
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
                  <Badge variant={selected ? "filled" : "light"} style={{ textTransform: "none" }}>
                    {t("revision.short", { number: revision.number })}
                  </Badge>
                  {index === 0 && (
                    <Badge color="teal" variant="light" style={{ textTransform: "none" }}>
                      {t("revision.current")}
                    </Badge>
                  )}
                  <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                    {revision.fileName}
                  </Text>
                </Group>
                <Group gap={2} wrap="nowrap">
                  {!selected && (
                    <Tooltip label={t("revision.view")} withinPortal>
                      <ActionIcon
                        variant="subtle"
                        onClick={() => onSelect(revision)}
                        aria-label={t("revision.viewNumber", { number: revision.number })}
                        data-testid="revision-view"
                      >
                        <IconEye size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                  <Tooltip label={t("revision.download")} withinPortal>
                    <ActionIcon
                      component="a"
                      href={contentUrl(document.id, revision.id)}
                      download={revision.fileName}
                      variant="subtle"
                      aria-label={t("revision.downloadNumber", { number: revision.number })}
                      data-testid="revision-download"
                    >
                      <IconDownload size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
              <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                {t("revision.meta", {
                  author: revision.authorName,
                  date: format.dateTime(revision.createdAt),
                  size: formatBytes(revision.size, format),
                  type: t(`type.${revision.preview}`, { type: revision.contentType }),
                })}
              </Text>
              {revision.note && (
                <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="revision-note-text">
                  {revision.note}
                </Text>
              )}
              {previous && (
                <Group>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    leftSection={<IconArrowsDiff size={12} />}
                    onClick={() => onCompare({ from: previous.number, to: revision.number })}
                    data-testid="revision-compare"
                  >
                    {t("revision.compareWith", { number: previous.number })}
                  </Button>
                </Group>
              )}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}
