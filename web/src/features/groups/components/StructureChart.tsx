import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ActionIcon, Box, Button, Group, Menu, Text, TextInput, Tooltip, useComputedColorScheme } from "@mantine/core";
import { useElementSize } from "@mantine/hooks";
import {
  IconArrowsMaximize,
  IconArrowsMinimize,
  IconChevronDown,
  IconChevronUp,
  IconDownload,
  IconPhoto,
  IconSearch,
  IconVectorBezier2,
} from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, type Edge } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { toast } from "../../../components/dialogs";
import { chartSvg, download, fileName, svgToPng, type CardText } from "../chart/export";
import { layoutChart } from "../chart/layout";
import {
  ancestorsOf,
  initialCollapsed,
  itemsOfCompany,
  keyFigure,
  searchGraph,
  visibleGraph,
  type ArrangedMode,
  type BucketItem,
  type ChartGraph,
  type ChartItem,
} from "../chart/model";
import { useGroupWords } from "../labels";
import { nodeTypes, type BucketCardNode, type CompanyCardNode } from "./ChartCards";

export type StructureChartProps = {
  graph: ChartGraph;
  mode: ArrangedMode;
  companyId: string;
  companyName: string;
  /** What a grouping node is called, how many it holds, and its flag (countries). */
  bucketLabel: (item: BucketItem) => string;
  bucketMembers: (item: BucketItem) => string;
  bucketFlag?: (item: BucketItem) => string;
  /** A line under the chart (what it leaves out). */
  note?: string;
  height: number;
};

/** Charts larger than this open folded (level by level from the top). */
const openBudget = 60;

/** The structure chart: zoom and fit, fold/unfold subtrees, search (highlight + focus), click to open, export. */
export function StructureChart(props: StructureChartProps) {
  return (
    <ReactFlowProvider>
      <ChartView {...props} />
    </ReactFlowProvider>
  );
}

