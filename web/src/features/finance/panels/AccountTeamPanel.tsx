import { useState } from "react";
import { ActionIcon, Badge, Button, Card, Group, Menu, Stack, Text, Title } from "@mantine/core";
import { IconDots, IconPencil, IconPlus, IconUserMinus } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { AccountTeamMember, Company } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useFormat, useMe } from "../../../lib/session";
import { confirm, toast } from "../../../components/dialogs";
import { FormDialog } from "../../../components/form-dialog";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import type { PanelProps } from "../../../components/record-page";
import { accountTeamQuery, removeMember } from "../api";
import { mayChangeFinance } from "../access";
import { byRoleThenName, uncoveredRoles } from "../lib/team";
import { MemberForm } from "../components/MemberForm";
import { CoverageGaps } from "../components/CoverageGaps";

const roleColor = { account_manager: "blue", sales: "teal", service: "orange", executive_sponsor: "grape" } as const;

type Dialog = { member?: AccountTeamMember } | null;

/** Our people assigned to this company by role, and the group's nodes nobody covers. */
export function AccountTeamPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("finance");
  const format = useFormat();
  const queryClient = useQueryClient();
  const canEdit = mayChangeFinance(useMe(), record);
  const team = useQuery(accountTeamQuery(record.id));
  const [dialog, setDialog] = useState<Dialog>(null);
  const date = (iso: string) => format.date(`${iso}T12:00:00Z`);

  async function remove(member: AccountTeamMember) {
    const role = t(`role.${member.role}`);
    const ok = await confirm({
      title: t("team.removeTitle", { name: member.userName, role }),
      message: t("team.removeMessage", { name: member.userName, role, company: record.name }),
      confirmLabel: t("team.remove"),
      danger: true,
    });
    if (!ok) return;
    try {
      await removeMember(record.id, member.id, member.version);
      toast.success(t("team.removed", { name: member.userName, role }));
    } catch (error) {
      toast.error(error, error instanceof ApiError && error.status === 412 ? t("team.changedElsewhere") : undefined);
    } finally {
      await queryClient.invalidateQueries({ queryKey: ["account-team", record.id] });
    }
  }

  const members = [...(team.data ?? [])].sort(byRoleThenName);
  const missing = uncoveredRoles(members);
  const period = (member: AccountTeamMember) =>
    member.startsOn && member.endsOn
      ? t("team.between", { from: date(member.startsOn), to: date(member.endsOn) })
      : member.startsOn
        ? t("team.from", { from: date(member.startsOn) })
        : member.endsOn
          ? t("team.until", { to: date(member.endsOn) })
          : null;

  return (
    <Stack gap="md" data-testid="account-team-panel">
      <Card withBorder padding="lg" data-testid="account-team">
        <Stack gap="sm">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Title order={3} size="h5">
              {t("team.title")}
            </Title>
            {canEdit && members.length > 0 && (
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setDialog({})} data-testid="member-add">
                {t("team.add")}
              </Button>
            )}
          </Group>
          {team.isPending ? (
            <LoadingBlock rows={3} />
          ) : team.isError ? (
            <ErrorState error={team.error} onRetry={() => void team.refetch()} />
          ) : members.length === 0 ? (
            <EmptyState
              title={t("team.empty")}
              description={canEdit ? t("team.emptyHint") : undefined}
              action={
                canEdit ? (
                  <Button variant="light" leftSection={<IconPlus size={14} />} onClick={() => setDialog({})} data-testid="member-add">
                    {t("team.add")}
                  </Button>
                ) : undefined
              }
            />
          ) : (
            <>
              <Stack gap={6} component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="members">
                {members.map((member) => (
                  <Card
                    key={member.id}
                    component="li"
                    withBorder
                    padding="xs"
                    data-testid="member-row"
                    data-role={member.role}
                    data-user={member.userId}
                    style={{ opacity: member.current ? 1 : 0.75 }}
                  >
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Stack gap={2} style={{ minWidth: 0 }}>
                        <Group gap={6} wrap="wrap">
                          <Text fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
                            {member.userName}
                          </Text>
                          <Badge
                            color={roleColor[member.role]}
                            variant="light"
                            style={{ textTransform: "none" }}
                            data-testid="member-role-badge"
                          >
                            {t(`role.${member.role}`)}
                          </Badge>
                          {!member.userActive && (
                            <Badge color="gray" variant="outline" style={{ textTransform: "none" }}>
                              {t("team.inactiveUser")}
                            </Badge>
                          )}
                          {member.userActive && !member.current && (
                            <Badge color="gray" variant="outline" style={{ textTransform: "none" }}>
                              {t("team.notCurrent")}
                            </Badge>
                          )}
                        </Group>
                        {(period(member) || member.note) && (
                          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                            {[period(member), member.note].filter(Boolean).join(" · ")}
                          </Text>
                        )}
                      </Stack>
                      {canEdit && (
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              aria-label={t("team.actions", { name: member.userName, role: t(`role.${member.role}`) })}
                              data-testid="member-actions"
                            >
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item
                              leftSection={<IconPencil size={14} />}
                              onClick={() => setDialog({ member })}
                              data-testid="member-edit"
                            >
                              {t("common:action.edit")}
                            </Menu.Item>
                            <Menu.Item
                              color="red"
                              leftSection={<IconUserMinus size={14} />}
                              onClick={() => void remove(member)}
                              data-testid="member-remove"
                            >
                              {t("team.remove")}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Group>
                  </Card>
                ))}
              </Stack>
              {missing.length > 0 && (
                <Text size="xs" c="dimmed" data-testid="team-missing-roles">
                  {t("team.missingRoles", { roles: missing.map((role) => t(`role.${role}`)).join(", ") })}
                </Text>
              )}
            </>
          )}
        </Stack>
      </Card>
      <CoverageGaps companyId={record.id} />
      <FormDialog
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog?.member ? t("team.editTitle", { name: dialog.member.userName }) : t("team.addTitle")}
        testId="member-dialog"
        size="lg"
      >
        {dialog && <MemberForm companyId={record.id} members={members} member={dialog.member} onClose={() => setDialog(null)} />}
      </FormDialog>
    </Stack>
  );
}
