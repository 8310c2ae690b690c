import { useState } from "react";
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Task } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { toast } from "../../../components/dialogs";
import type { ListPage } from "../../../components/record-list";
import { setTaskDone, tasksKey } from "../api";
import { ticked, withTask } from "../lib/tasks";

type Pages = InfiniteData<ListPage<Task>, unknown>;
const isPages = (data: unknown): data is Pages => typeof data === "object" && data !== null && "pages" in data;

/**
 * Ticking a task done (or open again) shows at once in every list that holds it; if the server
 * refuses, the lists are put back and the reason said. The lists then reload (it may move section).
 */
export function useTick() {
  const { t } = useTranslation("tasks");
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());

  async function tick(task: Task, done: boolean) {
    if (pending.has(task.id)) return;
    setPending((set) => new Set(set).add(task.id));
    await queryClient.cancelQueries({ queryKey: tasksKey });
    const snapshot = queryClient.getQueriesData({ queryKey: tasksKey });
    const change = ticked(task, done, new Date());
    queryClient.setQueriesData({ queryKey: tasksKey }, (data: unknown) => (isPages(data) ? withTask(data, task.id, change) : data));
    try {
      await setTaskDone(task, done);
      toast.success(done ? t("row.completed", { title: task.title }) : t("row.reopened", { title: task.title }));
    } catch (error) {
      for (const [key, data] of snapshot) queryClient.setQueryData(key, data);
      toast.error(error, error instanceof ApiError && error.status === 412 ? t("row.changedElsewhere") : undefined);
    } finally {
      setPending((set) => {
        const next = new Set(set);
        next.delete(task.id);
        return next;
      });
      await queryClient.invalidateQueries({ queryKey: tasksKey });
    }
  }

  return { tick, pending };
}
