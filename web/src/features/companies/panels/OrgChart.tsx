import { memo, useMemo } from "react";
import { Alert, Box, Text, UnstyledButton, useComputedColorScheme } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { Background, Controls, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { companyOrgChart, companyOrgChartKey, companyTopic, type OrgChartNode } from "../api";
import { layoutOrgChart, nodeHeight, nodeWidth } from "../org-chart";

type PersonData = { person: OrgChartNode; open: (id: string) => void };
type PersonNode = Node<PersonData, "person">;

const PersonCard = memo(function PersonCard({ data }: NodeProps<PersonNode>) {
  const { person } = data;
  const detail = [person.title, person.department].filter(Boolean).join(" · ");
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} style={{ visibility: "hidden" }} />
      {/* The click (and Enter, which clicks a button) reaches the node, whose handler opens the person. */}
      <UnstyledButton
        w={nodeWidth}
        h={nodeHeight}
        px="sm"
        py={6}
        style={{
          borderRadius: 8,
          border: "1px solid var(--mantine-color-default-border)",
          background: "var(--mantine-color-body)",
          boxShadow: "var(--mantine-shadow-xs)",
          display: "flex",
          flexDirection: "column",
          justifyContent: "center",
        }}
        data-testid="org-chart-node"
        data-id={person.id}
      >
        <Text size="sm" fw={600} truncate>
          {person.fullName}
        </Text>
        {detail && (
          <Text size="xs" c="dimmed" truncate>
            {detail}
          </Text>
        )}
      </UnstyledButton>
      <Handle type="source" position={Position.Bottom} isConnectable={false} style={{ visibility: "hidden" }} />
    </>
  );
});

const nodeTypes = { person: PersonCard };

/** The company's people by reporting line (dagre layout), zoomable; a click opens the person. */
export function OrgChart({ companyId, height }: { companyId: string; height: number }) {
  const { t } = useTranslation("companies");
  const navigate = useNavigate();
  const scheme = useComputedColorScheme("light");
  const chart = useQuery({
    queryKey: companyOrgChartKey(companyId),
    queryFn: ({ signal }) => companyOrgChart(companyId, signal),
    meta: { topics: [companyTopic(companyId), "list:contacts"] },
  });

  const graph = useMemo(() => {
    const people = chart.data ?? [];
    const open = (id: string) => void navigate({ to: "/contacts/$contactId", params: { contactId: id } } as never);
    const { positions, edges } = layoutOrgChart(people);
    const nodes: PersonNode[] = people.map((person) => ({
      id: person.id,
      type: "person",
      position: positions.get(person.id) ?? { x: 0, y: 0 },
      data: { person, open },
      draggable: false,
      connectable: false,
      ariaLabel: person.fullName,
    }));
    const lines: Edge[] = edges.map(([from, to]) => ({
      id: `${from}-${to}`,
      source: from,
      target: to,
      type: "smoothstep",
      focusable: false,
    }));
    return { nodes, lines, linked: edges.length > 0 };
  }, [chart.data, navigate]);

  const labels = useMemo(
    () => ({
      "controls.ariaLabel": t("orgChart.controls"),
      "controls.zoomIn.ariaLabel": t("orgChart.zoomIn"),
      "controls.zoomOut.ariaLabel": t("orgChart.zoomOut"),
      "controls.fitView.ariaLabel": t("orgChart.fitView"),
      "controls.interactive.ariaLabel": t("orgChart.interactive"),
      "node.a11yDescription.default": t("orgChart.nodeHint"),
      "node.a11yDescription.keyboardDisabled": t("orgChart.nodeHint"),
      "edge.a11yDescription.default": t("orgChart.nodeHint"),
    }),
    [t],
  );

  if (chart.isPending) return <LoadingBlock rows={6} />;
  if (chart.isError) return <ErrorState error={chart.error} onRetry={() => void chart.refetch()} />;
  if (graph.nodes.length === 0) return <EmptyState title={t("orgChart.empty")} description={t("orgChart.emptyHint")} />;

  return (
    <Box data-testid="org-chart">
      {!graph.linked && (
        <Alert color="blue" icon={<IconInfoCircle size={18} />} mb="sm">
          <Text size="sm">{t("orgChart.noLines")}</Text>
        </Alert>
      )}
      <Box
        h={height}
        style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: "var(--mantine-radius-md)", overflow: "hidden" }}
      >
        <ReactFlow
          nodes={graph.nodes}
          edges={graph.lines}
          nodeTypes={nodeTypes}
          colorMode={scheme}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
          minZoom={0.2}
          maxZoom={1.75}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          nodesFocusable={false}
          onNodeClick={(_, node) => node.data.open(node.id)}
          ariaLabelConfig={labels}
          proOptions={{ hideAttribution: false }}
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} position="bottom-right" />
        </ReactFlow>
      </Box>
    </Box>
  );
}
