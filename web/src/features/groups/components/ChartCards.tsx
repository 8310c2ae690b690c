import { memo } from "react";
import { ActionIcon, Badge, Box, Group, Text, UnstyledButton, Tooltip } from "@mantine/core";
import { IconMinus, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type { GroupNode } from "@relata/contracts";
import { bucketSize, companySize } from "../chart/layout";
import { keyFigure } from "../chart/model";
import { useGroupWords } from "../labels";
import { flagPrefix } from "../values";

/** What every card knows besides its item: how it is marked and what it does. */
export type CardState = {
  /** The company whose card this chart is on. */
  current: boolean;
  /** Found by the search; `focused`: the result shown now. */
  match: boolean;
  focused: boolean;
  /** Has children (a fold toggle); `hidden`: how many are folded away (0 when open). */
  parent: boolean;
  hidden: number;
  toggle: (id: string) => void;
};
export type CompanyCardData = CardState & { company: GroupNode; count?: number };
export type BucketCardData = CardState & { label: string; members: string; flag: string };
export type CompanyCardNode = Node<CompanyCardData, "company">;
export type BucketCardNode = Node<BucketCardData, "bucket">;

const stageColor = { lead: "gray", prospect: "blue", customer: "teal", former: "orange" } as const;
const gradeColor = { key: "grape", A: "teal", B: "blue", C: "gray" } as const;

function frame(state: CardState, base: string) {
  return {
    borderRadius: 8,
    border: state.current
      ? "2px solid var(--mantine-color-blue-filled)"
      : state.match
        ? "2px solid var(--mantine-color-orange-filled)"
        : "1px solid var(--mantine-color-default-border)",
    background: state.match ? "var(--mantine-color-yellow-light)" : base,
    boxShadow: state.focused ? "0 0 0 4px var(--mantine-color-orange-light)" : "var(--mantine-shadow-xs)",
  };
}

/** The fold / unfold button under a card that has children. */
function FoldToggle({ id, state, name }: { id: string; state: CardState; name: string }) {
  const { t } = useTranslation("groups");
  if (!state.parent) return null;
  const folded = state.hidden > 0;
  const label = folded ? t("chart.expand", { name, count: state.hidden }) : t("chart.collapse", { name });
  return (
    <Tooltip label={label} withArrow openDelay={400}>
      <ActionIcon
        size="sm"
        radius="xl"
        variant={folded ? "filled" : "default"}
        aria-label={label}
        aria-expanded={!folded}
        onClick={(event) => {
          event.stopPropagation();
          state.toggle(id);
        }}
        style={{ position: "absolute", left: "50%", bottom: -11, transform: "translateX(-50%)", zIndex: 1 }}
        className="nodrag nopan"
        data-testid="chart-toggle"
      >
        {folded ? <IconPlus size={12} /> : <IconMinus size={12} />}
      </ActionIcon>
    </Tooltip>
  );
}

const hiddenHandle = { visibility: "hidden" } as const;

/**
 * A company: name, country, stage and grade, its key figure over its subtree. The click (and Enter,
 * which clicks the button) reaches the node, whose handler opens the company's card.
 */
export const CompanyCard = memo(function CompanyCard({ id, data }: NodeProps<CompanyCardNode>) {
  const { t } = useTranslation("groups");
  const { figureLabel, figureValue } = useGroupWords();
  const { company } = data;
  const figure = keyFigure(company);
  return (
    <Box pos="relative" w={companySize.width} h={companySize.height}>
      <Handle type="target" position={Position.Top} isConnectable={false} style={hiddenHandle} />
      <UnstyledButton
        w="100%"
        h="100%"
        px="sm"
        py={6}
        aria-current={data.current ? "page" : undefined}
        style={{ ...frame(data, "var(--mantine-color-body)"), display: "flex", flexDirection: "column", justifyContent: "center", gap: 3 }}
        data-testid="chart-company"
        data-company={company.id}
        data-current={data.current || undefined}
        data-match={data.match || undefined}
        data-focused={data.focused || undefined}
      >
        <Text size="sm" fw={600} truncate data-testid="chart-company-name">
          {company.name}
        </Text>
        <Group gap={4} wrap="nowrap">
          {company.country && (
            <Text size="xs" c="dimmed" span data-testid="chart-company-country">
              {`${flagPrefix(company.country)}${company.country}`}
            </Text>
          )}
          <Badge size="xs" variant="light" color={stageColor[company.stage]} style={{ textTransform: "none" }}>
            {t(`companies:stage.${company.stage}`)}
          </Badge>
          {company.grade && (
            <Badge size="xs" variant="filled" color={gradeColor[company.grade]} style={{ textTransform: "none" }}>
              {t(`companies:grade.${company.grade}`)}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" truncate>
          {data.count !== undefined
            ? t("chart.people", { count: data.count })
            : figure
              ? `${figureLabel(figure.key)}: ${figureValue(figure.kind, figure.total)}`
              : data.current
                ? t("chart.thisCompany")
                : " "}
        </Text>
      </UnstyledButton>
      <FoldToggle id={id} state={data} name={company.name} />
      <Handle type="source" position={Position.Bottom} isConnectable={false} style={hiddenHandle} />
    </Box>
  );
});

/** A grouping node: one country, line of business or function, with how many it holds. */
export const BucketCard = memo(function BucketCard({ id, data }: NodeProps<BucketCardNode>) {
  return (
    <Box pos="relative" w={bucketSize.width} h={bucketSize.height}>
      <Handle type="target" position={Position.Top} isConnectable={false} style={hiddenHandle} />
      <Box
        w="100%"
        h="100%"
        px="sm"
        style={{ ...frame(data, "var(--mantine-color-default-hover)"), display: "flex", flexDirection: "column", justifyContent: "center" }}
        data-testid="chart-bucket"
        data-match={data.match || undefined}
        data-focused={data.focused || undefined}
      >
        <Text size="sm" fw={700} truncate data-testid="chart-bucket-label">
          {data.flag ? `${data.flag} ${data.label}` : data.label}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {data.members}
        </Text>
      </Box>
      <FoldToggle id={id} state={data} name={data.label} />
      <Handle type="source" position={Position.Bottom} isConnectable={false} style={hiddenHandle} />
    </Box>
  );
});

export const nodeTypes = { company: CompanyCard, bucket: BucketCard };
