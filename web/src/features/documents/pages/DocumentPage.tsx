import { useEffect, useMemo, useState } from "react";
import { Anchor, Badge, Button, Grid, Group, Menu, Stack, Tabs, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconDots, IconDownload, IconPencil, IconShare, IconTrash, IconUpload } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { CommentAnchor, DocumentComment, DocumentDetail, DocumentRevision } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useFormat } from "../../../lib/session";
import { confirm, toast } from "../../../components/dialogs";
import { ErrorState, LoadingPage } from "../../../components/states";
import { commentsQuery, contentUrl, deleteDocument, documentKey, documentQuery } from "../api";
import { formatBytes } from "../lib/documents";
import { CommentsPanel } from "../components/CommentsPanel";
import { CompareDialog } from "../components/CompareDialog";
import { kindColor } from "../components/DocumentList";
import { EditDocumentDialog } from "../components/EditDocumentDialog";
import { NewRevisionDialog } from "../components/NewRevisionDialog";
import { Preview, type Pin } from "../components/Preview";
import { RevisionHistory } from "../components/RevisionHistory";
import { ShareDialog } from "../components/ShareDialog";

/** /documents/$documentId: one document — the chosen revision's preview with its comments and pins, the revisions, sharing. */
export function DocumentPage({ id, revisionId }: { id: string; revisionId: string | undefined }) {
  const { t } = useTranslation("documents");
  const queryClient = useQueryClient();
  // The live topic (the document's company) comes with the first answer; the options follow it.
  const known = queryClient.getQueryData<DocumentDetail>(documentKey(id));
  const query = useQuery(documentQuery(id, known?.companyId));
  const title = query.data?.title;
  useEffect(() => {
    if (!title) return;
    const previous = document.title;
    document.title = `${title} · ${t("common:app.name")}`;
    return () => {
      document.title = previous;
    };
  }, [title, t]);

  if (query.isPending) return <LoadingPage />;
  if (query.isError)
    return (
      <Stack p="md">
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  return <DocumentView document={query.data} revisionId={revisionId} />;
}

function backLink(document: DocumentDetail) {
  return document.recordType === "contact"
    ? ({ to: "/contacts/$contactId", params: { contactId: document.recordId }, search: { tab: "documents" } } as const)
    : ({ to: "/companies/$id", params: { id: document.recordId }, search: { tab: "documents" } } as const);
}

function DocumentView({ document, revisionId }: { document: DocumentDetail; revisionId: string | undefined }) {
  const { t } = useTranslation("documents");
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const revision = document.revisions.find((item) => item.id === revisionId) ?? document.revisions[0]!;
  const comments = useQuery(commentsQuery(document.id, document.companyId));
  const [tab, setTab] = useState<string | null>("comments");
  const [dialog, setDialog] = useState<"share" | "edit" | "revision" | null>(null);
  const [comparing, setComparing] = useState<{ from: number; to: number } | null>(null);
  const [placing, setPlacing] = useState(false);
  const [anchor, setAnchor] = useState<CommentAnchor | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [page, setPage] = useState<number | undefined>(undefined);

  const onRevision = useMemo(
    () => (comments.data?.items ?? []).filter((comment) => comment.revisionId === revision.id),
    [comments.data, revision.id],
  );
  const pins: Pin[] = [
    ...onRevision.flatMap((comment, index) =>
      comment.anchor
        ? [{ id: comment.id, number: index + 1, anchor: comment.anchor, resolved: comment.resolved, label: comment.body }]
        : [],
    ),
    ...(anchor ? [{ id: "new", number: onRevision.length + 1, anchor, resolved: false, label: t("comments.newPin") }] : []),
  ];

  const select = (next: DocumentRevision) => {
    setAnchor(null);
    setPlacing(false);
    setActive(null);
    setPage(undefined);
    void navigate({ to: "/documents/$documentId", params: { documentId: document.id }, search: { revision: next.id }, replace: true });
  };
  const focus = (comment: DocumentComment) => {
    setActive(comment.id);
    if (comment.anchor) setPage(comment.anchor.page);
  };

  async function remove() {
    const ok = await confirm({
      title: t("delete.title", { title: document.title }),
      message: t("delete.message", { count: document.revisionCount }),
      confirmLabel: t("delete.confirm"),
      danger: true,
    });
    if (!ok) return;
    try {
      await deleteDocument(document.id, document.version);
      queryClient.removeQueries({ queryKey: ["documents", "one", document.id] });
      await queryClient.invalidateQueries({ queryKey: ["documents", "list"] });
      toast.success(t("delete.done", { title: document.title }));
      void navigate(backLink(document));
    } catch (error) {
      toast.error(error, error instanceof ApiError && error.status === 412 ? t("delete.changed") : undefined);
      await queryClient.invalidateQueries({ queryKey: ["documents", "one", document.id] });
    }
  }

  const openComments = onRevision.filter((comment) => !comment.resolved).length;
  return (
    <Stack gap="md" p={{ base: "sm", sm: "md" }} data-testid="document-page" data-document={document.id}>
      <Anchor renderRoot={(props) => <Link {...backLink(document)} {...props} />} size="sm" data-testid="document-back">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} />
          <span style={{ overflowWrap: "anywhere" }}>{t("page.back", { name: document.recordName })}</span>
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ minWidth: 0, flex: "1 1 260px" }}>
          <Group gap="xs" wrap="wrap">
            <Badge color={kindColor[document.kind]} variant="light" style={{ textTransform: "none" }}>
              {t(`kind.${document.kind}`)}
            </Badge>
            <Text size="xs" c="dimmed">
              {t("page.revisions", { count: document.revisionCount })}
            </Text>
          </Group>
          <Title order={1} size="h2" style={{ overflowWrap: "anywhere" }} data-testid="document-title">
            {document.title}
          </Title>
          {document.description && (
            <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {document.description}
            </Text>
          )}
          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {t("page.created", { name: document.createdByName, date: format.date(document.createdAt), company: document.companyName })}
          </Text>
        </Stack>
        <Group gap="xs" wrap="wrap">
          {document.canUpdate && (
            <Button leftSection={<IconUpload size={14} />} onClick={() => setDialog("revision")} data-testid="document-new-revision">
              {t("revision.new")}
            </Button>
          )}
          <Button variant="light" leftSection={<IconShare size={14} />} onClick={() => setDialog("share")} data-testid="document-share">
            {t("share.button")}
          </Button>
          {document.canUpdate && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" px="xs" aria-label={t("page.more")} data-testid="document-more">
                  <IconDots size={16} />
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setDialog("edit")} data-testid="document-edit">
                  {t("edit.title")}
                </Menu.Item>
                <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => void remove()} data-testid="document-delete">
                  {t("delete.confirm")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="xs">
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }} data-testid="preview-caption">
                {t("page.showing", { number: revision.number, fileName: revision.fileName, size: formatBytes(revision.size, format) })}
              </Text>
              <Button
                component="a"
                href={contentUrl(document.id, revision.id)}
                download={revision.fileName}
                size="xs"
                variant="subtle"
                leftSection={<IconDownload size={14} />}
                data-testid="preview-download"
              >
                {t("revision.download")}
              </Button>
            </Group>
            <Preview
              key={revision.id}
              url={contentUrl(document.id, revision.id)}
              kind={revision.preview}
              fileName={revision.fileName}
              pins={pins}
              activePin={active}
              onPinClick={(pinId) => {
                setActive(pinId);
                setTab("comments");
              }}
              onPlace={
                placing
                  ? (next) => {
                      setAnchor(next);
                      setPlacing(false);
                    }
                  : undefined
              }
              page={page}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="comments" data-testid="tab-comments">
                {t("comments.tab", { count: openComments })}
              </Tabs.Tab>
              <Tabs.Tab value="revisions" data-testid="tab-revisions">
                {t("revision.tab", { count: document.revisionCount })}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="comments" pt="sm">
              {comments.isError ? (
                <ErrorState error={comments.error} onRetry={() => void comments.refetch()} />
              ) : (
                <CommentsPanel
                  documentId={document.id}
                  revisionId={revision.id}
                  revisionNumber={revision.number}
                  comments={onRevision}
                  activeId={active}
                  onSelect={focus}
                  anchor={anchor}
                  placing={placing}
                  onPlacingChange={setPlacing}
                  onAnchorClear={() => setAnchor(null)}
                  canPin={revision.preview !== "none"}
                />
              )}
            </Tabs.Panel>
            <Tabs.Panel value="revisions" pt="sm">
              <RevisionHistory document={document} selectedId={revision.id} onSelect={select} onCompare={setComparing} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
      </Grid>

      <ShareDialog document={document} revisionId={revision.id} opened={dialog === "share"} onClose={() => setDialog(null)} />
      <EditDocumentDialog document={document} opened={dialog === "edit"} onClose={() => setDialog(null)} />
      <NewRevisionDialog
        document={document}
        opened={dialog === "revision"}
        onClose={() => setDialog(null)}
        onUploaded={(newId) =>
          void navigate({ to: "/documents/$documentId", params: { documentId: document.id }, search: { revision: newId }, replace: true })
        }
      />
      <CompareDialog document={document} initial={comparing} onClose={() => setComparing(null)} />
    </Stack>
  );
}
