import { Fragment, useMemo, useState, type ReactNode } from "react";
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Stack,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { IconCheck, IconChevronDown, IconChevronRight, IconCopy, IconExternalLink } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { AuditEntry } from "@relata/contracts";
import { useCan, useFormat } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { useAudit, type AuditApiQuery } from "../api/audit";
import { useOrgUnits } from "../api/orgUnits";
import { useRoles } from "../api/roles";
import { useRoleLabel } from "../lib/roleNames";
import { useTeams } from "../api/teams";
import { useUserDirectory } from "../api/users";
import { changeRows, recordPath, type ChangeRow } from "../lib/auditSearch";
import { useIsPhone } from "./Responsive";

const opColors: Record<string, string> = {
  insert: "teal",
  update: "blue",
  delete: "red",
  login: "gray",
  logout: "gray",
  "session.ended": "orange",
  "password.reset": "orange",
  "password.changed": "grape",
  export: "indigo",
};

const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Names for ids that appear in audit rows: users, roles, teams, org units (as far as the reader may see them). */
function useNames() {
  const canUsers = useCan("user", "read");
  const canRoles = useCan("role", "read");
  const canTeams = useCan("team", "read");
  const canUnits = useCan("org_unit", "read");
  const users = useUserDirectory(canUsers);
  const roles = useRoles(canRoles);
  const teams = useTeams(canTeams);
  const units = useOrgUnits(canUnits);
  const roleLabel = useRoleLabel();
  return useMemo(() => {
    const map = (items: { id: string; name: string }[] | undefined) => new Map((items ?? []).map((item) => [item.id, item.name]));
    const roleNames = new Map((roles.data ?? []).map((role) => [role.id, roleLabel(role)]));
    return { user: map(users.data), role: roleNames, team: map(teams.data), unit: map(units.data) };
  }, [users.data, roles.data, teams.data, units.data, roleLabel]);
}
type Names = ReturnType<typeof useNames>;

/** Which lookup an id field points into, by its column name. */
function lookupOf(field: string): keyof Names | undefined {
  const last = field.split(".").pop() ?? field;
  if (/^(owner_id|manager_id|user_id|actor_id|created_by|updated_by)$/.test(last)) return "user";
  if (last === "role_id") return "role";
  if (last === "team_id") return "team";
  if (last === "org_unit_id" || last === "parent_id") return "unit";
  return undefined;
}

