import { lazy, Suspense, useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert, Button, Group, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconHierarchy3, IconInfoCircle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useRouterState } from "@tanstack/react-router";
import type { Company, GroupStructure } from "@relata/contracts";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { useDimensions } from "../../../components/dimensions";
import type { PanelProps } from "../../../components/record-page";
import { useMe } from "../../../lib/session";
import { mayChangeCompany } from "../../companies/access";
import { functionChartCompanyLimit, peopleByFunctionQuery, useStructure } from "../api";
import { arrangedGraph, chartModes, legalGraph, type ArrangedMode, type BucketItem, type ChartMode } from "../chart/model";
import { useGroupWords } from "../labels";
import { flagOf, flagsSupported, regionNames } from "../values";
import { subtreeFirst, subtreeIds } from "../subtree";
import { LinkSection } from "./LinkSection";
import { StructureChart } from "./StructureChart";

// The People mode is the contacts' org chart the client card already has.
const OrgChart = lazy(() => import("../../companies/panels/OrgChart").then((module) => ({ default: module.OrgChart })));

const modeKey = "chart";

/** The Group tab: the group's structure chart in five arrangements, the company's parent link and its history. */
export function GroupPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("groups");
  const navigate = useNavigate();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  // Five arrangements side by side need about 540 px: below that (phones, narrow windows beside the navigation) a select.
  const narrow = useMediaQuery("(max-width: 62em)", false, { getInitialValueInEffect: false });
  const canChange = mayChangeCompany(useMe(), record, "update");
  const mode = useRouterState({
    select: (state) => {
      const value = (state.location.search as Record<string, unknown>)[modeKey];
      return (chartModes as readonly unknown[]).includes(value) ? (value as ChartMode) : "legal";
    },
  });
  const setMode = (next: string) =>
    void navigate({
      to: ".",
      search: ((previous: Record<string, unknown>) => ({ ...previous, [modeKey]: next === "legal" ? undefined : next })) as never,
      replace: true,
      resetScroll: false,
    });
  const [dialog, setDialog] = useState<"parent" | null>(null);

  const structure = useStructure(record.id);
  const alone = structure.data ? structure.data.edges.length === 0 && structure.data.nodes.length <= 1 : false;
  const below = useMemo(() => new Set(subtreeIds(structure.data?.nodes ?? [], record.id).slice(1)), [structure.data, record.id]);

  const modes = chartModes.map((value) => ({ value, label: t(`mode.${value}`) }));
  const height = phone ? 460 : 600;

  let chart;
  if (structure.isPending) chart = <LoadingBlock rows={8} />;
  else if (structure.isError) chart = <ErrorState error={structure.error} onRetry={() => void structure.refetch()} />;
  else if (alone && mode !== "people")
    chart = (
      <EmptyState
        title={t("empty.title")}
        description={t("empty.text")}
        action={
          canChange ? (
            <Button leftSection={<IconHierarchy3 size={16} />} onClick={() => setDialog("parent")} data-testid="group-empty-set-parent">
              {t("link.setParent")}
            </Button>
          ) : undefined
        }
      />
    );
  else if (mode === "people")
    chart = (
      <Suspense fallback={<LoadingBlock rows={6} />}>
        <OrgChart companyId={record.id} height={height} />
      </Suspense>
    );
  else chart = <ArrangedChart structure={structure.data} mode={mode} company={record} height={height} />;

  return (
    <Stack gap="md" data-testid="group-panel">
      <Group justify="space-between" gap="xs" wrap="wrap">
        {narrow ? (
          <Select
            aria-label={t("mode.label")}
            data={modes}
            value={mode}
            onChange={(value) => value && setMode(value)}
            allowDeselect={false}
            w={phone ? "100%" : 280}
            comboboxProps={{ withinPortal: true }}
            data-testid="group-mode"
          />
        ) : (
          <SegmentedControl
            aria-label={t("mode.label")}
            transitionDuration={0}
            value={mode}
            onChange={setMode}
            data={modes}
            data-testid="group-mode"
          />
        )}
      </Group>
      {chart}
      <LinkSection company={record} canChange={canChange} below={below} dialog={dialog} setDialog={setDialog} />
    </Stack>
  );
}

function ArrangedChart({
  structure,
  mode,
  company,
  height,
}: {
  structure: GroupStructure;
  mode: ArrangedMode;
  company: Company;
  height: number;
}) {
  const { t } = useTranslation("groups");
  const { language } = useGroupWords();
  const countryNames = useMemo(() => regionNames(language), [language]);
  const dimensionLabel = useDimensions(language).label;
  const ordered = useMemo(() => subtreeFirst(structure.nodes, company.id), [structure.nodes, company.id]);
  const people = useQuery({ ...peopleByFunctionQuery(ordered), enabled: mode === "function" });

  const graph = useMemo(() => {
    if (mode === "legal") return legalGraph(structure);
    if (mode === "country") return arrangedGraph(structure, (node) => [{ key: node.country }]);
    if (mode === "lineOfBusiness") return arrangedGraph(structure, (node) => [{ key: node.lineOfBusiness }]);
    const counts = new Map<string, Map<string, number>>();
    for (const person of people.data ?? []) {
      if (!person.function) continue;
      const byFunction = counts.get(person.companyId) ?? new Map<string, number>();
      byFunction.set(person.function, (byFunction.get(person.function) ?? 0) + 1);
      counts.set(person.companyId, byFunction);
    }
    return arrangedGraph(structure, (node) =>
      [...(counts.get(node.id) ?? new Map<string, number>())].map(([key, count]) => ({ key, count })),
    );
  }, [structure, mode, people.data]);

  const bucketLabel = useCallback(
    (item: BucketItem) => {
      if (item.key === null) return t("chart.notSet");
      if (mode === "country") return countryNames(item.key);
      if (mode === "lineOfBusiness") return dimensionLabel("line_of_business", item.key) ?? item.key;
      return dimensionLabel("function", item.key) ?? item.key;
    },
    [t, mode, dimensionLabel, countryNames],
  );
  const bucketMembers = useCallback(
    (item: BucketItem) =>
      mode === "function" ? t("chart.people", { count: item.members }) : t("chart.companies", { count: item.members }),
    [t, mode],
  );
  const bucketFlag = useCallback((item: BucketItem) => (mode === "country" && flagsSupported() ? flagOf(item.key) : ""), [mode]);

  if (mode === "function") {
    if (people.isPending) return <LoadingBlock rows={8} />;
    if (people.isError) return <ErrorState error={people.error} onRetry={() => void people.refetch()} />;
    if (graph.items.length === 0) return <EmptyState title={t("chart.noFunctions")} description={t("chart.noFunctionsHint")} />;
  }
  const capped = mode === "function" && ordered.length > functionChartCompanyLimit;
  return (
    <Stack gap={4}>
      {structure.truncated && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />} p="xs">
          <Text size="sm">{t("chart.truncated", { count: structure.nodes.length })}</Text>
        </Alert>
      )}
      {structure.rootId === null && (
        <Alert color="gray" icon={<IconInfoCircle size={18} />} p="xs">
          <Text size="sm">{t("chart.rootHidden")}</Text>
        </Alert>
      )}
      <StructureChart
        graph={graph}
        mode={mode}
        companyId={company.id}
        companyName={company.name}
        bucketLabel={bucketLabel}
        bucketMembers={bucketMembers}
        bucketFlag={bucketFlag}
        height={height}
        note={capped ? t("chart.functionsCapped", { count: functionChartCompanyLimit }) : mode === "legal" ? t("chart.legend") : undefined}
      />
    </Stack>
  );
}
