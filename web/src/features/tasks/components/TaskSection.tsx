import { Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Task } from "@relata/contracts";
import { ErrorState, LoadingBlock } from "../../../components/states";
import type { companyTasksQuery, taskViewQuery } from "../api";
import { TaskRow } from "./TaskRow";

type Section = {
  title: string;
  /** From the summary; hidden while unknown. */
  count?: number | undefined;
  color?: string;
  empty: string;
  query: ReturnType<typeof taskViewQuery> | ReturnType<typeof companyTasksQuery>;
  onOpen: (task: Task) => void;
  onTick: (task: Task, done: boolean) => void;
  pending: ReadonlySet<string>;
  testId: string;
  showCompany?: boolean;
};

/** A titled list of tasks (one view of My work, or a company's), with its own loading, empty and error states and "more". */
export function TaskSection({ title, count, color, empty, query, onOpen, onTick, pending, testId, showCompany }: Section) {
  const { t } = useTranslation("tasks");
  const list = useInfiniteQuery(query);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Title order={3} size="h5" c={color}>
          {title}
        </Title>
        {count !== undefined && !list.isError && (
          <Badge variant="light" color={color ?? "gray"} data-testid={`${testId}-count`}>
            {count}
          </Badge>
        )}
      </Group>
      {list.isPending ? (
        <LoadingBlock rows={2} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed" py={4}>
          {empty}
        </Text>
      ) : (
        <Stack gap={0}>
          {items.map((task, index) => (
            <TaskRow
              key={task.id}
              task={task}
              onOpen={onOpen}
              onTick={onTick}
              pending={pending.has(task.id)}
              showCompany={showCompany}
              divider={index < items.length - 1 || list.hasNextPage}
            />
          ))}
          {list.hasNextPage && (
            <Button variant="subtle" size="xs" mt={4} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t("more")}
            </Button>
          )}
        </Stack>
      )}
    </Card>
  );
}
