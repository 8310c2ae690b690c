import { useMemo, useState } from "react";
import {
  ActionIcon,
  Alert,
  Anchor,
  Avatar,
  Badge,
  Button,
  Card,
  Drawer,
  Group,
  Menu,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconDots, IconPencil, IconSearch, IconTrash, IconUserMinus, IconUserPlus, IconUsers } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { User } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useCan, useMe } from "../../../lib/session";
import { EmptyState, LoadingBlock } from "../../../components/states";
import { createTeam, deleteTeam, patchTeam, teamsQuery, useTeams, type Team } from "../api/teams";
import { useOrgUnits } from "../api/orgUnits";
import { useUserDirectory } from "../api/users";
import { setMembership } from "../api/membership";
import { buildTree, unitPaths } from "../lib/orgTree";
import { notifyError, notifyRefusal, notifySuccess } from "../components/feedback";
import { AdminScreen, AdminTable, confirmDelete, useAdminScreen } from "../components/AdminScreen";
import { DialogForm, FormDialog } from "../../../components/form-dialog";
import { NameField, useAdminForm } from "../components/AdminDialog";
import { PersonSelect } from "../components/PersonSelect";
import { initials } from "../lib/names";

export function TeamsPage() {
  const { t, i18n } = useTranslation("admin");
  const { queryClient, phone, may, canCreate, canUpdate, canDelete } = useAdminScreen("team");
  const canReadUsers = may("user");
  const teams = useTeams();
  const units = useOrgUnits(may("org_unit"));
  const directory = useUserDirectory(canReadUsers);
  const [filter, setFilter] = useState("");
  const [editing, setEditing] = useState<{ teamId?: string } | null>(null);
  const [membersOf, setMembersOf] = useState<string | null>(null);

  const unitPath = useMemo(
    () => new Map(unitPaths(buildTree(units.data ?? [], i18n.language)).map((entry) => [entry.unit.id, entry.path])),
    [units.data, i18n.language],
  );
  const sorted = useMemo(() => {
    const collator = new Intl.Collator(i18n.language, { sensitivity: "base", numeric: true });
    const needle = filter.trim().toLocaleLowerCase();
    return [...(teams.data ?? [])]
      .filter(
        (team) =>
          !needle ||
          team.name.toLocaleLowerCase().includes(needle) ||
          (team.orgUnitId && (unitPath.get(team.orgUnitId) ?? "").toLocaleLowerCase().includes(needle)),
      )
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [teams.data, filter, i18n.language, unitPath]);

  const remove = (team: Team) =>
    confirmDelete(queryClient, {
      title: t("teams.deleteTitle", { name: team.name }),
      message:
        `${t("teams.deleteMessage")} ${team.memberIds.length ? t("teams.deleteMembers", { count: team.memberIds.length }) : ""}`.trim(),
      done: t("teams.deleted", { name: team.name }),
      remove: () => deleteTeam(team.id, team.version),
      invalidate: [["teams"], ["users"]],
    });

  const unitLabel = (team: Team) =>
    team.orgUnitId ? (unitPath.get(team.orgUnitId) ?? (units.isPending ? "…" : t("teams.unknownUnit"))) : t("teams.noUnit");

  const actions = (team: Team) => (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t("teams.actionsFor", { name: team.name })} data-testid="team-actions">
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {canReadUsers && (
          <Menu.Item leftSection={<IconUsers size={16} />} onClick={() => setMembersOf(team.id)} data-testid="team-members-open">
            {t("teams.members")}
          </Menu.Item>
        )}
        {canUpdate && (
          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing({ teamId: team.id })} data-testid="team-edit">
            {t("teams.edit")}
          </Menu.Item>
        )}
        {canDelete && (
          <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => void remove(team)} data-testid="team-delete">
            {t("common:action.delete")}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );

  const memberButton = (team: Team) => (
    <Button
      variant="subtle"
      size="compact-sm"
      leftSection={<IconUsers size={14} />}
      onClick={() => setMembersOf(team.id)}
      disabled={!canReadUsers}
      data-testid="team-member-count"
    >
      {t("teams.memberCount", { count: team.memberIds.length })}
    </Button>
  );

  return (
    <AdminScreen
      title={t("teams.title")}
      description={t("teams.description")}
      create={canCreate ? { label: t("teams.create"), onClick: () => setEditing({}), testId: "create-team" } : undefined}
      query={teams}
      empty={{ title: t("teams.empty"), description: t("teams.emptyHint") }}
      overlays={
        <>
          <FormDialog
            opened={editing !== null}
            onClose={() => setEditing(null)}
            title={editing?.teamId ? t("teams.editTitle") : t("teams.create")}
            testId="team-dialog"
          >
            <TeamForm
              teamId={editing?.teamId}
              unitOptions={[...unitPath.entries()].map(([value, label]) => ({ value, label }))}
              onClose={() => setEditing(null)}
            />
          </FormDialog>
          <Drawer
            opened={membersOf !== null}
            onClose={() => setMembersOf(null)}
            position="right"
            size={phone ? "100%" : "md"}
            title={t("teams.membersOf", { name: teams.data?.find((team) => team.id === membersOf)?.name ?? "" })}
            closeButtonProps={{ "aria-label": t("common:action.close") }}
            attributes={{ content: { "data-testid": "team-members-drawer" } }}
          >
            {membersOf && <TeamMembers teamId={membersOf} users={directory.data} />}
          </Drawer>
        </>
      }
    >
      <Stack gap="sm">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t("teams.filter")}
          aria-label={t("teams.filter")}
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
          maw={360}
          data-testid="team-filter"
        />
        {sorted.length === 0 ? (
          <EmptyState title={t("common:state.nothingFound")} />
        ) : phone ? (
          <Stack gap="xs" data-testid="team-list">
            {sorted.map((team) => (
              <Card key={team.id} withBorder padding="sm" data-testid="team-row" data-team-name={team.name}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Text fw={600} truncate>
                      {team.name}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {unitLabel(team)}
                    </Text>
                    <div>{memberButton(team)}</div>
                  </Stack>
                  {actions(team)}
                </Group>
              </Card>
            ))}
          </Stack>
        ) : (
          <AdminTable
            minWidth={560}
            testId="team-list"
            head={
              <>
                <Table.Th>{t("teams.name")}</Table.Th>
                <Table.Th>{t("teams.orgUnit")}</Table.Th>
                <Table.Th>{t("teams.members")}</Table.Th>
              </>
            }
          >
            {sorted.map((team) => (
              <Table.Tr key={team.id} data-testid="team-row" data-team-name={team.name}>
                <Table.Td fw={500}>{team.name}</Table.Td>
                <Table.Td c={team.orgUnitId ? undefined : "dimmed"}>{unitLabel(team)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {memberButton(team)}
                    {directory.data && team.memberIds.length > 0 && (
                      <Group gap={4} wrap="nowrap">
                        {team.memberIds.slice(0, 4).map((id) => {
                          const user = directory.data.find((item) => item.id === id);
                          return (
                            <Tooltip key={id} label={user?.name ?? "?"} withArrow>
                              <Avatar size={26} radius="xl" color="blue">
                                {initials(user?.name ?? "?")}
                              </Avatar>
                            </Tooltip>
                          );
                        })}
                        {team.memberIds.length > 4 && (
                          <Avatar size={26} radius="xl">
                            +{team.memberIds.length - 4}
                          </Avatar>
                        )}
                      </Group>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{actions(team)}</Table.Td>
              </Table.Tr>
            ))}
          </AdminTable>
        )}
      </Stack>
    </AdminScreen>
  );
}

function TeamForm({
  teamId,
  unitOptions,
  onClose,
}: {
  teamId?: string;
  unitOptions: { value: string; label: string }[];
  onClose: () => void;
}) {
  const { t } = useTranslation("admin");
  const form = useAdminForm(["name", "orgUnitId"], { list: ["teams"], onSaved: onClose });
  const { queryClient, errors } = form;
  const existing = teamId ? queryClient.getQueryData(teamsQuery.queryKey)?.find((team) => team.id === teamId) : undefined;
  const [name, setName] = useState(existing?.name ?? "");
  const [orgUnitId, setOrgUnitId] = useState<string | null>(existing?.orgUnitId ?? null);

  async function submit() {
    if (!form.validate({ name: name.trim() ? undefined : t("common:validation.required") })) return;
    await form.save(async () => {
      if (teamId) {
        // Always the newest version we know: a 412 reloads the list, a second save applies on top.
        const latest = queryClient.getQueryData(teamsQuery.queryKey)?.find((team) => team.id === teamId);
        if (!latest) throw new ApiError(404, { code: "not_found", message: "" });
        await patchTeam(teamId, latest.version, { name: name.trim(), orgUnitId });
        notifySuccess(t("teams.saved", { name: name.trim() }));
      } else {
        await createTeam({ name: name.trim(), orgUnitId }, form.idempotencyKey);
        notifySuccess(t("teams.created", { name: name.trim() }));
      }
    });
  }

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={teamId ? t("common:action.save") : t("common:action.create")}
      testId="team"
    >
      <NameField label={t("teams.name")} value={name} onChange={setName} error={errors.name} testId="team-name" />
      <Select
        label={t("teams.orgUnit")}
        description={t("teams.orgUnitHint")}
        placeholder={t("teams.noUnit")}
        data={unitOptions}
        value={orgUnitId}
        onChange={setOrgUnitId}
        searchable
        clearable
        nothingFoundMessage={t("common:state.nothingFound")}
        error={errors.orgUnitId}
        data-testid="team-org-unit"
      />
    </DialogForm>
  );
}

function TeamMembers({ teamId, users }: { teamId: string; users: User[] | undefined }) {
  const { t, i18n } = useTranslation("admin");
  const me = useMe();
  const queryClient = useQueryClient();
  const canUpdateUsers = useCan("user", "update");
  const team = useTeams().data?.find((item) => item.id === teamId);
  const [adding, setAdding] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const members = useMemo(() => {
    const collator = new Intl.Collator(i18n.language, { sensitivity: "base" });
    const byId = new Map((users ?? []).map((user) => [user.id, user]));
    return (team?.memberIds ?? [])
      .map((id) => byId.get(id))
      .filter((user): user is User => !!user)
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [team?.memberIds, users, i18n.language]);
  // You cannot change your own teams (the server refuses): you are not offered.
  const memberSet = useMemo(() => new Set([...(team?.memberIds ?? []), me.id]), [team?.memberIds, me.id]);

  if (!team) return <Alert color="yellow">{t("teams.gone")}</Alert>;

  async function change(user: Pick<User, "id" | "name">, member: boolean) {
    if (user.id === me.id) {
      notifyRefusal(t("teams.notYourself"));
      return;
    }
    setBusy(user.id);
    try {
      await setMembership(queryClient, user.id, teamId, member);
      await Promise.all([queryClient.invalidateQueries({ queryKey: ["teams"] }), queryClient.invalidateQueries({ queryKey: ["users"] })]);
      notifySuccess(t(member ? "teams.added" : "teams.removed", { name: user.name, team: team!.name }));
      if (member) setAdding(null);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack gap="md">
      {canUpdateUsers ? (
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <PersonSelect
            users={users}
            value={adding}
            onChange={setAdding}
            exclude={memberSet}
            label={t("teams.addMember")}
            placeholder={t("teams.searchPeople")}
            style={{ flex: 1 }}
            comboboxProps={{ withinPortal: true }}
            data-testid="team-add-member"
          />
          <Button
            leftSection={<IconUserPlus size={16} />}
            disabled={!adding}
            loading={!!adding && busy === adding}
            onClick={() => {
              const user = users?.find((item) => item.id === adding);
              if (user) void change(user, true);
            }}
            data-testid="team-add-member-submit"
          >
            {t("teams.add")}
          </Button>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {t("teams.membersReadOnly")}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t("teams.membershipHint")}
      </Text>
      {!users ? (
        <LoadingBlock rows={3} />
      ) : members.length === 0 ? (
        <EmptyState title={t("teams.noMembers")} />
      ) : (
        <Stack gap={4} data-testid="team-member-list">
          {members.map((user) => (
            <Group key={user.id} justify="space-between" wrap="nowrap" py={4} data-testid="team-member">
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                <Avatar size={32} radius="xl" color={user.active ? "blue" : "gray"} aria-hidden>
                  {initials(user.name)}
                </Avatar>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Group gap={6} wrap="nowrap">
                    <Anchor component={Link} to={`/admin/users/${user.id}`} size="sm" fw={500} truncate>
                      {user.name}
                    </Anchor>
                    {!user.active && (
                      <Badge size="xs" color="gray">
                        {t("users.inactive")}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" truncate>
                    {user.email}
                  </Text>
                </Stack>
              </Group>
              {canUpdateUsers && (
                <Tooltip
                  label={user.id === me.id ? t("teams.notYourself") : t("teams.removeMember", { name: user.name })}
                  withArrow
                  multiline
                  maw={240}
                >
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() => void change(user, false)}
                    loading={busy === user.id}
                    aria-label={t("teams.removeMember", { name: user.name })}
                    data-testid="team-remove-member"
                  >
                    <IconUserMinus size={18} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
