import { useState } from "react";
import { Anchor, Badge, Button, Card, Group, Select, Stack, Text, Title } from "@mantine/core";
import { IconFileText, IconMessage, IconPhoto } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { documentKinds, type DocumentKind, type DocumentRecordType, type DocumentSummary } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { documentsQuery } from "../api";
import { formatBytes, groupByKind } from "../lib/documents";
import { DropZone } from "./DropZone";
import { UploadDialog } from "./UploadDialog";

export const kindColor: Record<DocumentKind, string> = { proposal: "blue", contract: "grape", manual: "teal", other: "gray" };

/** The documents of a company (its contacts' included) or of a contact, by kind, with upload by drop or button. */
export function DocumentList({
  recordType,
  recordId,
  canUpload,
}: {
  recordType: DocumentRecordType;
  recordId: string;
  canUpload: boolean;
}) {
  const { t } = useTranslation("documents");
  const [kind, setKind] = useState<DocumentKind | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const list = useInfiniteQuery(documentsQuery(recordType, recordId, kind));
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md" data-testid="documents-panel">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Title order={3} size="h5">
          {t("list.title")}
        </Title>
        <Group gap="xs" wrap="wrap">
          <Select
            aria-label={t("list.filterKind")}
            placeholder={t("list.allKinds")}
            data={documentKinds.map((value) => ({ value, label: t(`kind.${value}`) }))}
            value={kind}
            onChange={(value) => setKind(value as DocumentKind | null)}
            clearable
            size="xs"
            w={170}
            data-testid="documents-kind-filter"
          />
        </Group>
      </Group>
      {canUpload && (
        <DropZone onFiles={setFiles} testId="documents-drop">
          <Text size="xs" c="dimmed" ta="center">
            {t("upload.types")}
          </Text>
        </DropZone>
      )}
      {list.isPending ? (
        <LoadingBlock rows={4} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          title={kind ? t("list.emptyKind", { kind: t(`kind.${kind}`) }) : t("list.empty")}
          description={canUpload ? t("list.emptyHint") : undefined}
        />
      ) : (
        <Stack gap="lg">
          {groupByKind(items).map((group) => (
            <Stack key={group.kind} gap="xs" data-testid="documents-group" data-kind={group.kind}>
              <Text size="sm" fw={600} c="dimmed">
                {t(`kindPlural.${group.kind}`)} · {group.items.length}
              </Text>
              <Stack gap={6} component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
                {group.items.map((document) => (
                  <DocumentRow
                    key={document.id}
                    document={document}
                    showRecord={recordType === "company" && document.recordType !== "company"}
                  />
                ))}
              </Stack>
            </Stack>
          ))}
          {list.hasNextPage && (
            <Group justify="center">
              <Button variant="subtle" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                {t("list.more")}
              </Button>
            </Group>
          )}
        </Stack>
      )}
      <UploadDialog
        files={files}
        onClose={() => setFiles([])}
        recordType={recordType}
        recordId={recordId}
        defaultKind={kind ?? "proposal"}
      />
    </Stack>
  );
}

function DocumentRow({ document, showRecord }: { document: DocumentSummary; showRecord: boolean }) {
  const { t } = useTranslation("documents");
  const format = useFormat();
  const current = document.current;
  const Icon = current.preview === "image" ? IconPhoto : IconFileText;
  return (
    <Card component="li" withBorder padding="sm" data-testid="document-row" data-document={document.id}>
      <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <Icon size={22} stroke={1.5} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Anchor
              renderRoot={(props) => <Link to="/documents/$documentId" params={{ documentId: document.id }} {...props} />}
              fw={600}
              size="sm"
              style={{ overflowWrap: "anywhere" }}
              data-testid="document-link"
            >
              {document.title}
            </Anchor>
            <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {t("list.current", {
                number: current.number,
                fileName: current.fileName,
                size: formatBytes(current.size, format),
                date: format.date(current.createdAt),
                author: current.authorName,
              })}
            </Text>
            {showRecord && (
              <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                {t("list.onContact", { name: document.recordName })}
              </Text>
            )}
          </Stack>
        </Group>
        <Group gap={4} wrap="wrap" justify="flex-end" style={{ flexShrink: 0 }}>
          <Badge color={kindColor[document.kind]} variant="light" style={{ textTransform: "none" }}>
            {t("revision.short", { number: current.number })}
          </Badge>
          {document.openComments > 0 && (
            <Badge
              color="orange"
              variant="light"
              leftSection={<IconMessage size={12} />}
              style={{ textTransform: "none" }}
              aria-label={t("list.openComments", { count: document.openComments })}
            >
              {document.openComments}
            </Badge>
          )}
        </Group>
      </Group>
    </Card>
  );
}