function ChartView({ graph, mode, companyId, companyName, bucketLabel, bucketMembers, bucketFlag, note, height }: StructureChartProps) {
  const { t } = useTranslation("groups");
  const { figureLabel, figureValue, edgeLabel } = useGroupWords();
  const navigate = useNavigate();
  const flow = useReactFlow();
  const scheme = useComputedColorScheme("light");
  const currentItems = useMemo(() => itemsOfCompany(graph, companyId), [graph, companyId]);

  // Folding is kept per chart mode while the data refreshes live; a new mode opens its own way.
  const [folding, setFolding] = useState<{ mode: ArrangedMode; collapsed: Set<string> } | null>(null);
  if (folding?.mode !== mode) setFolding({ mode, collapsed: initialCollapsed(graph, openBudget, currentItems) });
  const collapsed = useMemo(() => (folding?.mode === mode ? folding.collapsed : new Set<string>()), [folding, mode]);
  const setCollapsed = useCallback((update: (current: Set<string>) => Set<string>) => {
    setFolding((current) => (current ? { mode: current.mode, collapsed: update(current.collapsed) } : current));
  }, []);
  const toggle = useCallback(
    (id: string) =>
      setCollapsed((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [setCollapsed],
  );

  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const matches = useMemo(() => searchGraph(graph, query, bucketLabel), [graph, query, bucketLabel]);
  const focused = matches.length > 0 ? matches[Math.min(active, matches.length - 1)] : undefined;

  const visible = useMemo(() => visibleGraph(graph, collapsed), [graph, collapsed]);
  const labelled = mode === "legal";
  const layout = useMemo(() => layoutChart(visible, { labelled }), [visible, labelled]);

  const open = useCallback(
    (id: string) => void navigate({ to: "/companies/$id", params: { id }, search: { tab: "group" } } as never),
    [navigate],
  );

  const matchSet = useMemo(() => new Set(matches), [matches]);
  const currentSet = useMemo(() => new Set(currentItems), [currentItems]);
  const nodes = useMemo(
    () =>
      visible.items.map((item): CompanyCardNode | BucketCardNode => {
        const box = layout.boxes.get(item.id)!;
        const state = {
          current: currentSet.has(item.id),
          match: matchSet.has(item.id),
          focused: item.id === focused,
          parent: visible.parents.has(item.id),
          hidden: visible.hiddenBelow.get(item.id) ?? 0,
          toggle,
        };
        // The size is known from the layout, so fitting the view need not wait for the cards to be measured.
        const base = {
          id: item.id,
          position: { x: box.x, y: box.y },
          width: box.width,
          height: box.height,
          draggable: false,
          connectable: false,
          selectable: false,
        };
        if (item.kind === "company")
          return {
            ...base,
            type: "company",
            ariaLabel: item.company.name,
            data: { ...state, company: item.company, count: item.count },
          };
        return {
          ...base,
          type: "bucket",
          ariaLabel: bucketLabel(item),
          data: { ...state, label: bucketLabel(item), members: bucketMembers(item), flag: bucketFlag?.(item) ?? "" },
        };
      }),
    [visible, layout, currentSet, matchSet, focused, toggle, bucketLabel, bucketMembers, bucketFlag],
  );
  const edges = useMemo(
    () =>
      visible.links.map((link): Edge => ({
        id: link.id,
        source: link.source,
        target: link.target,
        type: "smoothstep",
        focusable: false,
        label: link.edge ? edgeLabel(link.edge) : undefined,
        labelStyle: { fontSize: 11, fill: "var(--mantine-color-text)" },
        labelBgStyle: { fill: "var(--mantine-color-body)" },
        labelBgPadding: [4, 2],
        style: link.edge?.indirect ? { strokeDasharray: "5 4" } : undefined,
      })),
    [visible, edgeLabel],
  );

  // A search result folded away is unfolded, then brought into view.
  useEffect(() => {
    if (!focused) return;
    const above = ancestorsOf(graph, focused);
    if (above.some((id) => collapsed.has(id))) {
      setCollapsed((current) => new Set([...current].filter((id) => !above.includes(id))));
      return;
    }
    const frame = requestAnimationFrame(() => void flow.fitView({ nodes: [{ id: focused }], duration: 250, maxZoom: 1.1, padding: 0.6 }));
    return () => cancelAnimationFrame(frame);
  }, [focused, graph, collapsed, setCollapsed, flow]);

  // A new mode, or everything folded / unfolded at once: the whole chart is fitted to the view again.
  const [fitRequest, setFitRequest] = useState(0);
  const refit = (update: (current: Set<string>) => Set<string>) => {
    setCollapsed(update);
    setFitRequest((count) => count + 1);
  };
  const [fittedMode, setFittedMode] = useState(mode);
  if (fittedMode !== mode) {
    setFittedMode(mode);
    setFitRequest((count) => count + 1);
  }
  // The chart's width changes (a phone turned, a window resized): it is fitted again.
  const { ref: frameRef, width: frameWidth } = useElementSize();
  const [fittedWidth, setFittedWidth] = useState(0);
  if (frameWidth > 0 && Math.abs(frameWidth - fittedWidth) > 1) {
    setFittedWidth(frameWidth);
    if (fittedWidth > 0) setFitRequest((count) => count + 1);
  }
  useEffect(() => {
    if (fitRequest === 0) return;
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 200 }));
    return () => cancelAnimationFrame(frame);
  }, [fitRequest, flow]);

  const step = (by: number) => setActive((current) => (matches.length ? (current + by + matches.length) % matches.length : 0));

  const cardText = (item: ChartItem): CardText => {
    if (item.kind === "bucket") return { title: bucketLabel(item), lines: [bucketMembers(item)] };
    const company = item.company;
    const facts = [company.country, t(`companies:stage.${company.stage}`), company.grade ? t(`companies:grade.${company.grade}`) : null];
    const figure = keyFigure(company);
    return {
      title: company.name,
      lines: [
        facts.filter(Boolean).join(" · "),
        item.count !== undefined
          ? t("chart.people", { count: item.count })
          : figure
            ? `${figureLabel(figure.key)}: ${figureValue(figure.kind, figure.total)}`
            : "",
      ].filter(Boolean),
    };
  };
  const exportChart = async (format: "svg" | "png") => {
    const svg = chartSvg({
      graph: visible,
      layout,
      card: cardText,
      linkLabel: (link) => (link.edge ? edgeLabel(link.edge) : undefined),
      highlighted: currentSet,
      title: t("chart.exportTitle", { name: companyName, mode: t(`mode.${mode}`) }),
    });
    try {
      const blob =
        format === "svg" ? new Blob([svg], { type: "image/svg+xml;charset=utf-8" }) : await svgToPng(svg, layout.width, layout.height);
      download(blob, fileName(companyName, mode, format));
    } catch (error) {
      toast.error(error, t("chart.exportFailed"));
    }
  };

  const labels = useMemo(
    () => ({
      "controls.ariaLabel": t("chart.controls"),
      "controls.zoomIn.ariaLabel": t("chart.zoomIn"),
      "controls.zoomOut.ariaLabel": t("chart.zoomOut"),
      "controls.fitView.ariaLabel": t("chart.fitView"),
      "controls.interactive.ariaLabel": t("chart.interactive"),
      "node.a11yDescription.default": t("chart.nodeHint"),
      "node.a11yDescription.keyboardDisabled": t("chart.nodeHint"),
      "edge.a11yDescription.default": t("chart.nodeHint"),
    }),
    [t],
  );

  return (
    <Box data-testid="structure-chart" data-mode={mode}>
      <Group gap="xs" mb="xs" wrap="wrap" justify="space-between">
        <Group gap={4} wrap="nowrap" style={{ flex: "1 1 240px", minWidth: 0, maxWidth: 420 }}>
          <TextInput
            aria-label={t("chart.search")}
            placeholder={t("chart.search")}
            leftSection={<IconSearch size={14} />}
            value={query}
            onChange={(event) => {
              setQuery(event.currentTarget.value);
              setActive(0);
            }}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                step(event.shiftKey ? -1 : 1);
              }
            }}
            rightSectionWidth={query ? 64 : undefined}
            rightSection={
              query ? (
                <Text size="xs" c="dimmed" aria-live="polite" data-testid="chart-search-count">
                  {matches.length
                    ? t("chart.matchOf", { index: Math.min(active, matches.length - 1) + 1, count: matches.length })
                    : t("chart.noMatch")}
                </Text>
              ) : undefined
            }
            style={{ flex: 1, minWidth: 0 }}
            data-testid="chart-search"
          />
          <ActionIcon variant="default" size="lg" onClick={() => step(-1)} disabled={matches.length < 2} aria-label={t("chart.previous")}>
            <IconChevronUp size={16} />
          </ActionIcon>
          <ActionIcon variant="default" size="lg" onClick={() => step(1)} disabled={matches.length < 2} aria-label={t("chart.next")}>
            <IconChevronDown size={16} />
          </ActionIcon>
        </Group>
        <Group gap={4} wrap="wrap">
          <Tooltip label={t("chart.expandAll")} withArrow>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => refit(() => new Set())}
              aria-label={t("chart.expandAll")}
              data-testid="chart-expand-all"
            >
              <IconArrowsMaximize size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t("chart.collapseAll")} withArrow>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => refit(() => new Set(visible.parents))}
              aria-label={t("chart.collapseAll")}
              data-testid="chart-collapse-all"
            >
              <IconArrowsMinimize size={16} />
            </ActionIcon>
          </Tooltip>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="chart-export">
                {t("chart.export")}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPhoto size={14} />} onClick={() => void exportChart("png")} data-testid="chart-export-png">
                {t("chart.exportPng")}
              </Menu.Item>
              <Menu.Item
                leftSection={<IconVectorBezier2 size={14} />}
                onClick={() => void exportChart("svg")}
                data-testid="chart-export-svg"
              >
                {t("chart.exportSvg")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Box
        ref={frameRef}
        h={height}
        style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: "var(--mantine-radius-md)", overflow: "hidden" }}
      >
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          colorMode={scheme}
          fitView
          fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
          minZoom={0.05}
          maxZoom={1.75}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          nodesFocusable={false}
          onlyRenderVisibleElements={nodes.length > 300}
          onNodeClick={(_, node) => {
            if (node.type === "company") open((node.data as { company: { id: string } }).company.id);
          }}
          ariaLabelConfig={labels}
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} position="bottom-right" />
        </ReactFlow>
      </Box>
      {note && (
        <Text size="xs" c="dimmed" mt={4}>
          {note}
        </Text>
      )}
    </Box>
  );
}
