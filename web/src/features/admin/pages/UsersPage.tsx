import { useMemo, useState } from "react";
import { Avatar, Badge, Button, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconUserCheck, IconUserOff, IconUserPlus } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { User } from "@relata/contracts";
import { languageNames } from "../../../i18n";
import { useFormat, useMe } from "../../../lib/session";
import { confirm } from "../../../components/dialogs";
import { RecordList, restFetcher, type BulkAction, type RecordColumn, type RecordFilter } from "../../../components/record-list";
import { patchUser, userQuery } from "../api/users";
import { useAdminLookups } from "../api/lookups";
import { ownedCompaniesQuery } from "../api/handover";
import { runEach, summarize } from "../lib/bulk";
import { initials } from "../lib/names";
import { explainError, notifyRefusal, notifySuccess } from "../components/feedback";
import { useAdminScreen } from "../components/AdminScreen";
import { UserCreateDialog } from "../components/UserCreateDialog";

const fetchUsers = restFetcher<User>("/api/users");

export function UsersPage() {
  const { t } = useTranslation("admin");
  const me = useMe();
  const format = useFormat();
  const navigate = useNavigate();
  const { queryClient, canCreate, canUpdate, may } = useAdminScreen("user");
  const lookups = useAdminLookups();
  const [creating, setCreating] = useState(false);

  const columns = useMemo<RecordColumn<User>[]>(
    () => [
      {
        id: "name",
        label: "admin:users.column.name",
        sortKey: "name",
        hideable: false,
        primary: true,
        width: "minmax(190px, 2fr)",
        cell: (user) => (
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Avatar size={28} radius="xl" color={user.active ? "blue" : "gray"} aria-hidden>
              {initials(user.name)}
            </Avatar>
            <Text size="sm" fw={500} truncate c={user.active ? undefined : "dimmed"}>
              {user.name}
            </Text>
            {user.id === me.id && (
              <Badge size="xs" variant="light" style={{ flexShrink: 0 }}>
                {t("users.you")}
              </Badge>
            )}
          </Group>
        ),
      },
      {
        id: "email",
        label: "admin:users.column.email",
        sortKey: "email",
        width: "minmax(170px, 2fr)",
        cell: (user) => (
          <Text size="sm" truncate>
            {user.email}
          </Text>
        ),
      },
      ...(lookups.canRoles
        ? [
            {
              id: "role",
              label: "admin:users.column.role",
              width: "minmax(120px, 1fr)",
              cell: (user: User) => (
                <Text size="sm" truncate>
                  {lookups.roleName.get(user.roleId) ?? "…"}
                </Text>
              ),
            },
          ]
        : []),
      ...(lookups.canUnits
        ? [
            {
              id: "orgUnit",
              label: "admin:users.column.orgUnit",
              width: "minmax(120px, 1fr)",
              cell: (user: User) => (
                <Text size="sm" truncate c={user.orgUnitId ? undefined : "dimmed"}>
                  {user.orgUnitId ? (lookups.unitName.get(user.orgUnitId) ?? "…") : t("users.none")}
                </Text>
              ),
            },
          ]
        : []),
      ...(lookups.canTeams
        ? [
            {
              id: "teams",
              label: "admin:users.column.teams",
              width: "minmax(130px, 1.5fr)",
              defaultVisible: true,
              cell: (user: User) =>
                user.teamIds.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t("users.none")}
                  </Text>
                ) : (
                  <Text size="sm" truncate>
                    {user.teamIds.map((id) => lookups.teamName.get(id) ?? "…").join(", ")}
                  </Text>
                ),
            },
          ]
        : []),
      {
        id: "status",
        label: "admin:users.column.status",
        width: "90px",
        cell: (user) => (
          <Badge
            color={user.active ? "teal" : "gray"}
            variant="light"
            size="sm"
            data-testid="user-status"
            style={{ textTransform: "none" }}
          >
            {user.active ? t("users.active") : t("users.inactive")}
          </Badge>
        ),
      },
      {
        id: "lastLoginAt",
        label: "admin:users.column.lastLoginAt",
        sortKey: "lastLoginAt",
        sortFirst: "desc",
        width: "minmax(130px, 1fr)",
        cell: (user) =>
          user.lastLoginAt ? (
            <Tooltip label={format.dateTime(user.lastLoginAt)} withArrow>
              <Text size="sm" span>
                {format.relative(user.lastLoginAt)}
              </Text>
            </Tooltip>
          ) : (
            <Text size="sm" c="dimmed" span>
              {t("users.neverSignedIn")}
            </Text>
          ),
      },
      {
        id: "createdAt",
        label: "admin:users.column.createdAt",
        sortKey: "createdAt",
        sortFirst: "desc",
        defaultVisible: false,
        width: "minmax(120px, 1fr)",
        cell: (user) => <Text size="sm">{format.date(user.createdAt)}</Text>,
      },
      {
        id: "locale",
        label: "admin:users.column.locale",
        defaultVisible: false,
        width: "110px",
        cell: (user) => <Text size="sm">{languageNames[user.locale]}</Text>,
      },
      {
        id: "timeZone",
        label: "admin:users.column.timeZone",
        defaultVisible: false,
        cell: (user) => (
          <Text size="sm" truncate>
            {user.timeZone.replace(/_/g, " ")}
          </Text>
        ),
      },
    ],
    [lookups, me.id, t, format],
  );

  const filters = useMemo<RecordFilter[]>(
    () => [
      { id: "active", label: "admin:users.filter.active", kind: "boolean" },
      ...(lookups.canRoles
        ? [{ id: "roleId", label: "admin:users.filter.role", kind: "select" as const, options: lookups.roleOptions }]
        : []),
      ...(lookups.canTeams
        ? [{ id: "teamId", label: "admin:users.filter.team", kind: "select" as const, options: lookups.teamOptions }]
        : []),
      ...(lookups.canUnits
        ? [{ id: "orgUnitId", label: "admin:users.filter.orgUnit", kind: "select" as const, options: lookups.unitOptions }]
        : []),
    ],
    [lookups],
  );

  async function setActive(ids: string[], active: boolean): Promise<boolean> {
    const self = ids.includes(me.id);
    if (!active && self && ids.length === 1) {
      notifyRefusal(t("users.cannotDeactivateSelf"));
      return false;
    }
    const targets = active ? ids : ids.filter((id) => id !== me.id);
    // Clients should not stay with people who cannot sign in: say how many of them still own some.
    let owning = 0;
    if (!active && may("company")) {
      const owners = await runEach(targets, async (id) =>
        (await queryClient.fetchQuery({ ...ownedCompaniesQuery(id), staleTime: 0 })) > 0 ? "done" : "skipped",
      );
      owning = summarize(owners).done;
    }
    const ok = await confirm(
      active
        ? {
            title: t("users.bulkActivateTitle", { count: targets.length }),
            message: t("users.bulkActivateMessage", { count: targets.length }),
            confirmLabel: t("users.activate"),
          }
        : {
            title: t("users.bulkDeactivateTitle", { count: targets.length }),
            message: [
              t("users.deactivateMessageMany", { count: targets.length }),
              self ? t("users.bulkSkipsYou") : "",
              owning ? t("handover.bulkOwners", { count: owning }) : "",
            ]
              .filter(Boolean)
              .join(" "),
            danger: true,
            confirmLabel: t("users.deactivate"),
          },
    );
    if (!ok) return false;
    const results = await runEach(targets, async (id) => {
      const user = await queryClient.fetchQuery({ ...userQuery(id), staleTime: 0 });
      if (user.active === active) return "skipped";
      await patchUser(id, user.version, { active });
      return "done";
    });
    await queryClient.invalidateQueries({ queryKey: ["users"] });
    await queryClient.invalidateQueries({ queryKey: ["sessions"] });
    const summary = summarize(results);
    if (summary.done > 0 || summary.failed.length === 0) {
      notifySuccess(t(active ? "users.bulkActivated" : "users.bulkDeactivated", { count: summary.done }));
    }
    if (summary.failed.length > 0) {
      notifyRefusal(t("users.bulkFailed", { count: summary.failed.length, reason: explainError(summary.failed[0]!.error) }));
      return false;
    }
    return true;
  }

  const bulkActions: BulkAction[] = canUpdate
    ? [
        {
          id: "deactivate",
          label: "admin:users.bulkDeactivate",
          color: "red",
          icon: <IconUserOff size={14} />,
          run: (ids) => setActive(ids, false),
        },
        { id: "activate", label: "admin:users.bulkActivate", icon: <IconUserCheck size={14} />, run: (ids) => setActive(ids, true) },
      ]
    : [];

  return (
    <Stack gap={0}>
      <RecordList<User>
        id="users"
        title={t("users.title")}
        actions={
          canCreate && (
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)} data-testid="create-user">
              {t("users.create")}
            </Button>
          )
        }
        queryKey={["users", "list"]}
        topics={["list:users"]}
        fetcher={fetchUsers}
        getRowId={(user) => user.id}
        columns={columns}
        filters={filters}
        defaultSort="name"
        viewsObject="users"
        exportUrl="/api/users/export.csv"
        bulkActions={bulkActions.length ? bulkActions : undefined}
        onOpen={(user) => void navigate({ to: "/admin/users/$id", params: { id: user.id } })}
        searchPlaceholder="admin:users.search"
        empty={{
          title: t("users.empty"),
          description: canCreate ? t("users.emptyHint") : undefined,
          action: canCreate ? (
            <Button variant="light" onClick={() => setCreating(true)}>
              {t("users.create")}
            </Button>
          ) : undefined,
        }}
      />
      <UserCreateDialog opened={creating} onClose={() => setCreating(false)} lookups={lookups} />
    </Stack>
  );
}
