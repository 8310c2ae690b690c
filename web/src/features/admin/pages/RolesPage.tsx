import { useMemo, useState } from "react";
import { ActionIcon, Anchor, Badge, Button, Card, Code, Group, Menu, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { IconCopy, IconDots, IconPlus, IconShieldLock, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Role } from "@relata/contracts";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { confirm } from "../../../components/dialogs";
import { useCan } from "../../../lib/session";
import { deleteRole, useRoles } from "../api/roles";
import { useUserDirectory } from "../api/users";
import { notifyError, notifyRefusal, notifySuccess, PageHeader, RequirePermission } from "../components/feedback";
import { RoleCreateDialog } from "../components/RoleCreateDialog";
import { useIsPhone } from "../components/Responsive";

export function RolesPage() {
  return (
    <RequirePermission object="role">
      <RolesScreen />
    </RequirePermission>
  );
}

function RolesScreen() {
  const { t, i18n } = useTranslation("admin");
  const phone = useIsPhone();
  const queryClient = useQueryClient();
  const canCreate = useCan("role", "create");
  const canDelete = useCan("role", "delete");
  const canReadUsers = useCan("user", "read");
  const roles = useRoles();
  const directory = useUserDirectory(canReadUsers);
  const [creating, setCreating] = useState<{ source?: string } | null>(null);

  const holders = useMemo(() => {
    const counts = new Map<string, number>();
    for (const user of directory.data ?? []) counts.set(user.roleId, (counts.get(user.roleId) ?? 0) + 1);
    return counts;
  }, [directory.data]);
  const sorted = useMemo(() => {
    const collator = new Intl.Collator(i18n.language, { sensitivity: "base" });
    return [...(roles.data ?? [])].sort((a, b) => Number(b.builtin) - Number(a.builtin) || collator.compare(a.name, b.name));
  }, [roles.data, i18n.language]);

  const countOf = (role: Role) => (directory.data ? (holders.get(role.id) ?? 0) : undefined);

  async function remove(role: Role) {
    const count = countOf(role);
    if (count) {
      notifyRefusal(t("roles.inUse", { count }));
      return;
    }
    const ok = await confirm({
      title: t("roles.deleteTitle", { name: role.name }),
      message: t("roles.deleteMessage"),
      danger: true,
      confirmLabel: t("common:action.delete"),
    });
    if (!ok) return;
    try {
      await deleteRole(role.id, role.version);
      await queryClient.invalidateQueries({ queryKey: ["roles"] });
      notifySuccess(t("roles.deleted", { name: role.name }));
    } catch (error) {
      notifyError(error);
    }
  }

  const actions = (role: Role) => (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t("roles.actionsFor", { name: role.name })}
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
    <Stack>
      <PageHeader
        title={t("roles.title")}
        description={t("roles.description")}
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating({})} data-testid="create-role">
              {t("roles.create")}
            </Button>
          )
        }
      />
      {roles.isPending ? (
        <LoadingBlock rows={5} />
      ) : roles.isError ? (
        <ErrorState error={roles.error} onRetry={() => void roles.refetch()} />
      ) : sorted.length === 0 ? (
        <EmptyState title={t("roles.empty")} />
      ) : phone ? (
        <Stack gap="xs" data-testid="role-list">
          {sorted.map((role) => (
            <Card key={role.id} withBorder padding="sm" data-testid="role-row">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={4} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/admin/roles/${role.id}`} fw={600}>
                    {role.name}
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
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="role-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("roles.name")}</Table.Th>
                  <Table.Th>{t("roles.key")}</Table.Th>
                  <Table.Th>{t("roles.clearance")}</Table.Th>
                  {canReadUsers && <Table.Th ta="right">{t("roles.holdersColumn")}</Table.Th>}
                  <Table.Th w={48}>
                    <VisuallyHidden>{t("common:action.edit")}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((role) => (
                  <Table.Tr key={role.id} data-testid="role-row" data-role-key={role.key}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Anchor component={Link} to={`/admin/roles/${role.id}`} fw={500}>
                          {role.name}
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
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <RoleCreateDialog opened={creating !== null} onClose={() => setCreating(null)} roles={sorted} initialSource={creating?.source} />
    </Stack>
  );
}
