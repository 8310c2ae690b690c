import { useMemo, useState } from "react";
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  NativeSelect,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import {
  IconArrowsMove,
  IconBuilding,
  IconBuildingSkyscraper,
  IconChevronDown,
  IconChevronRight,
  IconDots,
  IconLayoutList,
  IconPencil,
  IconPlus,
  IconSearch,
  IconSitemap,
  IconTrash,
  IconUsersGroup,
} from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { orgUnitKinds } from "@relata/contracts";
import { EmptyState } from "../../../components/states";
import { createOrgUnit, deleteOrgUnit, orgUnitsQuery, patchOrgUnit, useOrgUnits, type OrgUnit, type OrgUnitKind } from "../api/orgUnits";
import { useTeams } from "../api/teams";
import { useUserDirectory } from "../api/users";
import { buildTree, parentIds, subtreeIds, unitPaths, visibleRows } from "../lib/orgTree";
import { notifyRefusal, notifySuccess } from "../components/feedback";
import { AdminScreen, confirmDelete, useAdminScreen } from "../components/AdminScreen";
import { DialogForm, FormDialog } from "../../../components/form-dialog";
import { NameField, useAdminForm } from "../components/AdminDialog";

const kindIcons = { company: IconBuildingSkyscraper, branch: IconBuilding, division: IconSitemap, department: IconUsersGroup } as const;
const kindColors = { company: "blue", branch: "teal", division: "grape", department: "orange" } as const;

type DialogState = { mode: "create"; parentId: string | null } | { mode: "edit"; unitId: string } | { mode: "move"; unitId: string };

