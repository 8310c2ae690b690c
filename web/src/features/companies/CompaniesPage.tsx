import { useMemo, useState } from "react";
import { ActionIcon, Button, Group, Stack, Tooltip } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconPlus, IconProgress, IconToggleRight, IconTrash, IconUserCircle, IconUserShare } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import {
  companyGrades,
  companyKinds,
  companyStatuses,
  lifecycleStages,
  securityLevels,
  sizeBands,
  type BulkResult,
  type Company,
} from "@relata/contracts";
import { newIdempotencyKey } from "../../lib/api";
import { useCan } from "../../lib/session";
import { confirm, toast } from "../../components/dialogs";
import { LoadingBlock } from "../../components/states";
import { RecordList, type BulkAction, type RecordFilter } from "../../components/record-list";
import { useCountryOptions, useOrgUnits, useTeams } from "../../components/record-form";
import { bulkCompanies, companiesExportPath, companyListKey, listCompanies } from "./api";
import { customColumns, customFilter, useCustomFields } from "../../components/custom-fields";
import { useDimensions } from "../../components/dimensions";
import { companyColumns } from "./columns";
import { NewCompanyDrawer } from "./components/NewCompanyDrawer";
import { BulkChoiceDialog, type BulkChoiceKind } from "./components/BulkChoiceDialog";
import { BulkResultDialog, type BulkOutcome } from "./components/BulkResultDialog";
import { ImportButton } from "../imports";

const doneKey = {
  delete: "bulk.deletedAll",
  assign: "bulk.assignedAll",
  stage: "bulk.changedAll",
  status: "bulk.changedAll",
} as const;

