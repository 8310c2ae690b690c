import { useMemo, useState } from "react";
import { Anchor, Button, Text } from "@mantine/core";
import { IconPlus, IconTrash, IconUserShare } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { securityLevels, type BulkResult, type Company } from "@relata/contracts";
import { newIdempotencyKey } from "../../lib/api";
import { useCan, useFormat } from "../../lib/session";
import { confirm, toast } from "../../components/dialogs";
import { RecordList, type BulkAction, type RecordColumn, type RecordFilter } from "../../components/record-list";
import { OrgUnitName, SecurityLevelBadge, TeamName, UserName, useOrgUnits, useTeams } from "../../components/record-form";
import { bulkCompanies, companiesExportPath, companyListKey, listCompanies } from "./api";
import { NewCompanyDrawer } from "./components/NewCompanyDrawer";
import { BulkAssignDialog } from "./components/BulkAssignDialog";
import { BulkResultDialog, type BulkOutcome } from "./components/BulkResultDialog";

function Updated({ at }: { at: string }) {
  const format = useFormat();
  return (
    <Text span inherit title={format.dateTime(at)}>
      {format.relative(at)}
    </Text>
  );
}

function CreatedAt({ at }: { at: string }) {
  const format = useFormat();
  return (
    <Text span inherit>
      {format.date(at)}
    </Text>
  );
}

const columns: RecordColumn<Company>[] = [
  {
    id: "name",
    label: "companies:field.name",
    sortKey: "name",
    hideable: false,
    primary: true,
    width: "minmax(220px, 2.2fr)",
    cell: (company) => (
      <Anchor
        renderRoot={(props) => <Link to="/companies/$id" params={{ id: company.id }} {...props} />}
        fw={500}
        c="inherit"
        inherit
        tabIndex={-1}
        data-testid="company-link"
      >
        {company.name}
      </Anchor>
    ),
  },
  { id: "owner", label: "companies:field.ownerId", width: "minmax(150px, 1.2fr)", cell: (company) => <UserName id={company.ownerId} /> },
  { id: "team", label: "companies:field.teamId", width: "minmax(140px, 1fr)", cell: (company) => <TeamName id={company.teamId} /> },
  {
    id: "orgUnit",
    label: "companies:field.orgUnitId",
    width: "minmax(140px, 1fr)",
    defaultVisible: false,
    cell: (company) => <OrgUnitName id={company.orgUnitId} />,
  },
  {
    id: "securityLevel",
    label: "companies:field.securityLevel",
    width: "minmax(150px, 0.9fr)",
    cell: (company) => <SecurityLevelBadge level={company.securityLevel} />,
  },
  {
    id: "updatedAt",
    label: "companies:field.updatedAt",
    sortKey: "updatedAt",
    sortFirst: "desc",
    width: "minmax(160px, 0.9fr)",
    cell: (company) => <Updated at={company.updatedAt} />,
  },
  {
    id: "createdAt",
    label: "companies:field.createdAt",
    width: "minmax(120px, 0.8fr)",
    defaultVisible: false,
    cell: (company) => <CreatedAt at={company.createdAt} />,
  },
];

/** /companies: every company the user may see. */
export function CompaniesPage() {
  const { t } = useTranslation("companies");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canCreate = useCan("company", "create");
  const canUpdate = useCan("company", "update");
  const canDelete = useCan("company", "delete");
  const teams = useTeams();
  const units = useOrgUnits();
  const [creating, setCreating] = useState(false);
  const [assigning, setAssigning] = useState<{ ids: string[]; rows: Company[]; done: (keepSelection: boolean) => void } | null>(null);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);

  const filters = useMemo<RecordFilter[]>(
    () => [
      { id: "ownerId", label: "companies:field.ownerId", kind: "user" },
      {
        id: "teamId",
        label: "companies:field.teamId",
        kind: "select",
        options: (teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
      },
      {
        id: "orgUnitId",
        label: "companies:field.orgUnitId",
        kind: "select",
        options: (units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name })),
      },
      {
        id: "securityLevel",
        label: "companies:field.securityLevel",
        kind: "select",
        options: securityLevels.map((level) => ({ value: String(level), label: t(`components:securityLevel.${level}`) })),
      },
    ],
    [teams.data, units.data, t],
  );

  const report = (action: BulkOutcome["action"], rows: Company[], result: BulkResult) => {
    const names = new Map(rows.map((row) => [row.id, row.name]));
    const succeeded = result.results.filter((item) => item.ok).length;
    const failed = result.results.filter((item) => !item.ok);
    void queryClient.invalidateQueries({ queryKey: ["companies"] });
    if (failed.length === 0) {
      toast.success(t(action === "delete" ? "bulk.deletedAll" : "bulk.assignedAll", { count: succeeded }));
      return;
    }
    setOutcome({
      action,
      succeeded,
      failures: failed.map((item) => ({
        id: item.id,
        name: names.get(item.id) ?? item.id,
        message: item.error?.message ?? "",
        code: item.error?.code ?? "",
      })),
    });
  };

  const bulkActions: BulkAction<Company>[] = [];
  {
    const list = bulkActions;
    if (canUpdate)
      list.push({
        id: "assign",
        label: "companies:bulk.assign",
        icon: <IconUserShare size={14} />,
        run: (ids, rows) =>
          new Promise<boolean>((resolve) => setAssigning({ ids, rows, done: (keep) => resolve(keep) })).then((keep) => !keep),
      });
    if (canDelete)
      list.push({
        id: "delete",
        label: "companies:bulk.delete",
        icon: <IconTrash size={14} />,
        color: "red",
        run: async (ids, rows) => {
          const ok = await confirm({
            title: t("bulk.deleteTitle", { count: ids.length }),
            message: t("bulk.deleteMessage", { count: ids.length }),
            confirmLabel: t("bulk.deleteConfirm", { count: ids.length }),
            danger: true,
          });
          if (!ok) return false;
          const result = await bulkCompanies({ action: "delete", ids }, newIdempotencyKey());
          report("delete", rows, result);
        },
      });
  }

  return (
    <>
      <RecordList<Company>
        id="companies"
        title={t("title")}
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="company-new">
              {t("new")}
            </Button>
          )
        }
        queryKey={companyListKey}
        topics={["list:companies"]}
        fetcher={listCompanies}
        getRowId={(company) => company.id}
        columns={columns}
        filters={filters}
        defaultSort="name"
        viewsObject="companies"
        exportUrl={companiesExportPath}
        bulkActions={bulkActions.length ? bulkActions : undefined}
        onOpen={(company) => void navigate({ to: "/companies/$id", params: { id: company.id } })}
        searchPlaceholder="companies:search"
        empty={{
          title: t("empty.title"),
          description: canCreate ? t("empty.description") : t("empty.descriptionReadOnly"),
          action: canCreate ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t("new")}
            </Button>
          ) : undefined,
        }}
      />
      <NewCompanyDrawer opened={creating} onClose={() => setCreating(false)} />
      <BulkAssignDialog
        target={assigning}
        onClose={() => {
          assigning?.done(true);
          setAssigning(null);
        }}
        onAssign={async (ownerId) => {
          if (!assigning) return;
          const result = await bulkCompanies({ action: "assign", ownerId, ids: assigning.ids }, newIdempotencyKey());
          report("assign", assigning.rows, result);
          assigning.done(false);
          setAssigning(null);
        }}
      />
      <BulkResultDialog outcome={outcome} onClose={() => setOutcome(null)} />
    </>
  );
}
