import { useState } from "react";
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  CopyButton,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconCheck, IconCopy, IconExternalLink, IconLinkOff } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { DocumentDetail, DocumentShare, DocumentShareCreated } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useFormat } from "../../../lib/session";
import { confirm, toast } from "../../../components/dialogs";
import { FormDialog } from "../../../components/form-dialog";
import { ErrorState, LoadingBlock } from "../../../components/states";
import { createShare, revokeShare, sharesQuery } from "../api";
import { expiryIn, shareAddress, shareExpiryDays } from "../lib/documents";

const stateColor = { active: "teal", expired: "gray", revoked: "red" } as const;

/** Share one revision through an expiring link; the document's links with their state, opens and a revoke button. */
export function ShareDialog({
  document,
  revisionId,
  opened,
  onClose,
}: {
  document: DocumentDetail;
  revisionId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation("documents");
  return (
    <FormDialog opened={opened} onClose={onClose} title={t("share.title", { title: document.title })} testId="share-dialog" size="lg">
      <ShareForm document={document} initialRevision={revisionId} />
    </FormDialog>
  );
}

function ShareForm({ document, initialRevision }: { document: DocumentDetail; initialRevision: string }) {
  const { t } = useTranslation("documents");
  const format = useFormat();
  const queryClient = useQueryClient();
  const shares = useQuery(sharesQuery(document.id, document.companyId));
  const [revision, setRevision] = useState(initialRevision);
  const [days, setDays] = useState<string>("7");
  const [created, setCreated] = useState<DocumentShareCreated | null>(null);
  const [saving, setSaving] = useState(false);
  const reload = () => queryClient.invalidateQueries({ queryKey: ["documents", "shares", document.id] });

  async function create() {
    setSaving(true);
    try {
      setCreated(await createShare(document.id, revision, expiryIn(Number(days))));
      await reload();
    } catch (error) {
      toast.error(error);
    } finally {
      setSaving(false);
    }
  }

  async function revoke(share: DocumentShare) {
    const ok = await confirm({
      title: t("share.revokeTitle"),
      message: t("share.revokeMessage", { number: share.revisionNumber }),
      confirmLabel: t("share.revoke"),
      danger: true,
    });
    if (!ok) return;
    try {
      await revokeShare(document.id, share.id, share.version);
      toast.success(t("share.revoked"));
    } catch (error) {
      toast.error(error, error instanceof ApiError && error.status === 412 ? t("share.changedElsewhere") : undefined);
    } finally {
      await reload();
    }
  }

  const address = created ? shareAddress(created.path, window.location.origin) : "";
  return (
    <Stack gap="md">
      {document.canUpdate ? (
        <Card withBorder padding="md">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
              <Select
                label={t("share.revision")}
                data={document.revisions.map((item) => ({
                  value: item.id,
                  label: t("revision.label", { number: item.number, fileName: item.fileName }),
                }))}
                value={revision}
                onChange={(value) => value && setRevision(value)}
                allowDeselect={false}
                data-testid="share-revision"
              />
              <Select
                label={t("share.expiresIn")}
                data={shareExpiryDays.map((value) => ({ value: String(value), label: t("share.days", { count: value }) }))}
                value={days}
                onChange={(value) => value && setDays(value)}
                allowDeselect={false}
                data-testid="share-expiry"
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button onClick={() => void create()} loading={saving} data-testid="share-create">
                {t("share.create")}
              </Button>
            </Group>
            {created && (
              <Alert color="teal" title={t("share.created")} data-testid="share-created">
                <Stack gap="xs">
                  <Text size="sm">{t("share.createdHint", { date: format.dateTime(created.expiresAt) })}</Text>
                  <Group gap="xs" wrap="nowrap">
                    <TextInput
                      value={address}
                      readOnly
                      aria-label={t("share.address")}
                      style={{ flex: 1, minWidth: 0 }}
                      data-testid="share-address"
                      onFocus={(event) => event.currentTarget.select()}
                    />
                    <CopyButton value={address}>
                      {({ copied, copy }) => (
                        <Tooltip label={copied ? t("share.copied") : t("share.copy")} withinPortal>
                          <ActionIcon variant="light" size="lg" onClick={copy} aria-label={t("share.copy")} data-testid="share-copy">
                            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </CopyButton>
                    <ActionIcon
                      component="a"
                      href={address}
                      target="_blank"
                      rel="noopener noreferrer"
                      variant="light"
                      size="lg"
                      aria-label={t("share.open")}
                    >
                      <IconExternalLink size={16} />
                    </ActionIcon>
                  </Group>
                </Stack>
              </Alert>
            )}
          </Stack>
        </Card>
      ) : (
        <Text size="sm" c="dimmed">
          {t("share.readOnly")}
        </Text>
      )}
      <Stack gap="xs">
        <Title order={4} size="h6">
          {t("share.links")}
        </Title>
        {shares.isPending ? (
          <LoadingBlock rows={2} />
        ) : shares.isError ? (
          <ErrorState error={shares.error} onRetry={() => void shares.refetch()} />
        ) : shares.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("share.none")}
          </Text>
        ) : (
          <Stack gap={6} component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="share-links">
            {shares.data.items.map((share) => (
              <Card key={share.id} component="li" withBorder padding="xs" data-testid="share-link" data-state={share.state}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Group gap={6} wrap="wrap">
                      <Badge color={stateColor[share.state]} variant="light" style={{ textTransform: "none" }}>
                        {t(`share.state.${share.state}`)}
                      </Badge>
                      <Text size="sm" fw={600}>
                        {t("revision.short", { number: share.revisionNumber })}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t("share.opens", { count: share.opens })}
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                      {share.state === "revoked" && share.revokedAt
                        ? t("share.revokedBy", { name: share.revokedByName ?? "", date: format.dateTime(share.revokedAt) })
                        : t("share.by", { name: share.createdByName, expires: format.dateTime(share.expiresAt) })}
                    </Text>
                  </Stack>
                  {share.canRevoke && share.state === "active" && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconLinkOff size={14} />}
                      onClick={() => void revoke(share)}
                      style={{ flexShrink: 0 }}
                      data-testid="share-revoke"
                    >
                      {t("share.revoke")}
                    </Button>
                  )}
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </Stack>
    </Stack>
  );
}