/** /companies: every company the user may see, with filters on every field (custom ones too), "My clients" and bulk actions. */
export function CompaniesPage() {
  const { t, i18n } = useTranslation("companies");
  const language = i18n.language;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const canCreate = useCan("company", "create");
  const canUpdate = useCan("company", "update");
  const canDelete = useCan("company", "delete");
  const teams = useTeams();
  const units = useOrgUnits();
  const countries = useCountryOptions();
  const custom = useCustomFields("company");
  const dimensionOptions = useDimensions(language).options;
  const mine = useRouterState({ select: (state) => (state.location.search as Record<string, unknown>)["f.ownerId"] === "me" });
  const [creating, setCreating] = useState(false);
  // The bulk action waiting for its value; `done(applied)` settles the action (the selection stays when not applied).
  const [choosing, setChoosing] = useState<{
    kind: BulkChoiceKind;
    ids: string[];
    rows: Company[];
    done: (applied: boolean) => void;
  } | null>(null);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);

  const columns = useMemo(
    () => [...companyColumns, ...customColumns<Company>("company", custom.activeFields, language, (company) => company.custom)],
    [custom.activeFields, language],
  );

  const filters = useMemo<RecordFilter[]>(() => {
    const labelled = (group: string, values: readonly string[]) => values.map((value) => ({ value, label: t(`${group}.${value}`) }));
    return [
      { id: "ownerId", label: "companies:field.ownerId", kind: "user", options: [{ value: "me", label: t("filter.me") }] },
      { id: "kind", label: "companies:field.kind", kind: "multiselect", options: labelled("kind", companyKinds) },
      { id: "stage", label: "companies:field.stage", kind: "multiselect", options: labelled("stage", lifecycleStages) },
      { id: "status", label: "companies:field.status", kind: "multiselect", options: labelled("status", companyStatuses) },
      { id: "grade", label: "companies:field.grade", kind: "multiselect", options: labelled("grade", companyGrades) },
      { id: "country", label: "companies:field.country", kind: "multiselect", options: countries },
      { id: "industry", label: "companies:field.industry", kind: "text" },
      { id: "category", label: "companies:field.category", kind: "text" },
      { id: "lineOfBusiness", label: "finance:field.lineOfBusiness", kind: "multiselect", options: dimensionOptions("line_of_business") },
      { id: "clientUnit", label: "finance:field.clientUnit", kind: "multiselect", options: dimensionOptions("client_unit") },
      { id: "region", label: "finance:field.region", kind: "multiselect", options: dimensionOptions("region") },
      { id: "sizeBand", label: "companies:field.sizeBand", kind: "multiselect", options: labelled("sizeBand", sizeBands) },
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
      ...custom.activeFields.map((field) => customFilter("company", field, language)),
    ];
  }, [teams.data, units.data, countries, custom.activeFields, language, t, dimensionOptions]);

  const report = (action: BulkOutcome["action"], rows: Company[], result: BulkResult) => {
    const names = new Map(rows.map((row) => [row.id, row.name]));
    const succeeded = result.results.filter((item) => item.ok).length;
    const failed = result.results.filter((item) => !item.ok);
    void queryClient.invalidateQueries({ queryKey: ["companies"] });
    if (failed.length === 0) {
      toast.success(t(doneKey[action], { count: succeeded }));
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

  const choose = (kind: BulkChoiceKind) => (ids: string[], rows: Company[]) =>
    new Promise<boolean>((done) => setChoosing({ kind, ids, rows, done }));

  const apply = async (value: string) => {
    if (!choosing) return;
    const { kind, ids, rows } = choosing;
    const body =
      kind === "assign"
        ? ({ action: "assign", ownerId: value, ids } as const)
        : kind === "stage"
          ? ({ action: "stage", stage: value as Company["stage"], ids } as const)
          : ({ action: "status", status: value as Company["status"], ids } as const);
    report(kind, rows, await bulkCompanies(body, newIdempotencyKey()));
    choosing.done(true);
    setChoosing(null);
  };

  const bulkActions: BulkAction<Company>[] = [];
  if (canUpdate) {
    bulkActions.push(
      { id: "assign", label: "companies:bulk.assign", icon: <IconUserShare size={14} />, run: choose("assign") },
      { id: "stage", label: "companies:bulk.stage", icon: <IconProgress size={14} />, run: choose("stage") },
      { id: "status", label: "companies:bulk.status", icon: <IconToggleRight size={14} />, run: choose("status") },
    );
  }
  if (canDelete)
    bulkActions.push({
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

  const toggleMine = () =>
    void navigate({
      to: ".",
      search: ((previous: Record<string, unknown>) => {
        const next = { ...previous };
        if (mine) delete next["f.ownerId"];
        else next["f.ownerId"] = "me";
        delete next.view;
        return next;
      }) as never,
    });

  const mineButton = phone ? (
    <Tooltip label={t("filter.myClients")} withArrow>
      <ActionIcon
        size="lg"
        variant={mine ? "filled" : "default"}
        onClick={toggleMine}
        aria-label={t("filter.myClients")}
        aria-pressed={mine}
        data-testid="companies-mine"
      >
        <IconUserCircle size={18} />
      </ActionIcon>
    </Tooltip>
  ) : (
    <Button
      variant={mine ? "light" : "default"}
      leftSection={<IconUserCircle size={16} />}
      onClick={toggleMine}
      aria-pressed={mine}
      data-testid="companies-mine"
    >
      {t("filter.myClients")}
    </Button>
  );

  const newButton = canCreate && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="company-new">
      {t("new")}
    </Button>
  );

  // Custom columns and filters must be known before the list reads its saved layout and the URL.
  const ready = !custom.query.isPending;

  return (
    <>
      {ready ? (
        <RecordList<Company>
          id="companies"
          title={t("title")}
          actions={
            <Group gap="xs" wrap="nowrap">
              {mineButton}
              <ImportButton object="company" compact />
              {newButton}
            </Group>
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
      ) : (
        <Stack gap="md" data-testid="companies-loading">
          <LoadingBlock rows={8} />
        </Stack>
      )}
      <NewCompanyDrawer opened={creating} onClose={() => setCreating(false)} />
      {choosing && (
        <BulkChoiceDialog
          kind={choosing.kind}
          count={choosing.ids.length}
          onClose={() => {
            choosing.done(false);
            setChoosing(null);
          }}
          onApply={apply}
        />
      )}
      <BulkResultDialog outcome={outcome} onClose={() => setOutcome(null)} />
    </>
  );
}
