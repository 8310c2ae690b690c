import { Fragment, useMemo, useState } from "react";
import { ActionIcon, Group, List, Loader, ScrollArea, Table, Text } from "@mantine/core";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Company, GroupDimension, GroupDimensionBucket, GroupStructure } from "@relata/contracts";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { useCountryName } from "../../../components/record-form";
import { useDimensions } from "../../../components/dimensions";
import { byDimensionQuery, peopleByFunctionQuery } from "../api";
import { bucketMembers } from "../drill-down";
import { useGroupWords } from "../labels";
import { flagPrefix } from "../values";
import { AppLink } from "./AppLink";
import { subtreeIds } from "../subtree";

/** One "view by": the subtree's figures grouped by a dimension; a row opens the companies (or people) it holds. */
export function DimensionTable({
  company,
  dimension,
  structure,
}: {
  company: Company;
  dimension: GroupDimension;
  structure: GroupStructure | undefined;
}) {
  const { t } = useTranslation("groups");
  const { language, figureLabel, figureValue, relation } = useGroupWords();
  const countryName = useCountryName();
  const lists = useDimensions(language);
  const view = useQuery(byDimensionQuery(company.id, dimension));
  const [open, setOpen] = useState<string | null>(null);

  const label = (bucket: GroupDimensionBucket): string => {
    if (dimension === "ownership") {
      if (bucket.key === "root") return t("ownership.root", { name: company.name });
      if (!bucket.relation) return t("chart.notSet");
      return `${relation(bucket.relation)} · ${t(`band.${bucket.shareBand ?? "unknown"}`)}`;
    }
    if (bucket.key === null) return t("chart.notSet");
    switch (dimension) {
      case "country":
        return `${flagPrefix(bucket.key)}${countryName(bucket.key) ?? bucket.key}`;
      case "lineOfBusiness":
        return lists.label("line_of_business", bucket.key) ?? bucket.key;
      case "clientUnit":
        return lists.label("client_unit", bucket.key) ?? bucket.key;
      case "function":
        return lists.label("function", bucket.key) ?? bucket.key;
      default:
        return bucket.label ?? bucket.key;
    }
  };

  if (view.isPending) return <LoadingBlock rows={4} />;
  if (view.isError) return <ErrorState error={view.error} onRetry={() => void view.refetch()} />;
  const data = view.data;
  if (data.buckets.length === 0)
    return <EmptyState title={t("integrated.noBuckets")} description={t(`integrated.noBucketsHint.${data.unit}`)} />;
  // For contacts the one figure is their count, which the members column already shows.
  const columns = data.unit === "contact" ? [] : data.figureDefinitions;

  return (
    <ScrollArea type="auto">
      <Table verticalSpacing={6} miw={columns.length > 1 ? 560 : undefined} data-testid="integrated-table" data-dimension={dimension}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(`dimension.${dimension}`)}</Table.Th>
            <Table.Th ta="right">{data.unit === "contact" ? t("integrated.contacts") : t("integrated.companiesColumn")}</Table.Th>
            {columns.map((figure) => (
              <Table.Th key={figure.key} ta="right">
                {figureLabel(figure.key)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.buckets.map((bucket) => {
            const id = bucket.key ?? "";
            const expanded = open === id;
            const name = label(bucket);
            return (
              <Fragment key={id}>
                <Table.Tr data-testid="integrated-row" data-key={bucket.key ?? ""}>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        color="gray"
                        aria-expanded={expanded}
                        aria-label={expanded ? t("integrated.hide", { name }) : t("integrated.show", { name })}
                        onClick={() => setOpen(expanded ? null : id)}
                        data-testid="integrated-row-toggle"
                      >
                        {expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                      </ActionIcon>
                      <Text size="sm" fw={500} data-testid="integrated-row-label">
                        {name}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" data-testid="integrated-row-members">
                    {figureValue("count", bucket.members)}
                  </Table.Td>
                  {columns.map((figure) => (
                    <Table.Td key={figure.key} ta="right">
                      {figureValue(figure.kind, bucket.values[figure.key] ?? 0)}
                    </Table.Td>
                  ))}
                </Table.Tr>
                {expanded && (
                  <Table.Tr data-testid="integrated-drill">
                    <Table.Td colSpan={2 + columns.length} pl="xl">
                      <DrillDown company={company} dimension={dimension} bucket={bucket} structure={structure} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

/** What a row holds: the companies of the subtree with that value (each opens its card), or the people. */
function DrillDown({
  company,
  dimension,
  bucket,
  structure,
}: {
  company: Company;
  dimension: GroupDimension;
  bucket: GroupDimensionBucket;
  structure: GroupStructure | undefined;
}) {
  const { t } = useTranslation("groups");
  const subtree = useMemo(() => (structure ? subtreeIds(structure.nodes, company.id) : []), [structure, company.id]);
  const people = useQuery({ ...peopleByFunctionQuery(subtree), enabled: dimension === "function" && subtree.length > 0 });

  if (dimension === "reportingLine")
    return bucket.key ? (
      <Group gap="md" wrap="wrap">
        <AppLink to="/contacts/$contactId" params={{ contactId: bucket.key }} size="sm" testId="integrated-drill-link">
          {t("integrated.openPerson", { name: bucket.label ?? bucket.key })}
        </AppLink>
        <AppLink to="/companies/$id" params={{ id: company.id }} search={{ tab: "group", chart: "people" }} size="sm">
          {t("integrated.openOrgChart")}
        </AppLink>
      </Group>
    ) : null;

  if (!structure) return <Loader size="sm" aria-label={t("common:state.loading")} />;

  if (dimension === "function") {
    if (people.isPending) return <Loader size="sm" aria-label={t("common:state.loading")} />;
    if (people.isError) return <ErrorState error={people.error} onRetry={() => void people.refetch()} />;
    const names = new Map(structure.nodes.map((node) => [node.id, node.name]));
    const found = (people.data ?? []).filter((person) => person.function === bucket.key);
    if (found.length === 0)
      return (
        <AppLink to="/companies/$id" params={{ id: company.id }} search={{ tab: "contacts" }} size="sm">
          {t("integrated.openContacts")}
        </AppLink>
      );
    return (
      <List size="sm" spacing={2} data-testid="integrated-drill-list">
        {found.map((person) => (
          <List.Item key={person.id}>
            <AppLink to="/contacts/$contactId" params={{ contactId: person.id }} testId="integrated-drill-link">
              {person.fullName}
            </AppLink>
            <Text span size="xs" c="dimmed">{` · ${names.get(person.companyId) ?? ""}`}</Text>
          </List.Item>
        ))}
      </List>
    );
  }

  const members = bucketMembers(structure, company.id, dimension, bucket.key);
  if (members.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t("integrated.drillEmpty")}
      </Text>
    );
  return (
    <List size="sm" spacing={2} data-testid="integrated-drill-list">
      {members.map((node) => (
        <List.Item key={node.id}>
          <AppLink to="/companies/$id" params={{ id: node.id }} search={{ tab: "integrated" }} testId="integrated-drill-link">
            {node.name}
          </AppLink>
        </List.Item>
      ))}
    </List>
  );
}
