import { useRef, useState } from "react";
import { Alert, Badge, Button, Group, Loader, Modal, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAlertTriangle, IconCopy, IconExternalLink } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { DuplicateCandidate } from "@relata/contracts";
import { useFormat } from "../../lib/session";
import { saveUnlessDuplicate, type CandidateLink, type DuplicateKind, type DuplicateOverride } from "./duplicate-check";

/** Why a record looks like a duplicate, in words. */
export function DuplicateReasons({ candidate }: { candidate: DuplicateCandidate }) {
  const { t } = useTranslation("components");
  const format = useFormat();
  return (
    <Group gap={4} wrap="wrap">
      {candidate.reasons.map((reason) => (
        <Badge
          key={reason}
          size="sm"
          variant="light"
          color={reason === "name" ? "yellow" : "orange"}
          // The tinted background carries the colour; the words stay in the text colour, readable in both schemes
          // (the palette's yellow on its own tint was at the edge of 4.5:1 and fell below while the dialog faded in).
          style={{ textTransform: "none", color: "var(--mantine-color-text)" }}
        >
          {reason === "name" && candidate.score < 1
            ? t("duplicates.reason.nameScore", { score: format.percent(candidate.score) })
            : t(`duplicates.reason.${reason}`)}
        </Badge>
      ))}
    </Group>
  );
}

type OpenProps = {
  linkTo: CandidateLink;
  /** Runs when a candidate is opened, before the link navigates (e.g. closes the drawer the form is in) */
  onOpen?: () => void;
};

/** The candidates, each with its reasons and a link that opens it. */
function CandidateList({ candidates, linkTo, onOpen, openLabel }: OpenProps & { candidates: DuplicateCandidate[]; openLabel: string }) {
  return (
    <Stack gap="xs">
      {candidates.map((candidate) => (
        <Group
          key={candidate.id}
          justify="space-between"
          wrap="nowrap"
          gap="xs"
          align="flex-start"
          data-testid="duplicate-candidate"
          data-id={candidate.id}
        >
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
              {candidate.name}
            </Text>
            {candidate.object === "contact" && candidate.companyName && (
              <Text size="xs" c="dimmed">
                {candidate.companyName}
              </Text>
            )}
            <DuplicateReasons candidate={candidate} />
          </Stack>
          <Button
            renderRoot={(props) => <Link {...(linkTo(candidate) as object)} {...props} />}
            size="compact-xs"
            variant="subtle"
            rightSection={<IconExternalLink size={12} />}
            onClick={onOpen}
            style={{ flexShrink: 0 }}
            aria-label={`${openLabel}: ${candidate.name}`}
            data-testid="duplicate-open"
          >
            {openLabel}
          </Button>
        </Group>
      ))}
    </Stack>
  );
}

/**
 * While typing: records like the one being entered, asked for after a pause (nothing is saved).
 * `input` is what `check` is asked about the values so far; undefined when there is too little to ask.
 */
export function DuplicateHints<I>({
  kind,
  input,
  check,
  linkTo,
  onOpen,
}: OpenProps & {
  kind: DuplicateKind;
  input: I | undefined;
  check: (input: I, signal: AbortSignal) => Promise<DuplicateCandidate[]>;
}) {
  const { t } = useTranslation("components");
  // The text of the input is debounced, not the object: a new object with the same content does not restart the pause.
  const [key] = useDebouncedValue(input === undefined ? null : JSON.stringify(input), 400);
  const result = useQuery({
    queryKey: ["duplicates", kind, key],
    queryFn: ({ signal }) => check(JSON.parse(key!) as I, signal),
    enabled: key !== null,
    staleTime: 15_000,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const asked = input !== undefined && key !== null;
  const candidates = asked ? (result.data ?? []) : [];
  const checking = asked && result.isFetching;
  if (candidates.length === 0)
    return checking ? (
      <Group gap="xs" c="dimmed" aria-live="polite">
        <Loader size={12} />
        <Text size="xs">{t(`duplicates.${kind}.checking`)}</Text>
      </Group>
    ) : null;
  return (
    <Alert
      color="yellow"
      icon={<IconCopy size={18} />}
      title={t(`duplicates.${kind}.hintTitle`, { count: candidates.length })}
      data-testid="duplicate-hints"
      data-checking={checking || undefined}
      aria-live="polite"
    >
      <Stack gap="xs">
        <Text size="sm">{t(`duplicates.${kind}.hintText`)}</Text>
        <CandidateList candidates={candidates.slice(0, 5)} linkTo={linkTo} onOpen={onOpen} openLabel={t("duplicates.open")} />
      </Stack>
    </Alert>
  );
}

/**
 * Saving with the duplicate check: `save(send)` sends; when the server answers 409 "duplicate",
 * a dialog lists the candidates — open one (the save is given up), go back to the form, or save
 * anyway (`send` again with `{ ignoreDuplicates: true }` to spread into the body). Render `dialog`
 * once in the form's component.
 */
export function useDuplicateGuard({ kind, linkTo, onOpen }: OpenProps & { kind: DuplicateKind }) {
  const { t } = useTranslation("components");
  const [pending, setPending] = useState<DuplicateCandidate[] | null>(null);
  const resolver = useRef<((save: boolean) => void) | undefined>(undefined);
  const answer = (save: boolean) => {
    resolver.current?.(save);
    resolver.current = undefined;
    setPending(null);
  };
  const ask = (candidates: DuplicateCandidate[]) => {
    resolver.current?.(false);
    setPending(candidates);
    return new Promise<boolean>((resolve) => (resolver.current = resolve));
  };
  const save = <T,>(send: (override: DuplicateOverride) => Promise<T>) => saveUnlessDuplicate(send, ask);

  const dialog = (
    <Modal
      opened={!!pending}
      onClose={() => answer(false)}
      title={t(`duplicates.${kind}.dialogTitle`)}
      size="lg"
      closeButtonProps={{ "aria-label": t("common:action.close") }}
      data-testid="duplicate-dialog"
    >
      {pending && (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
            <Text size="sm">{t(`duplicates.${kind}.dialogText`, { count: pending.length })}</Text>
          </Alert>
          <CandidateList
            candidates={pending}
            linkTo={linkTo}
            onOpen={() => {
              answer(false);
              onOpen?.();
            }}
            openLabel={t("duplicates.openExisting")}
          />
          <Group justify="flex-end" gap="sm" wrap="wrap">
            <Button variant="default" onClick={() => answer(false)} data-testid="duplicate-cancel">
              {t("duplicates.backToForm")}
            </Button>
            <Button onClick={() => answer(true)} data-testid="duplicate-save-anyway">
              {t("duplicates.saveAnyway")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
  return { save, dialog };
}
