import { useCallback, useEffect, useMemo, useState } from "react";
import { Button, Divider, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { IconPin, IconPlus } from "@tabler/icons-react";
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { TimelineEntry } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useFormat, useMe } from "../../../lib/session";
import { confirm, toast } from "../../../components/dialogs";
import { FormDialog } from "../../../components/form-dialog";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { deleteEntry, entryQuery, patchEntry, pinnedQuery, timelineKey, timelineQuery, type TimelineSubject } from "../api";
import { isFiltered, noFilters, type TimelineFilters as Filters } from "../lib/filters";
import { dayGroups, relativeDay, uniqueEntries } from "../lib/timeline";
import { EntryCard, type EntryActions } from "./EntryCard";
import { EntryForm } from "./EntryForm";
import { NoteComposer } from "./NoteComposer";
import { TimelineFilters } from "./TimelineFilters";

type Dialog = { entry?: TimelineEntry } | null;

/**
 * A timeline: a company's (or its whole group's) or a contact's. Pinned notes on top, a note
 * composer, "Log interaction", filters, entries by day (newest first, more on demand), live.
 */
export function TimelinePanel({
  companyId,
  contact,
  groupToggle,
}: {
  /** The company entries are logged on (a contact's primary company on their page). */
  companyId: string;
  /** On a contact's page: the contact (their timeline, and the contact new entries involve). */
  contact?: { id: string; name: string };
  /** Offer "whole group" (a company's card). */
  groupToggle: boolean;
}) {
  const { t } = useTranslation("timeline");
  const me = useMe();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<"company" | "group">("company");
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [dialog, setDialog] = useState<Dialog>(null);
  const subject = useMemo<TimelineSubject>(
    () => (contact ? { kind: "contact", id: contact.id } : { kind: "company", id: companyId, scope }),
    [contact, companyId, scope],
  );
  const [rootId, setRootId] = useState<string | null>(null);
  const entries = useInfiniteQuery(timelineQuery(subject, filters, me.timeZone, rootId));
  const answeredRoot = entries.data?.pages[0]?.rootId ?? null;
  if (answeredRoot !== rootId) setRootId(answeredRoot);
  const pinned = useQuery(pinnedQuery(subject, rootId));
  const focus = useRouterState({ select: (state) => (state.location.search as Record<string, unknown>).entry });
  const focusId = typeof focus === "string" ? focus : null;
  const loaded = useMemo(() => uniqueEntries(entries.data?.pages ?? []), [entries.data]);
  const focusLoaded = focusId !== null && loaded.some((entry) => entry.id === focusId);
  const linked = useQuery({ ...entryQuery(focusId ?? ""), enabled: focusId !== null && !entries.isPending && !focusLoaded });

  // A link to one entry (a mention, a task) brings it into view once it is on screen.
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(`timeline-entry-${focusId}`)?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [focusId, focusLoaded, linked.data]);

  const changedElsewhere = useCallback(
    async (error: unknown) => {
      if (error instanceof ApiError && error.status === 412) {
        toast.info(t("entry.changedElsewhere"));
      } else toast.error(error);
      await queryClient.invalidateQueries({ queryKey: timelineKey });
    },
    [queryClient, t],
  );

  const actions: EntryActions = useMemo(
    () => ({
      onEdit: (entry) => setDialog({ entry }),
      onPin: async (entry, pin) => {
        try {
          await patchEntry(entry.id, entry.version, { pinned: pin });
          toast.success(pin ? t("entry.pinnedDone") : t("entry.unpinnedDone"));
          await queryClient.invalidateQueries({ queryKey: timelineKey });
        } catch (error) {
          await changedElsewhere(error);
        }
      },
      onDelete: async (entry) => {
        const ok = await confirm({
          title: t("entry.deleteTitle"),
          message: t("entry.deleteMessage"),
          confirmLabel: t("entry.delete"),
          danger: true,
        });
        if (!ok) return;
        try {
          await deleteEntry(entry.id, entry.version);
          toast.success(t("entry.deleted"));
          await queryClient.invalidateQueries({ queryKey: timelineKey });
        } catch (error) {
          await changedElsewhere(error);
        }
      },
    }),
    [changedElsewhere, queryClient, t],
  );

  const showCompany = scope === "group" || !!contact;
  const groups = dayGroups(loaded, me.timeZone);
  const pinnedEntries = pinned.data ?? [];
  const filtered = isFiltered(filters);

  return (
    <Stack gap="md" data-testid="timeline-panel">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Title order={3} size="h5">
          {t("title")}
        </Title>
        <Group gap="xs" wrap="wrap">
          {groupToggle && (
            <SegmentedControl
              size="xs"
              value={scope}
              onChange={(next) => setScope(next as "company" | "group")}
              data={[
                { value: "company", label: t("scope.company") },
                { value: "group", label: t("scope.group") },
              ]}
              aria-label={t("scope.label")}
              data-testid="timeline-scope"
            />
          )}
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setDialog({})} data-testid="timeline-log">
            {t("log")}
          </Button>
        </Group>
      </Group>

      {pinnedEntries.length > 0 && (
        <Stack gap="xs" data-testid="timeline-pinned">
          <Group gap={6}>
            <IconPin size={14} aria-hidden />
            <Text size="sm" fw={600}>
              {t("pinned")}
            </Text>
          </Group>
          {pinnedEntries.map((entry) => (
            <EntryCard key={entry.id} entry={entry} actions={actions} showCompany={showCompany} />
          ))}
        </Stack>
      )}

      <NoteComposer companyId={companyId} contactIds={contact ? [contact.id] : []} />
      <TimelineFilters value={filters} onChange={setFilters} companyId={contact ? null : scope === "company" ? companyId : null} />

      {linked.data && !focusLoaded && (
        <Stack gap="xs" data-testid="timeline-linked">
          <Text size="sm" fw={600}>
            {t("linkedEntry")}
          </Text>
          <EntryCard entry={linked.data} actions={actions} showCompany highlighted />
        </Stack>
      )}

      {entries.isPending ? (
        <LoadingBlock rows={5} />
      ) : entries.isError && !entries.data ? (
        <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />
      ) : loaded.length === 0 ? (
        <EmptyState
          title={filtered ? t("empty.filteredTitle") : t("empty.title")}
          description={filtered ? t("empty.filteredHint") : t("empty.hint")}
          action={
            filtered ? (
              <Button variant="light" onClick={() => setFilters(noFilters)} data-testid="timeline-empty-clear">
                {t("filter.clear")}
              </Button>
            ) : undefined
          }
        />
      ) : (
        <Stack gap="sm" data-testid="timeline-list" aria-busy={entries.isFetching}>
          {groups.map((group) => {
            const relative = relativeDay(group.day, new Date(), me.timeZone);
            return (
              <Stack
                key={group.day}
                gap="xs"
                component="section"
                aria-label={relative ? t(`day.${relative}`) : format.date(group.entries[0]!.occurredAt)}
              >
                <Divider
                  label={relative ? t(`day.${relative}`) : format.date(group.entries[0]!.occurredAt)}
                  labelPosition="left"
                  data-testid="timeline-day"
                />
                {group.entries.map((entry) => (
                  <EntryCard key={entry.id} entry={entry} actions={actions} showCompany={showCompany} highlighted={entry.id === focusId} />
                ))}
              </Stack>
            );
          })}
          {entries.hasNextPage && (
            <Group justify="center">
              <Button
                variant="default"
                loading={entries.isFetchingNextPage}
                onClick={() => void entries.fetchNextPage()}
                data-testid="timeline-more"
              >
                {t("more")}
              </Button>
            </Group>
          )}
          {entries.isFetchNextPageError && <ErrorState error={entries.error} onRetry={() => void entries.fetchNextPage()} />}
        </Stack>
      )}

      <FormDialog
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog?.entry ? t("form.editTitle", { kind: t(`kind.${dialog.entry.kind}`) }) : t("form.logTitle")}
        testId="entry-dialog"
        size="lg"
      >
        {dialog && (
          <EntryForm
            companyId={dialog.entry?.companyId ?? companyId}
            entry={dialog.entry}
            initialContacts={contact ? [contact] : []}
            onClose={() => setDialog(null)}
          />
        )}
      </FormDialog>
    </Stack>
  );
}