export function AuditEntries({
  query,
  topics,
  emptyTitle,
  pageSize,
}: {
  query: AuditApiQuery;
  topics?: string[];
  emptyTitle?: string;
  pageSize?: number;
}) {
  const { t } = useTranslation("admin");
  const audit = useAudit({ ...query, limit: pageSize ?? 50 }, { topics });
  const names = useNames();
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const entries = useMemo(() => audit.data?.pages.flatMap((page) => page.items) ?? [], [audit.data]);

  if (audit.isPending) return <LoadingBlock rows={6} />;
  if (audit.isError) return <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />;
  if (entries.length === 0) return <EmptyState title={emptyTitle ?? t("audit.empty")} description={t("audit.emptyHint")} />;

  const toggle = (id: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Stack gap={0} data-testid="audit-list">
      {entries.map((entry) => (
        <AuditRow key={entry.id} entry={entry} names={names} expanded={open.has(entry.id)} onToggle={() => toggle(entry.id)} />
      ))}
      <Group justify="center" pt="md">
        {audit.hasNextPage ? (
          <Button
            variant="light"
            onClick={() => void audit.fetchNextPage()}
            loading={audit.isFetchingNextPage}
            data-testid="audit-load-more"
          >
            {t("audit.loadMore")}
          </Button>
        ) : (
          <Text size="xs" c="dimmed" data-testid="audit-end">
            {t("audit.end", { count: entries.length })}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

function AuditRow({ entry, names, expanded, onToggle }: { entry: AuditEntry; names: Names; expanded: boolean; onToggle: () => void }) {
  const { t, i18n } = useTranslation("admin");
  const format = useFormat();
  const rows = useMemo(() => changeRows(entry), [entry]);
  const path = recordPath(entry.tableName, entry.recordId);
  const fieldLabel = useFieldLabel();
  const tableLabel = i18n.exists(`admin:audit.table.${entry.tableName}`) ? t(`audit.table.${entry.tableName}`) : entry.tableName;
  const opLabel = i18n.exists(`admin:audit.op.${entry.operation}`) ? t(`audit.op.${entry.operation}`) : entry.operation;
  const recordName = recordLabel(entry, names);
  const hasDetails = rows.length > 0 || !!entry.requestId;
  const summary =
    entry.operation === "update" && entry.changed.length > 0
      ? entry.changed
          .slice(0, 4)
          .map((field) => fieldLabel(field))
          .join(", ") + (entry.changed.length > 4 ? ` ${t("audit.more", { count: entry.changed.length - 4 })}` : "")
      : undefined;

  return (
    <div
      style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
      data-testid="audit-entry"
      data-operation={entry.operation}
      data-table={entry.tableName}
    >
      <UnstyledButton
        onClick={hasDetails ? onToggle : undefined}
        aria-expanded={hasDetails ? expanded : undefined}
        w="100%"
        py={10}
        px="xs"
        style={{ cursor: hasDetails ? "pointer" : "default" }}
        data-testid="audit-entry-toggle"
      >
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <span style={{ width: 18, flexShrink: 0, paddingTop: 2 }} aria-hidden>
            {hasDetails && (expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />)}
          </span>
          <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
            <Group gap={6} wrap="wrap">
              <Badge size="sm" variant="light" color={opColors[entry.operation] ?? "gray"} style={{ textTransform: "none" }}>
                {opLabel}
              </Badge>
              <Text size="sm" fw={500}>
                {tableLabel}
              </Text>
              {recordName && (
                <Text size="sm" truncate maw={320}>
                  {recordName}
                </Text>
              )}
            </Group>
            {summary && (
              <Text size="xs" c="dimmed" truncate>
                {t("audit.changedFields", { fields: summary })}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {entry.actorId ? (entry.actorName ?? names.user.get(entry.actorId) ?? t("audit.unknownActor")) : t("audit.system")} ·{" "}
              {format.dateTime(entry.at)}
            </Text>
          </Stack>
          <Tooltip label={format.dateTime(entry.at)} withArrow>
            <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap", flexShrink: 0 }} visibleFrom="sm">
              {format.relative(entry.at)}
            </Text>
          </Tooltip>
        </Group>
      </UnstyledButton>
      {expanded && hasDetails && (
        <Stack gap="xs" px="xs" pb="sm" pl={34}>
          <Group gap="md" wrap="wrap">
            {entry.actorId && (
              <Anchor component={Link} to={`/admin/users/${entry.actorId}`} size="xs">
                {t("audit.openActor")}
              </Anchor>
            )}
            {path && (
              <Anchor component={Link} to={path} size="xs" data-testid="audit-record-link">
                <Group gap={4} wrap="nowrap" component="span">
                  {t("audit.openRecord")}
                  <IconExternalLink size={12} />
                </Group>
              </Anchor>
            )}
            {entry.recordId && (
              <Anchor
                component={Link}
                to="/admin/audit"
                search={{ tableName: entry.tableName, recordId: entry.recordId } as never}
                size="xs"
              >
                {t("audit.recordHistory")}
              </Anchor>
            )}
            {entry.requestId && (
              <Group gap={4} wrap="nowrap">
                <Text size="xs" c="dimmed">
                  {t("audit.requestId")}
                </Text>
                <Code fz="xs">{entry.requestId}</Code>
                <CopyButton value={entry.requestId}>
                  {({ copied, copy }) => (
                    <ActionIcon
                      size="xs"
                      variant="subtle"
                      color={copied ? "teal" : "gray"}
                      onClick={copy}
                      aria-label={t("audit.copyRequestId")}
                    >
                      {copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
                    </ActionIcon>
                  )}
                </CopyButton>
              </Group>
            )}
          </Group>
          {rows.length > 0 && <ChangeTable rows={rows} names={names} operation={entry.operation} />}
        </Stack>
      )}
    </div>
  );
}

function recordLabel(entry: AuditEntry, names: Names): string | undefined {
  const row = entry.after ?? entry.before;
  const name = row && typeof row.name === "string" ? row.name : undefined;
  if (name) return name;
  if (!entry.recordId) return undefined;
  if (entry.tableName === "users") return names.user.get(entry.recordId);
  if (entry.tableName === "roles") return names.role.get(entry.recordId);
  if (entry.tableName === "teams") return names.team.get(entry.recordId);
  if (entry.tableName === "org_units") return names.unit.get(entry.recordId);
  if (entry.tableName === "team_members" && row) {
    const team = typeof row.team_id === "string" ? names.team.get(row.team_id) : undefined;
    const user = typeof row.user_id === "string" ? names.user.get(row.user_id) : undefined;
    if (team || user) return [user, team].filter(Boolean).join(" → ");
  }
  return undefined;
}

function useFieldLabel() {
  const { t, i18n } = useTranslation("admin");
  return (field: string) =>
    field
      .split(".")
      .map((part, index) => {
        if (index > 0 && i18n.exists(`common:object.${part}`)) return t(`common:object.${part}`);
        if (index > 0 && i18n.exists(`admin:action.${part}`)) return t(`action.${part}`);
        return i18n.exists(`admin:audit.field.${part}`) ? t(`audit.field.${part}`) : part;
      })
      .join(" › ");
}

function ChangeTable({ rows, names, operation }: { rows: ChangeRow[]; names: Names; operation: string }) {
  const { t } = useTranslation("admin");
  const phone = useIsPhone();
  const fieldLabel = useFieldLabel();
  const showBefore = operation !== "insert" && rows.some((row) => row.before !== undefined);
  const showAfter = operation !== "delete" && rows.some((row) => row.after !== undefined);

  if (phone) {
    return (
      <Stack gap={6} data-testid="audit-changes">
        {rows.map((row) => (
          <Card key={row.field} withBorder padding={8}>
            <Text size="xs" fw={600}>
              {fieldLabel(row.field)}
            </Text>
            {showBefore && (
              <Group gap={6} wrap="nowrap" align="flex-start">
                <Text size="xs" c="dimmed" w={56} style={{ flexShrink: 0 }}>
                  {t("audit.before")}
                </Text>
                <Value value={row.before} field={row.field} names={names} />
              </Group>
            )}
            {showAfter && (
              <Group gap={6} wrap="nowrap" align="flex-start">
                <Text size="xs" c="dimmed" w={56} style={{ flexShrink: 0 }}>
                  {t("audit.after")}
                </Text>
                <Value value={row.after} field={row.field} names={names} />
              </Group>
            )}
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <Card withBorder padding={0}>
      <Table fz="xs" verticalSpacing={6} layout="fixed" data-testid="audit-changes" withColumnBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="24%">{t("audit.field.label")}</Table.Th>
            {showBefore && <Table.Th>{t("audit.before")}</Table.Th>}
            {showAfter && <Table.Th>{t("audit.after")}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.field}>
              <Table.Td fw={500} style={{ overflowWrap: "anywhere" }}>
                {fieldLabel(row.field)}
              </Table.Td>
              {showBefore && (
                <Table.Td bg={operation === "update" ? "var(--mantine-color-red-light)" : undefined}>
                  <Value value={row.before} field={row.field} names={names} />
                </Table.Td>
              )}
              {showAfter && (
                <Table.Td bg={operation === "update" ? "var(--mantine-color-green-light)" : undefined}>
                  <Value value={row.after} field={row.field} names={names} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function Value({ value, field, names }: { value: unknown; field: string; names: Names }): ReactNode {
  const { t, i18n } = useTranslation("admin");
  const format = useFormat();
  if (value === null || value === undefined || value === "") {
    return (
      <Text size="xs" c="dimmed" fs="italic" span>
        {t("audit.emptyValue")}
      </Text>
    );
  }
  if (typeof value === "boolean")
    return (
      <Text size="xs" span>
        {value ? t("audit.yes") : t("audit.no")}
      </Text>
    );
  if (typeof value === "number")
    return (
      <Text size="xs" span>
        {format.number(value)}
      </Text>
    );
  if (typeof value === "string") {
    const lookup = lookupOf(field);
    if (lookup && uuid.test(value)) {
      const name = names[lookup].get(value);
      return (
        <Tooltip label={value} withArrow>
          <Text size="xs" span style={{ overflowWrap: "anywhere" }}>
            {name ?? value}
          </Text>
        </Tooltip>
      );
    }
    if (isoDate.test(value) && !Number.isNaN(Date.parse(value)))
      return (
        <Text size="xs" span>
          {format.dateTime(value)}
        </Text>
      );
    const last = field.split(".").pop() ?? "";
    if (["read", "create", "update", "delete"].includes(last) && i18n.exists(`admin:scope.${value}`))
      return (
        <Text size="xs" span>
          {t(`scope.${value}`)}
        </Text>
      );
    if (last === "kind" && i18n.exists(`admin:orgUnitKind.${value}`))
      return (
        <Text size="xs" span>
          {t(`orgUnitKind.${value}`)}
        </Text>
      );
    return (
      <Text size="xs" span style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>
        {value.length > 400 ? `${value.slice(0, 400)}…` : value}
      </Text>
    );
  }
  if (Array.isArray(value)) {
    const lookup = lookupOf(field.replace(/s$/, ""));
    return (
      <Text size="xs" span style={{ overflowWrap: "anywhere" }}>
        {value.map((item, index) => (
          <Fragment key={index}>
            {index > 0 && ", "}
            {typeof item === "string" && lookup
              ? (names[lookup].get(item) ?? item)
              : typeof item === "string"
                ? item
                : JSON.stringify(item)}
          </Fragment>
        ))}
      </Text>
    );
  }
  return (
    <Code block fz="xs" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {JSON.stringify(value, null, 1)}
    </Code>
  );
}
