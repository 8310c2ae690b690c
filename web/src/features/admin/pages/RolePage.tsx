import { useEffect, useRef, useState } from "react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Grid,
  Group,
  List,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconDeviceFloppy, IconInfoCircle, IconLock, IconTrash } from "@tabler/icons-react";
import { Link, useBlocker, useNavigate, useParams } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import {
  accessActions,
  accessObjects,
  securityLevels,
  type AccessAction,
  type AccessObject,
  type PermissionSet,
  type Role,
} from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useMe } from "../../../lib/session";
import { confirm } from "../../../components/dialogs";
import { ErrorState, LoadingPage } from "../../../components/states";
import { deleteRole, patchRole, roleQuery, useRole } from "../api/roles";
import { useUserDirectory } from "../api/users";
import { changedCells, copyPermissions, exceeds, withCell } from "../lib/permissions";
import { draftOf, rebase, type Draft } from "../lib/roleDraft";
import { useRoleLabel } from "../lib/roleNames";
import { PageHeader } from "../../../components/page-header";
import { fieldErrors, notifyError, notifyRefusal, notifySuccess } from "../components/feedback";
import { confirmDelete, useAdminScreen } from "../components/AdminScreen";
import { PermissionMatrix, ScopeLegend } from "../components/PermissionMatrix";

export function RolePage() {
  const { t } = useTranslation("admin");
  const { id } = useParams({ strict: false }) as { id: string };
  const role = useRole(id);
  if (role.isPending) return <LoadingPage />;
  if (role.isError) {
    const missing = role.error instanceof ApiError && role.error.status === 404;
    return (
      <Stack>
        <PageHeader title={t("roles.title")} crumbs={[{ label: t("roles.title"), to: "/admin/roles" }]} />
        {missing ? (
          <Alert color="gray" icon={<IconAlertTriangle size={18} />} title={t("common:error.notFound")} data-testid="role-not-found">
            <Anchor component={Link} to="/admin/roles" size="sm">
              {t("roles.backToList")}
            </Anchor>
          </Alert>
        ) : (
          <ErrorState error={role.error} onRetry={() => void role.refetch()} />
        )}
      </Stack>
    );
  }
  return <RoleEditor key={role.data.id} role={role.data} />;
}

