import { Badge, Button, Card, Group, ScrollArea, Stack, Table, Text, Title } from "@mantine/core";
import { IconArrowsMove, IconHierarchy3, IconUnlink } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Company, CompanyLink } from "@relata/contracts";
import { confirm, toast } from "../../../components/dialogs";
import { ErrorState, LoadingBlock } from "../../../components/states";
import { ApiError } from "../../../lib/api";
import { endParent, linksKey, linksQuery, parentVersion } from "../api";
import { useGroupWords } from "../labels";
import { AppLink } from "./AppLink";
import { ParentDialog } from "./ParentDialog";

/** The company's parent link (set, move, end) and the history of its links. */
export function LinkSection({
  company,
  canChange,
  below,
  dialog,
  setDialog,
}: {
  company: Company;
  canChange: boolean;
  /** The companies below this one in its group. */
  below: ReadonlySet<string>;
  dialog: "parent" | null;
  setDialog: (dialog: "parent" | null) => void;
}) {
  const { t } = useTranslation("groups");
  const { format, edgeLabel } = useGroupWords();
  const queryClient = useQueryClient();
  const links = useQuery(linksQuery(company.id));
  const current = links.data?.find((link) => link.current);
  const history = links.data?.filter((link) => !link.current) ?? [];

  const end = async (link: CompanyLink) => {
    const ok = await confirm({
      title: t("link.endTitle"),
      message: t("link.endMessage", { name: company.name, parent: link.parentName ?? t("link.hiddenParent") }),
      confirmLabel: t("link.end"),
      danger: true,
    });
    if (!ok) return;
    try {
      await endParent(company.id, parentVersion(links.data ?? []));
      toast.success(t("link.ended"));
      void queryClient.invalidateQueries({ queryKey: ["groups"] });
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        toast.error(error, t("link.changedElsewhere"));
        void queryClient.invalidateQueries({ queryKey: linksKey(company.id) });
      } else toast.error(error);
    }
  };

  const parentName = (link: CompanyLink) =>
    link.parentName ? (
      <AppLink to="/companies/$id" params={{ id: link.parentId }} search={{ tab: "group" }} underline="always" testId="link-parent">
        {link.parentName}
      </AppLink>
    ) : (
      <Text span c="dimmed" inherit>
        {t("link.hiddenParent")}
      </Text>
    );
  const period = (link: CompanyLink) =>
    link.validTo
      ? t("link.between", { from: format.date(link.validFrom), to: format.date(link.validTo) })
      : t("link.since", { from: format.date(link.validFrom) });

  return (
    <Card withBorder padding="md" data-testid="group-link">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={3} size="h5">
            {t("link.title")}
          </Title>
          {canChange && links.data && (
            <Group gap="xs" wrap="wrap">
              <Button
                size="xs"
                variant={current ? "default" : "filled"}
                leftSection={current ? <IconArrowsMove size={14} /> : <IconHierarchy3 size={14} />}
                onClick={() => setDialog("parent")}
                data-testid="group-set-parent"
              >
                {current ? t("link.move") : t("link.setParent")}
              </Button>
              {current && (
                <Button
                  size="xs"
                  variant="default"
                  color="red"
                  leftSection={<IconUnlink size={14} />}
                  onClick={() => void end(current)}
                  data-testid="group-end-link"
                >
                  {t("link.end")}
                </Button>
              )}
            </Group>
          )}
        </Group>
        {links.isPending ? (
          <LoadingBlock rows={2} />
        ) : links.isError ? (
          <ErrorState error={links.error} onRetry={() => void links.refetch()} />
        ) : current ? (
          <Text size="sm" data-testid="group-current-link">
            {t("link.currentIntro")} {parentName(current)}
            {` · ${edgeLabel({ relation: current.relation, share: current.share, indirect: false })} · ${period(current)}`}
          </Text>
        ) : (
          <Text size="sm" c="dimmed" data-testid="group-no-parent">
            {t("link.none")}
          </Text>
        )}
        {history.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t("link.history")}
            </Text>
            <ScrollArea type="auto">
              <Table verticalSpacing={6} miw={520} data-testid="group-link-history">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("link.parent")}</Table.Th>
                    <Table.Th>{t("link.relation")}</Table.Th>
                    <Table.Th>{t("link.periodColumn")}</Table.Th>
                    <Table.Th>{t("link.recordedBy")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {history.map((link) => (
                    <Table.Tr key={link.id} data-testid="group-link-row">
                      <Table.Td>{parentName(link)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color="gray" style={{ textTransform: "none" }}>
                          {edgeLabel({ relation: link.relation, share: link.share, indirect: false })}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{period(link)}</Table.Td>
                      <Table.Td>{link.createdByName ?? "—"}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          </Stack>
        )}
      </Stack>
      {links.data && (
        <ParentDialog company={company} links={links.data} below={below} opened={dialog === "parent"} onClose={() => setDialog(null)} />
      )}
    </Card>
  );
}
