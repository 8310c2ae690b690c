import { useCallback, useRef, useState, type ReactNode } from "react";
import { Alert, Anchor, Badge, Button, Group, Loader, Modal, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconCopy } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { DuplicateCandidate } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useFormat } from "../../../lib/session";
import { findDuplicates, type DuplicateQuery } from "../api";

/** One likely duplicate: name (a link to it), company, why, how alike. */
function Candidate({ candidate }: { candidate: DuplicateCandidate }) {
  const { t } = useTranslation("contacts");
  const format = useFormat();
  return (
    <Group gap="xs" wrap="wrap" justify="space-between" data-testid="duplicate-candidate">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Anchor
          renderRoot={(props) => <Link to="/contacts/$contactId" params={{ contactId: candidate.id }} {...props} />}
          fw={600}
          size="sm"
          c="var(--mantine-color-text)"
          underline="always"
          style={{ overflowWrap: "anywhere" }}
        >
          {candidate.name}
        </Anchor>
        {candidate.companyName && (
          <Text size="xs" c="dimmed">
            {candidate.companyName}
          </Text>
        )}
      </Stack>
      <Group gap={4} wrap="wrap">
        {candidate.reasons.map((reason) => (
          <Badge key={reason} size="xs" variant="light" color={reason === "name" ? "gray" : "orange"} style={{ textTransform: "none" }}>
            {t(`duplicates.reason.${reason}`)}
          </Badge>
        ))}
        <Text size="xs" c="dimmed">
          {t("duplicates.score", { score: format.number(Math.round(candidate.score * 100)) })}
        </Text>
      </Group>
    </Group>
  );
}

/** Likely duplicates of what is being typed, asked for after a pause (nothing is saved). */
export function DuplicateHints({ query }: { query: DuplicateQuery | undefined }) {
  const { t } = useTranslation("contacts");
  const [debounced] = useDebouncedValue(query, 400);
  const key = debounced ? JSON.stringify(debounced) : null;
  const result = useQuery({
    queryKey: ["contacts", "duplicates", key],
    queryFn: ({ signal }) => findDuplicates(debounced!, signal),
    enabled: !!debounced,
    staleTime: 15_000,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const candidates = debounced ? (result.data ?? []) : [];
  if (!debounced || candidates.length === 0) {
    return result.isFetching && debounced ? (
      <Group gap="xs" c="dimmed" aria-live="polite">
        <Loader size={12} />
        <Text size="xs">{t("duplicates.checking")}</Text>
      </Group>
    ) : null;
  }
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconCopy size={18} />}
      title={t("duplicates.hintTitle", { count: candidates.length })}
      data-testid="duplicate-hints"
    >
      <Stack gap="xs">
        <Text size="sm">{t("duplicates.hintText")}</Text>
        {candidates.slice(0, 5).map((candidate) => (
          <Candidate key={candidate.id} candidate={candidate} />
        ))}
      </Stack>
    </Alert>
  );
}

/**
 * The "save anyway?" step after the server answered 409 duplicate: `ask(candidates)` resolves
 * true when the user saves anyway. Render `dialog` once inside the form's component.
 */
export function useDuplicateConfirm(): { dialog: ReactNode; ask: (candidates: DuplicateCandidate[]) => Promise<boolean> } {
  const { t } = useTranslation("contacts");
  const [open, setOpen] = useState<DuplicateCandidate[] | null>(null);
  const resolver = useRef<((value: boolean) => void) | undefined>(undefined);
  const finish = (value: boolean) => {
    resolver.current?.(value);
    resolver.current = undefined;
    setOpen(null);
  };
  const ask = useCallback((candidates: DuplicateCandidate[]) => {
    resolver.current?.(false);
    setOpen(candidates);
    return new Promise<boolean>((resolve) => (resolver.current = resolve));
  }, []);
  const dialog = (
    <Modal opened={!!open} onClose={() => finish(false)} title={t("duplicates.confirmTitle")} size="lg" data-testid="duplicate-dialog">
      <Stack gap="md">
        <Text size="sm">{t("duplicates.confirmText", { count: open?.length ?? 0 })}</Text>
        <Stack gap="sm">
          {(open ?? []).map((candidate) => (
            <Candidate key={candidate.id} candidate={candidate} />
          ))}
        </Stack>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => finish(false)} data-testid="duplicate-cancel">
            {t("duplicates.goBack")}
          </Button>
          <Button color="orange" onClick={() => finish(true)} data-testid="duplicate-save-anyway">
            {t("duplicates.saveAnyway")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
  return { dialog, ask };
}

/** The candidates of a 409 "duplicate" answer (the body's, else asked again), or undefined for any other error. */
export async function duplicateCandidatesOf(error: unknown, query: DuplicateQuery | undefined): Promise<DuplicateCandidate[] | undefined> {
  if (!(error instanceof ApiError) || error.status !== 409 || error.code !== "duplicate") return undefined;
  if (error.candidates.length) return error.candidates;
  try {
    return query ? await findDuplicates(query) : [];
  } catch {
    return [];
  }
}
