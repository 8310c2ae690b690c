import { useMemo, useState } from "react";
import { ActionIcon, Anchor, Badge, Card, Code, Group, Menu, Stack, Table, Text } from "@mantine/core";
import { IconCopy, IconDots, IconShieldLock, IconTrash } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Role } from "@relata/contracts";
import { deleteRole, useRoles } from "../api/roles";
import { useUserDirectory } from "../api/users";
import { useRoleLabel } from "../lib/roleNames";
import { notifyRefusal } from "../components/feedback";
import { AdminScreen, AdminTable, confirmDelete, useAdminScreen } from "../components/AdminScreen";
import { RoleCreateDialog } from "../components/RoleCreateDialog";

export function RolesPage() {
  const { t, i18n } = useTranslation("admin");
  const { queryClient, phone, may, canCreate, canDelete } = useAdminScreen("role");
  const canReadUsers = may("user");
  const roles = useRoles();
  const directory = useUserDirectory(canReadUsers);
  const roleLabel = useRoleLabel();
  const [creating, setCreating] = useState<{ source?: string } | null>(null);

  const holders = useMemo(() => {
    const counts = new Map<string, number>();
    for (const user of directory.data ?? []) counts.set(user.roleId, (counts.get(user.roleId) ?? 0) + 1);
    return counts;
  }, [directory.data]);
  const sorted = useMemo(() => {
    const collator = new Intl.Collator(i18n.language, { sensitivity: "base" });
    return [...(roles.data ?? [])].sort((a, b) => Number(b.builtin) - Number(a.builtin) || collator.compare(roleLabel(a), roleLabel(b)));
  }, [roles.data, i18n.language, roleLabel]);

  const countOf = (role: Role) => (directory.data ? (holders.get(role.id) ?? 0) : undefined);

  async function remove(role: Role) {
    const count = countOf(role);
    if (count) {
      notifyRefusal(t("roles.inUse", { count }));
      return;
    }
    await confirmDelete(queryClient, {
      title: t("roles.deleteTitle", { name: roleLabel(role) }),
      message: t("roles.deleteMessage"),
      done: t("roles.deleted", { name: roleLabel(role) }),
      remove: () => deleteRole(role.id, role.version),
      invalidate: [["roles"]],
    });
  }

  const actions = (role: Role) => (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t("roles.actionsFor", { name: roleLabel(role) })}
          data-testid={`role-actions-${role.key}`}
        >
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to={`/admin/roles/${role.id}`} leftSection={<IconShieldLock size={16} />}>
          {t("roles.editPermissions")}
        </Menu.Item>
        {canCreate && (
          <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => setCreating({ source: role.id })}>
            {t("roles.duplicate")}
          </Menu.Item>
        )}
        {canDelete && (
          <>
            <Menu.Divider />
            <Menu.Item
              color="red"
              leftSection={<IconTrash size={16} />}
              disabled={role.builtin || !!countOf(role)}
              onClick={() => void remove(role)}
              data-testid={`role-delete-${role.key}`}
            >
              {t("common:action.delete")}
            </Menu.Item>
            {(role.builtin || !!countOf(role)) && (
              <Text size="xs" c="dimmed" px="sm" pb={6} maw={240}>
                {role.builtin ? t("serverError.builtinRole") : t("roles.inUse", { count: countOf(role) ?? 0 })}
              </Text>
            )}
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );

  const clearanceBadge = (role: Role) => (
    <Badge variant="light" color={["gray", "blue", "orange", "red"][role.clearance] ?? "gray"} size="sm">
      {t(`securityLevel.${role.clearance}`)}
    </Badge>
  );

  return (
    <AdminScreen
      title={t("roles.title")}
      description={t("roles.description")}
      create={canCreate ? { label: t("roles.create"), onClick: () => setCreating({}), testId: "create-role" } : undefined}
      query={roles}
      empty={{ title: t("roles.empty") }}
      overlays={
        <RoleCreateDialog opened={creating !== null} onClose={() => setCreating(null)} roles={sorted} initialSource={creating?.source} />
      }
    >
      {phone ? (
        <Stack gap="xs" data-testid="role-list">
          {sorted.map((role) => (
            <Card key={role.id} withBorder padding="sm" data-testid="role-row">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={4} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/admin/roles/${role.id}`} fw={600}>
                    {roleLabel(role)}
                  </Anchor>
                  <Group gap={6}>
                    <Code>{role.key}</Code>
                    {role.builtin && (
                      <Badge size="sm" variant="outline">
                        {t("roles.builtin")}
                      </Badge>
                    )}
                    {clearanceBadge(role)}
                  </Group>
                  {countOf(role) !== undefined && (
                    <Text size="xs" c="dimmed">
                      {t("roles.holders", { count: countOf(role) })}
                    </Text>
                  )}
                </Stack>
                {actions(role)}
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <AdminTable
          minWidth={640}
          testId="role-list"
          head={
            <>
              <Table.Th>{t("roles.name")}</Table.Th>
              <Table.Th>{t("roles.key")}</Table.Th>
              <Table.Th>{t("roles.clearance")}</Table.Th>
              {canReadUsers && <Table.Th ta="right">{t("roles.holdersColumn")}</Table.Th>}
            </>
          }
        >
          {sorted.map((role) => (
            <Table.Tr key={role.id} data-testid="role-row" data-role-key={role.key}>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Anchor component={Link} to={`/admin/roles/${role.id}`} fw={500}>
                    {roleLabel(role)}
                  </Anchor>
                  {role.builtin && (
                    <Badge size="sm" variant="outline">
                      {t("roles.builtin")}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Code>{role.key}</Code>
              </Table.Td>
              <Table.Td>{clearanceBadge(role)}</Table.Td>
              {canReadUsers && <Table.Td ta="right">{countOf(role) ?? "…"}</Table.Td>}
              <Table.Td>{actions(role)}</Table.Td>
            </Table.Tr>
          ))}
        </AdminTable>
      )}
    </AdminScreen>
  );
}