function RoleEditor({ role }: { role: Role }) {
  const { t } = useTranslation("admin");
  const me = useMe();
  const navigate = useNavigate();
  const { queryClient, may, canUpdate, canDelete } = useAdminScreen("role");
  const directory = useUserDirectory(may("user"));
  const roleLabel = useRoleLabel();

  // The draft and the version it started from; null while nothing is changed.
  const [edit, setEdit] = useState<{ draft: Draft; from: Role } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<{ theirs: Role; clashes: string[]; merged: Draft } | null>(null);

  const saved = draftOf(role);
  const startedFrom = edit ? draftOf(edit.from) : saved;
  const current = edit?.draft ?? saved;
  const cells = changedCells(startedFrom.permissions, current.permissions);
  const changes = cells.length + Number(current.name !== startedFrom.name) + Number(current.clearance !== startedFrom.clearance);
  const dirty = changes > 0;
  const staleDraft = !!edit && edit.from.version !== role.version;

  const stronger = !!exceeds(copyPermissions(role.permissions), me.permissions) || role.clearance > me.role.clearance;
  const readOnly = !canUpdate || stronger;
  const holders = directory.data?.filter((user) => user.roleId === role.id).length;

  // Ask before leaving with unsaved changes (a ref: the check runs after state updates like a delete).
  const dirtyRef = useRef(dirty);
  useEffect(() => {
    dirtyRef.current = dirty;
  }, [dirty]);
  useBlocker({
    shouldBlockFn: async ({ current, next }) => {
      if (!dirtyRef.current || current.pathname === next.pathname) return false;
      const leave = await confirm({
        title: t("unsaved.title"),
        message: t("unsaved.message"),
        confirmLabel: t("unsaved.leave"),
        danger: true,
      });
      return !leave;
    },
    enableBeforeUnload: () => dirtyRef.current,
  });

  function change(next: Partial<Draft>) {
    setEdit((previous) => ({ draft: { ...(previous?.draft ?? saved), ...next }, from: previous?.from ?? role }));
  }

  function setCell(object: AccessObject, action: AccessAction, scope: PermissionSet[AccessObject][AccessAction]) {
    const key = `permissions.${object}.${action}`;
    if (errors[key]) setErrors(({ [key]: _, ...rest }) => rest);
    change({ permissions: withCell(current.permissions, { object, action }, scope) });
  }

  function discard() {
    setEdit(null);
    setErrors({});
  }

  async function save() {
    if (!edit) return;
    const found: Record<string, string> = {};
    if (!current.name.trim()) found.name = t("common:validation.required");
    setErrors(found);
    if (Object.keys(found).length) return;
    const body: Parameters<typeof patchRole>[2] = {};
    if (current.name.trim() !== startedFrom.name) body.name = current.name.trim();
    if (current.clearance !== startedFrom.clearance) body.clearance = current.clearance;
    if (cells.length) body.permissions = current.permissions;
    setSaving(true);
    try {
      const updated = await patchRole(role.id, edit.from.version, body);
      queryClient.setQueryData(roleQuery(role.id).queryKey, updated);
      await queryClient.invalidateQueries({ queryKey: ["roles"] });
      setEdit(null);
      notifySuccess(t("roles.saved", { name: roleLabel(updated) }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        try {
          const theirs = await queryClient.fetchQuery({ ...roleQuery(role.id), staleTime: 0 });
          const { draft, clashes } = rebase(current, startedFrom, draftOf(theirs));
          setConflict({ theirs, clashes, merged: draft });
        } catch (reload) {
          notifyError(reload);
        }
      } else {
        const problems = fieldErrors(error, [
          ...accessObjects.flatMap((object) => accessActions.map((action) => `permissions.${object}.${action}`)),
          "name",
          "clearance",
        ]);
        if (Object.keys(problems).length) setErrors(problems);
        notifyError(error);
      }
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (holders) {
      notifyRefusal(t("roles.inUse", { count: holders }));
      return;
    }
    const deleted = await confirmDelete(queryClient, {
      title: t("roles.deleteTitle", { name: roleLabel(role) }),
      message: t("roles.deleteMessage"),
      done: t("roles.deleted", { name: roleLabel(role) }),
      remove: async () => {
        await deleteRole(role.id, role.version);
        // Gone: nothing left to save, leave without asking.
        dirtyRef.current = false;
        setEdit(null);
      },
      invalidate: [["roles"]],
    });
    if (deleted) void navigate({ to: "/admin/roles" });
  }

  const cellName = (key: string) => {
    if (key === "name") return t("roles.name");
    if (key === "clearance") return t("roles.clearance");
    const [, object, action] = key.split(".");
    return `${t(`common:object.${object}`)} · ${t(`action.${action}`)}`;
  };

  return (
    <Stack pb={dirty ? 80 : 0}>
      <PageHeader
        crumbs={[{ label: t("roles.title"), to: "/admin/roles" }]}
        title={
          <Group gap="xs" component="span">
            <span data-testid="role-title">{roleLabel(role)}</span>
            {role.builtin && (
              <Badge variant="outline" size="md">
                {t("roles.builtin")}
              </Badge>
            )}
          </Group>
        }
        description={
          <>
            <Code>{role.key}</Code>
            {holders !== undefined && <> · {t("roles.holders", { count: holders })}</>}
          </>
        }
        actions={
          canDelete && !role.builtin ? (
            <Button
              variant="light"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => void remove()}
              disabled={!!holders}
              title={holders ? t("roles.inUse", { count: holders }) : undefined}
              data-testid="role-delete"
            >
              {t("common:action.delete")}
            </Button>
          ) : undefined
        }
      />
      {canDelete && !role.builtin && !!holders && (
        <Text size="sm" c="dimmed">
          {t("roles.inUse", { count: holders })}
        </Text>
      )}
      {!canUpdate && (
        <Alert color="gray" icon={<IconLock size={18} />}>
          {t("roles.readOnly")}
        </Alert>
      )}
      {canUpdate && stronger && (
        <Alert color="yellow" icon={<IconLock size={18} />}>
          {t("serverError.strongerRole")}
        </Alert>
      )}
      {canUpdate && !stronger && me.role.id === role.id && (
        <Alert color="blue" icon={<IconInfoCircle size={18} />} data-testid="role-own">
          {t("roles.ownRole")}
        </Alert>
      )}
      {staleDraft && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t("conflict.staleTitle")} data-testid="role-stale">
          <Stack gap="xs">
            <Text size="sm">{t("conflict.staleMessage")}</Text>
            <Group gap="xs">
              <Button size="xs" variant="light" onClick={discard}>
                {t("conflict.loadTheirs")}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack>
            <Card withBorder>
              <Stack gap="sm">
                <Title order={3} size="h4">
                  {t("roles.details")}
                </Title>
                <Grid gap="sm">
                  <Grid.Col span={{ base: 12, sm: 7 }}>
                    <TextInput
                      label={t("roles.name")}
                      value={current.name}
                      onChange={(event) => change({ name: event.currentTarget.value })}
                      description={
                        current.name === role.name && roleLabel(role) !== role.name
                          ? t("roles.builtinNameHint", { name: roleLabel(role) })
                          : undefined
                      }
                      inputWrapperOrder={["label", "input", "description", "error"]}
                      error={errors.name}
                      readOnly={readOnly}
                      required
                      data-testid="role-name"
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 5 }}>
                    <NativeSelect
                      label={t("roles.clearance")}
                      value={String(current.clearance)}
                      onChange={(event) => change({ clearance: Number(event.currentTarget.value) })}
                      data={securityLevels.map((level) => ({
                        value: String(level),
                        label: t(`securityLevel.${level}`),
                        disabled: level > me.role.clearance && level !== current.clearance,
                      }))}
                      disabled={readOnly}
                      error={errors.clearance}
                      data-testid="role-clearance"
                    />
                  </Grid.Col>
                </Grid>
                <Text size="xs" c="dimmed">
                  {t("roles.clearanceHint")}
                </Text>
              </Stack>
            </Card>
            <Card withBorder>
              <Stack gap="sm">
                <Group justify="space-between">
                  <Title order={3} size="h4">
                    {t("permissions.title")}
                  </Title>
                  {cells.length > 0 && (
                    <Badge color="yellow" variant="light" data-testid="role-changed-cells">
                      {t("permissions.changed", { count: cells.length })}
                    </Badge>
                  )}
                </Group>
                <Text size="sm" c="dimmed">
                  {t("permissions.description")}
                </Text>
                <PermissionMatrix
                  value={current.permissions}
                  base={startedFrom.permissions}
                  own={me.permissions}
                  readOnly={readOnly}
                  errors={errors}
                  onChange={setCell}
                />
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Card withBorder>
            <Stack gap="sm">
              <Title order={3} size="h5">
                {t("permissions.legendTitle")}
              </Title>
              <ScopeLegend />
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>

      {dirty && (
        <Paper withBorder shadow="md" p="sm" radius="md" style={{ position: "sticky", bottom: 12, zIndex: 5 }} data-testid="role-savebar">
          <Group justify="space-between" gap="xs">
            <Text size="sm" fw={500}>
              {t("unsaved.count", { count: changes })}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={discard} disabled={saving} data-testid="role-discard">
                {t("unsaved.discard")}
              </Button>
              <Button leftSection={<IconDeviceFloppy size={16} />} onClick={() => void save()} loading={saving} data-testid="role-save">
                {t("common:action.save")}
              </Button>
            </Group>
          </Group>
        </Paper>
      )}

      <Modal
        opened={!!conflict}
        onClose={() => setConflict(null)}
        title={t("conflict.title")}
        attributes={{ content: { "data-testid": "conflict-dialog" } }}
      >
        {conflict && (
          <Stack gap="sm">
            <Text size="sm">{t("conflict.message", { name: roleLabel(conflict.theirs) })}</Text>
            {conflict.clashes.length > 0 ? (
              <>
                <Text size="sm" fw={500}>
                  {t("conflict.clashes")}
                </Text>
                <List size="sm">
                  {conflict.clashes.map((key) => (
                    <List.Item key={key}>{cellName(key)}</List.Item>
                  ))}
                </List>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                {t("conflict.noClashes")}
              </Text>
            )}
            <Group justify="flex-end" gap="xs">
              <Button
                variant="default"
                onClick={() => {
                  setConflict(null);
                  discard();
                }}
                data-testid="conflict-reload"
              >
                {t("conflict.discardMine")}
              </Button>
              <Button
                onClick={() => {
                  setEdit({ draft: conflict.merged, from: conflict.theirs });
                  setConflict(null);
                }}
                data-testid="conflict-keep-mine"
              >
                {t("conflict.reapply")}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
