import { useState } from "react";
import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconCopy, IconExternalLink } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { DuplicateCandidate } from "@relata/contracts";
import { useFormat } from "../../../lib/session";

/** Why a record looks like a duplicate, in words. */
function Reasons({ candidate }: { candidate: DuplicateCandidate }) {
  const { t } = useTranslation("companies");
  const format = useFormat();
  return (
    <Group gap={4} wrap="wrap">
      {candidate.reasons.map((reason) => (
        <Badge key={reason} size="sm" variant="light" color={reason === "name" ? "yellow" : "orange"} style={{ textTransform: "none" }}>
          {reason === "name" && candidate.score < 1
            ? t("duplicates.reason.nameScore", { score: format.percent(candidate.score) })
            : t(`duplicates.reason.${reason}`)}
        </Badge>
      ))}
    </Group>
  );
}

/** The candidates, each with its reasons and a way to open it. */
export function DuplicateList({
  candidates,
  onOpen,
  openLabel,
}: {
  candidates: DuplicateCandidate[];
  onOpen: (candidate: DuplicateCandidate) => void;
  openLabel: string;
}) {
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
            <Anchor
              component="button"
              type="button"
              fw={600}
              ta="left"
              c="inherit"
              underline="always"
              onClick={() => onOpen(candidate)}
              style={{ overflowWrap: "anywhere" }}
              data-testid="duplicate-open"
            >
              {candidate.name}
            </Anchor>
            {candidate.object === "contact" && candidate.companyName && (
              <Text size="xs" c="dimmed">
                {candidate.companyName}
              </Text>
            )}
            <Reasons candidate={candidate} />
          </Stack>
          <Button
            size="compact-xs"
            variant="subtle"
            rightSection={<IconExternalLink size={12} />}
            onClick={() => onOpen(candidate)}
            style={{ flexShrink: 0 }}
            aria-label={`${openLabel}: ${candidate.name}`}
          >
            {openLabel}
          </Button>
        </Group>
      ))}
    </Stack>
  );
}

/** While typing: "these companies look like the one you are entering". */
export function DuplicateHints({
  candidates,
  onOpen,
  checking,
}: {
  candidates: DuplicateCandidate[];
  onOpen: (candidate: DuplicateCandidate) => void;
  checking?: boolean;
}) {
  const { t } = useTranslation("companies");
  if (candidates.length === 0) return null;
  return (
    <Alert
      color="yellow"
      icon={<IconCopy size={18} />}
      title={t("duplicates.hintTitle", { count: candidates.length })}
      data-testid="company-duplicates"
      data-checking={checking || undefined}
      aria-live="polite"
    >
      <Stack gap="xs">
        <Text size="sm">{t("duplicates.hintText")}</Text>
        <DuplicateList candidates={candidates} onOpen={onOpen} openLabel={t("duplicates.open")} />
      </Stack>
    </Alert>
  );
}

export type DuplicateChoice = { action: "save" } | { action: "open"; candidate: DuplicateCandidate } | { action: "cancel" };

/**
 * After a save answered 409 "duplicate": the candidates, "open existing" or "save anyway".
 * `ask(candidates)` opens it and resolves with the choice.
 */
export function useDuplicateDialog() {
  const { t } = useTranslation("companies");
  const [pending, setPending] = useState<{ candidates: DuplicateCandidate[]; resolve: (choice: DuplicateChoice) => void } | null>(null);
  const ask = (candidates: DuplicateCandidate[]) => new Promise<DuplicateChoice>((resolve) => setPending({ candidates, resolve }));
  const answer = (choice: DuplicateChoice) => {
    pending?.resolve(choice);
    setPending(null);
  };
  const dialog = (
    <Modal
      opened={!!pending}
      onClose={() => answer({ action: "cancel" })}
      title={t("duplicates.dialogTitle")}
      size="lg"
      closeButtonProps={{ "aria-label": t("common:action.close") }}
      data-testid="duplicate-dialog"
    >
      {pending && (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
            <Text size="sm">{t("duplicates.dialogText", { count: pending.candidates.length })}</Text>
          </Alert>
          <DuplicateList
            candidates={pending.candidates}
            onOpen={(candidate) => answer({ action: "open", candidate })}
            openLabel={t("duplicates.openExisting")}
          />
          <Group justify="flex-end" gap="sm" wrap="wrap">
            <Button variant="default" onClick={() => answer({ action: "cancel" })} data-testid="duplicate-cancel">
              {t("duplicates.backToForm")}
            </Button>
            <Button onClick={() => answer({ action: "save" })} data-testid="duplicate-save-anyway">
              {t("duplicates.saveAnyway")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
  return { ask, dialog };
}