export function OrgUnitsPage() {
  const { t, i18n } = useTranslation("admin");
  const { queryClient, phone, may, canCreate, canUpdate, canDelete } = useAdminScreen("org_unit");
  const canReadUsers = may("user");
  const canReadTeams = may("team");
  const units = useOrgUnits();
  const directory = useUserDirectory(canReadUsers);
  const teams = useTeams(canReadTeams);
  const [expandedState, setExpanded] = useState<Set<string> | null>(null);
  const [filter, setFilter] = useState("");
  const [dialog, setDialog] = useState<DialogState | null>(null);

  const list = useMemo(() => units.data ?? [], [units.data]);
  const forest = useMemo(() => buildTree(list, i18n.language), [list, i18n.language]);
  const paths = useMemo(() => unitPaths(forest), [forest]);
  const allParents = useMemo(() => parentIds(list), [list]);
  // Until the user opens or closes something: the top two levels are open.
  const expanded = useMemo(
    () => expandedState ?? new Set(paths.filter((entry) => entry.depth < 1 && allParents.has(entry.unit.id)).map((entry) => entry.unit.id)),
    [expandedState, paths, allParents],
  );
  const members = useMemo(() => {
    const counts = new Map<string, number>();
    for (const user of directory.data ?? [])
      if (user.orgUnitId && user.active) counts.set(user.orgUnitId, (counts.get(user.orgUnitId) ?? 0) + 1);
    return counts;
  }, [directory.data]);
  // People in a unit and everything below it (the reach of the "org unit" scope).
  const totals = useMemo(() => {
    const result = new Map<string, number>();
    for (const unit of list) {
      let sum = 0;
      for (const id of subtreeIds(list, unit.id)) sum += members.get(id) ?? 0;
      result.set(unit.id, sum);
    }
    return result;
  }, [list, members]);
  const teamCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const team of teams.data ?? []) if (team.orgUnitId) counts.set(team.orgUnitId, (counts.get(team.orgUnitId) ?? 0) + 1);
    return counts;
  }, [teams.data]);

  const needle = filter.trim().toLocaleLowerCase();
  const rows = needle
    ? paths
        .filter((entry) => entry.path.toLocaleLowerCase().includes(needle))
        .map((entry) => ({ unit: entry.unit, depth: 0, hasChildren: false, expanded: false, path: entry.path }))
    : visibleRows(forest, expanded).map((row) => ({ ...row, path: undefined as string | undefined }));

  function toggle(id: string) {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  }

  async function remove(unit: OrgUnit) {
    if (allParents.has(unit.id)) {
      notifyRefusal(t("serverError.unitHasChildren"));
      return;
    }
    const people = members.get(unit.id) ?? 0;
    const teamCount = teamCounts.get(unit.id) ?? 0;
    await confirmDelete(queryClient, {
      title: t("orgUnits.deleteTitle", { name: unit.name }),
      message: [
        t("orgUnits.deleteMessage"),
        people ? t("orgUnits.deletePeople", { count: people }) : "",
        teamCount ? t("orgUnits.deleteTeams", { count: teamCount }) : "",
      ]
        .filter(Boolean)
        .join(" "),
      done: t("orgUnits.deleted", { name: unit.name }),
      remove: () => deleteOrgUnit(unit.id, unit.version),
      invalidate: [["org-units"]],
    });
  }

  const countsOf = (unit: OrgUnit) => {
    const known = canReadUsers && !!directory.data;
    const direct = members.get(unit.id) ?? 0;
    const total = totals.get(unit.id) ?? 0;
    const teamCount = canReadTeams && teams.data ? (teamCounts.get(unit.id) ?? 0) : undefined;
    return (
      <Group gap={6} wrap={phone ? "wrap" : "nowrap"} style={{ flexShrink: phone ? 1 : 0 }}>
        {known && (
          <Tooltip label={t("orgUnits.peopleHint", { count: direct })} withArrow>
            <Badge
              variant={direct > 0 ? "light" : "default"}
              color="gray"
              size="sm"
              data-testid="org-unit-members"
              data-count={direct}
              style={{ textTransform: "none" }}
            >
              {t("orgUnits.people", { count: direct })}
            </Badge>
          </Tooltip>
        )}
        {known && total > direct && (
          <Tooltip label={t("orgUnits.totalHint", { count: total })} withArrow>
            <Badge variant="default" size="sm" c="dimmed" data-testid="org-unit-total" data-count={total} style={{ textTransform: "none" }}>
              {t("orgUnits.total", { count: total })}
            </Badge>
          </Tooltip>
        )}
        {teamCount !== undefined && teamCount > 0 && (
          <Badge variant="default" size="sm" style={{ textTransform: "none" }}>
            {t("orgUnits.teams", { count: teamCount })}
          </Badge>
        )}
      </Group>
    );
  };

  const kindBadge = (unit: OrgUnit) => (
    <Badge size="xs" variant="light" color={kindColors[unit.kind]} style={{ flexShrink: 0 }}>
      {t(`orgUnitKind.${unit.kind}`)}
    </Badge>
  );

  return (
    <AdminScreen
      title={t("orgUnits.title")}
      description={t("orgUnits.description")}
      create={
        canCreate
          ? { label: t("orgUnits.createRoot"), onClick: () => setDialog({ mode: "create", parentId: null }), testId: "create-org-unit" }
          : undefined
      }
      query={units}
      loadingRows={6}
      empty={{ title: t("orgUnits.empty"), description: t("orgUnits.emptyHint") }}
      overlays={<UnitDialog state={dialog} units={list} onClose={() => setDialog(null)} />}
    >
      <Card withBorder padding={0}>
        <Group p="sm" gap="xs" justify="space-between" style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}>
          <TextInput
            leftSection={<IconSearch size={16} />}
            placeholder={t("orgUnits.filter")}
            aria-label={t("orgUnits.filter")}
            value={filter}
            onChange={(event) => setFilter(event.currentTarget.value)}
            style={{ flex: "1 1 200px" }}
            maw={360}
            data-testid="org-unit-filter"
          />
          {!needle && allParents.size > 0 && (
            <Group gap={4}>
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconLayoutList size={14} />}
                onClick={() => setExpanded(new Set(allParents))}
              >
                {t("orgUnits.expandAll")}
              </Button>
              <Button variant="subtle" size="xs" onClick={() => setExpanded(new Set())}>
                {t("orgUnits.collapseAll")}
              </Button>
            </Group>
          )}
        </Group>
        {rows.length === 0 ? (
          <EmptyState title={t("common:state.nothingFound")} />
        ) : (
          <ul style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="org-unit-tree" aria-label={t("orgUnits.title")}>
            {rows.map((row) => {
              const Icon = kindIcons[row.unit.kind] ?? IconSitemap;
              const indent = row.depth * (phone ? 14 : 24);
              return (
                <li
                  key={row.unit.id}
                  data-testid="org-unit-row"
                  data-unit-name={row.unit.name}
                  aria-level={row.depth + 1}
                  style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
                >
                  <Group gap="xs" wrap="nowrap" pr="sm" py={8} pl={`calc(var(--mantine-spacing-sm) + ${indent}px)`}>
                    {row.hasChildren ? (
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        onClick={() => toggle(row.unit.id)}
                        aria-expanded={row.expanded}
                        aria-label={t(row.expanded ? "orgUnits.collapse" : "orgUnits.expand", { name: row.unit.name })}
                        data-testid="org-unit-toggle"
                      >
                        {row.expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                      </ActionIcon>
                    ) : (
                      <span style={{ width: 22, flexShrink: 0 }} />
                    )}
                    <Icon
                      size={18}
                      stroke={1.5}
                      color={`var(--mantine-color-${kindColors[row.unit.kind]}-light-color)`}
                      aria-hidden
                      style={{ flexShrink: 0 }}
                    />
                    <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                      <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
                        {row.hasChildren && !needle ? (
                          <UnstyledButton onClick={() => toggle(row.unit.id)} style={{ minWidth: 0 }} tabIndex={-1}>
                            <Text fw={500} size="sm" truncate>
                              {row.unit.name}
                            </Text>
                          </UnstyledButton>
                        ) : (
                          <Text fw={500} size="sm" truncate>
                            {row.unit.name}
                          </Text>
                        )}
                        {!phone && kindBadge(row.unit)}
                      </Group>
                      {phone && (
                        <Group gap={6} mt={2}>
                          {kindBadge(row.unit)}
                          {countsOf(row.unit)}
                        </Group>
                      )}
                      {row.path && row.path !== row.unit.name && (
                        <Text size="xs" c="dimmed" truncate>
                          {row.path}
                        </Text>
                      )}
                    </Stack>
                    {!phone && countsOf(row.unit)}
                    {(canCreate || canUpdate || canDelete || canReadUsers) && (
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={t("orgUnits.actionsFor", { name: row.unit.name })}
                            data-testid="org-unit-actions"
                          >
                            <IconDots size={18} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {canCreate && (
                            <Menu.Item
                              leftSection={<IconPlus size={16} />}
                              onClick={() => setDialog({ mode: "create", parentId: row.unit.id })}
                              data-testid="org-unit-add-child"
                            >
                              {t("orgUnits.addChild")}
                            </Menu.Item>
                          )}
                          {canUpdate && (
                            <Menu.Item
                              leftSection={<IconPencil size={16} />}
                              onClick={() => setDialog({ mode: "edit", unitId: row.unit.id })}
                              data-testid="org-unit-edit"
                            >
                              {t("orgUnits.edit")}
                            </Menu.Item>
                          )}
                          {canUpdate && (
                            <Menu.Item
                              leftSection={<IconArrowsMove size={16} />}
                              onClick={() => setDialog({ mode: "move", unitId: row.unit.id })}
                              data-testid="org-unit-move"
                            >
                              {t("orgUnits.move")}
                            </Menu.Item>
                          )}
                          {canReadUsers && (
                            <Menu.Item
                              leftSection={<IconUsersGroup size={16} />}
                              component={Link}
                              to="/admin/users"
                              search={{ "f.orgUnitId": row.unit.id } as never}
                            >
                              {t("orgUnits.showPeople")}
                            </Menu.Item>
                          )}
                          {canDelete && (
                            <>
                              <Menu.Divider />
                              <Menu.Item
                                color="red"
                                leftSection={<IconTrash size={16} />}
                                disabled={allParents.has(row.unit.id)}
                                onClick={() => void remove(row.unit)}
                                data-testid="org-unit-delete"
                              >
                                {t("common:action.delete")}
                              </Menu.Item>
                              {allParents.has(row.unit.id) && (
                                <Text size="xs" c="dimmed" px="sm" pb={6} maw={240}>
                                  {t("serverError.unitHasChildren")}
                                </Text>
                              )}
                            </>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Group>
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </AdminScreen>
  );
}

function UnitDialog({ state, units, onClose }: { state: DialogState | null; units: OrgUnit[]; onClose: () => void }) {
  const { t } = useTranslation("admin");
  const unit = state && state.mode !== "create" ? units.find((item) => item.id === state.unitId) : undefined;
  const parent = state?.mode === "create" && state.parentId ? units.find((item) => item.id === state.parentId) : undefined;
  const title =
    state?.mode === "create"
      ? parent
        ? t("orgUnits.addChildTo", { name: parent.name })
        : t("orgUnits.createRoot")
      : state?.mode === "move"
        ? t("orgUnits.moveTitle", { name: unit?.name ?? "" })
        : t("orgUnits.editTitle", { name: unit?.name ?? "" });
  return (
    <FormDialog opened={!!state} onClose={onClose} title={title} testId="org-unit-dialog">
      {state && <UnitForm key={JSON.stringify(state)} state={state} units={units} onClose={onClose} />}
    </FormDialog>
  );
}

/** The kind a new child usually has: one step down the hierarchy. */
function childKind(parent: OrgUnit | undefined): OrgUnitKind {
  if (!parent) return "company";
  const index = orgUnitKinds.indexOf(parent.kind);
  return orgUnitKinds[Math.min(index + 1, orgUnitKinds.length - 1)]!;
}

function UnitForm({ state, units, onClose }: { state: DialogState; units: OrgUnit[]; onClose: () => void }) {
  const { t, i18n } = useTranslation("admin");
  const form = useAdminForm(["name", "kind", "parentId"], { list: ["org-units"], onSaved: onClose });
  const { queryClient, errors } = form;
  const existing = state.mode !== "create" ? units.find((item) => item.id === state.unitId) : undefined;
  const parentOfNew = state.mode === "create" && state.parentId ? units.find((item) => item.id === state.parentId) : undefined;
  const [name, setName] = useState(existing?.name ?? "");
  const [kind, setKind] = useState<OrgUnitKind>(existing?.kind ?? childKind(parentOfNew));
  const [parentId, setParentId] = useState<string | null>(existing?.parentId ?? null);

  const parentOptions = useMemo(() => {
    if (state.mode !== "move" || !existing) return [];
    const excluded = subtreeIds(units, existing.id);
    return unitPaths(buildTree(units, i18n.language)).map((entry) => ({
      value: entry.unit.id,
      label: entry.path,
      disabled: excluded.has(entry.unit.id),
    }));
  }, [state.mode, existing, units, i18n.language]);

  if (state.mode !== "create" && !existing) {
    return <Alert color="yellow">{t("orgUnits.gone")}</Alert>;
  }

  async function submit() {
    if (!form.validate({ name: state.mode !== "move" && !name.trim() ? t("common:validation.required") : undefined })) return;
    await form.save(async () => {
      if (state.mode === "create") {
        const created = await createOrgUnit({ name: name.trim(), kind, parentId: state.parentId }, form.idempotencyKey);
        notifySuccess(t("orgUnits.created", { name: created.name }));
      } else {
        // Always the newest version we know: a 412 reloads the list, a second save applies on top.
        const latest = queryClient.getQueryData(orgUnitsQuery.queryKey)?.find((item) => item.id === existing!.id) ?? existing!;
        const body = state.mode === "move" ? { parentId } : { name: name.trim(), kind };
        await patchOrgUnit(existing!.id, latest.version, body);
        notifySuccess(state.mode === "move" ? t("orgUnits.moved", { name: existing!.name }) : t("orgUnits.saved", { name: name.trim() }));
      }
    });
  }

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={
        state.mode === "create" ? t("common:action.create") : state.mode === "move" ? t("orgUnits.moveHere") : t("common:action.save")
      }
      testId="org-unit"
    >
      {state.mode === "move" ? (
        <>
          <Select
            label={t("orgUnits.newParent")}
            description={t("orgUnits.moveHint")}
            data={[{ value: "", label: t("orgUnits.topLevel") }, ...parentOptions]}
            value={parentId ?? ""}
            onChange={(value) => setParentId(value || null)}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t("common:state.nothingFound")}
            error={errors.parentId}
            comboboxProps={{ withinPortal: true }}
            data-testid="org-unit-parent"
            data-autofocus
          />
        </>
      ) : (
        <>
          <NameField label={t("orgUnits.name")} value={name} onChange={setName} error={errors.name} testId="org-unit-name" />
          <NativeSelect
            label={t("orgUnits.kind")}
            value={kind}
            onChange={(event) => setKind(event.currentTarget.value as OrgUnitKind)}
            data={orgUnitKinds.map((value) => ({ value, label: t(`orgUnitKind.${value}`) }))}
            error={errors.kind}
            data-testid="org-unit-kind"
          />
        </>
      )}
    </DialogForm>
  );
}
