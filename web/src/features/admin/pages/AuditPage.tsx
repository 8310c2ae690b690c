import { useEffect, useMemo, useState } from "react";
import { Badge, Button, Card, Collapse, Group, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconFilter, IconFilterOff, IconRefresh } from "@tabler/icons-react";
import { getRouteApi } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../../lib/session";
import { useUserDirectory } from "../api/users";
import { auditApiQuery, auditOperations, auditTables, type AuditSearch } from "../lib/auditSearch";
import { AuditEntries } from "../components/AuditEntries";
import { PageHeader } from "../../../components/page-header";
import { useAdminScreen } from "../components/AdminScreen";
import { PersonSelect } from "../components/PersonSelect";

const route = getRouteApi("/app/admin/audit");

export function AuditPage() {
  const { t } = useTranslation("admin");
  const me = useMe();
  const { queryClient, phone, may } = useAdminScreen("audit");
  const canReadUsers = may("user");
  const directory = useUserDirectory(canReadUsers);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const query = useMemo(() => auditApiQuery(search, me.timeZone), [search, me.timeZone]);
  const [showFilters, setShowFilters] = useState(() => Object.keys(search).length > 0);

  const set = (patch: Partial<AuditSearch>) =>
    void navigate({
      search: (previous: AuditSearch) => {
        const next: AuditSearch = { ...previous, ...patch };
        for (const key of Object.keys(next) as (keyof AuditSearch)[]) if (!next[key]) delete next[key];
        return next;
      },
      replace: true,
    });

  // The record id is typed: apply it when typing pauses.
  const [recordId, setRecordId] = useState(search.recordId ?? "");
  const [debouncedRecordId] = useDebouncedValue(recordId.trim(), 400);
  const [syncedRecordId, setSyncedRecordId] = useState(search.recordId ?? "");
  if ((search.recordId ?? "") !== syncedRecordId) {
    // The URL changed from elsewhere (a link, Back): show it.
    setSyncedRecordId(search.recordId ?? "");
    setRecordId(search.recordId ?? "");
  }
  useEffect(() => {
    if (debouncedRecordId !== (search.recordId ?? "")) {
      setSyncedRecordId(debouncedRecordId);
      set({ recordId: debouncedRecordId || undefined });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the typed value settles
  }, [debouncedRecordId]);

  const tableOptions: { value: string; label: string }[] = auditTables.map((value) => ({ value, label: t(`audit.table.${value}`) }));
  if (search.tableName && !auditTables.includes(search.tableName as (typeof auditTables)[number]))
    tableOptions.push({ value: search.tableName, label: search.tableName });
  const operationOptions: { value: string; label: string }[] = auditOperations.map((value) => ({ value, label: t(`audit.op.${value}`) }));
  if (search.operation && !auditOperations.includes(search.operation as (typeof auditOperations)[number]))
    operationOptions.push({ value: search.operation, label: search.operation });
  const filtered = Object.keys(search).length > 0;
  const filterCount = Object.keys(search).length;
  const badRange = !!search.from && !!search.to && search.from > search.to;

  return (
    <Stack>
      <PageHeader
        title={t("audit.title")}
        description={t("audit.description")}
        actions={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void queryClient.invalidateQueries({ queryKey: ["audit"] })}
            data-testid="audit-refresh"
          >
            {t("audit.refresh")}
          </Button>
        }
      />
      {phone && (
        <Group justify="space-between">
          <Button
            variant="default"
            leftSection={<IconFilter size={16} />}
            rightSection={
              filterCount > 0 ? (
                <Badge size="sm" circle>
                  {filterCount}
                </Badge>
              ) : undefined
            }
            onClick={() => setShowFilters((open) => !open)}
            aria-expanded={showFilters}
            data-testid="audit-filters-toggle"
          >
            {t("audit.filter.show")}
          </Button>
        </Group>
      )}
      <Collapse expanded={!phone || showFilters}>
        <Card withBorder>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" verticalSpacing="xs">
              <Select
                label={t("audit.filter.table")}
                placeholder={t("audit.filter.any")}
                data={tableOptions}
                value={search.tableName ?? null}
                onChange={(value) => set({ tableName: value ?? undefined })}
                clearable
                data-testid="audit-filter-table"
              />
              <TextInput
                label={t("audit.filter.record")}
                placeholder={t("audit.filter.recordPlaceholder")}
                value={recordId}
                onChange={(event) => setRecordId(event.currentTarget.value)}
                data-testid="audit-filter-record"
              />
              {canReadUsers ? (
                <PersonSelect
                  users={directory.data}
                  includeInactive
                  label={t("audit.filter.actor")}
                  placeholder={t("audit.filter.anyone")}
                  value={search.actorId ?? null}
                  onChange={(value) => set({ actorId: value ?? undefined })}
                  clearable
                  data-testid="audit-filter-actor"
                />
              ) : (
                <div />
              )}
              <Select
                label={t("audit.filter.operation")}
                placeholder={t("audit.filter.any")}
                data={operationOptions}
                value={search.operation ?? null}
                onChange={(value) => set({ operation: value ?? undefined })}
                clearable
                data-testid="audit-filter-operation"
              />
              <TextInput
                type="date"
                label={t("audit.filter.from")}
                value={search.from ?? ""}
                max={search.to}
                onChange={(event) => set({ from: event.currentTarget.value || undefined })}
                data-testid="audit-filter-from"
              />
              <TextInput
                type="date"
                label={t("audit.filter.to")}
                value={search.to ?? ""}
                min={search.from}
                onChange={(event) => set({ to: event.currentTarget.value || undefined })}
                error={badRange ? t("audit.filter.badRange") : undefined}
                data-testid="audit-filter-to"
              />
            </SimpleGrid>
            <Group justify="space-between" gap="xs">
              <Text size="xs" c="dimmed">
                {t("audit.timeZoneHint", { zone: me.timeZone })}
              </Text>
              {filtered && (
                <Button
                  variant="subtle"
                  size="xs"
                  leftSection={<IconFilterOff size={14} />}
                  onClick={() => {
                    setRecordId("");
                    setSyncedRecordId("");
                    void navigate({ search: {}, replace: true });
                  }}
                  data-testid="audit-clear-filters"
                >
                  {t("audit.filter.clear")}
                </Button>
              )}
            </Group>
          </Stack>
        </Card>
      </Collapse>
      <Card withBorder padding="xs">
        <AuditEntries
          query={query}
          topics={["list:users", "list:roles", "list:teams", "list:org-units"]}
          emptyTitle={filtered ? t("audit.emptyFiltered") : undefined}
        />
      </Card>
    </Stack>
  );
}
