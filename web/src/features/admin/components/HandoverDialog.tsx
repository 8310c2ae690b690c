import { useMemo, useRef, useState } from "react";
import { Alert, Button, Group, Select, Skeleton, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconInfoCircle, IconLock } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { User } from "@relata/contracts";
import { ApiError, newIdempotencyKey } from "../../../lib/api";
import { FormDialog } from "../../../components/form-dialog";
import { handOverCompanies, useOwnedCompanies, type HandoverBody } from "../api/handover";
import { useAdminLookups } from "../api/lookups";
import { useUserDirectory } from "../api/users";
import { explainError, fieldErrors, notifyError, notifySuccess } from "./feedback";
import { PersonSelect } from "./PersonSelect";
import { useIsPhone } from "./Responsive";

export type HandoverMode = "handover" | "deactivate";

type Props = {
  /** The user whose companies go to someone else. */
  user: User;
  opened: boolean;
  onClose: () => void;
  /** "deactivate": asked before deactivating someone who still owns companies. */
  mode?: HandoverMode;
  /** Deactivates the user (after the handover, or instead of it); resolves true when done. */
  onDeactivate?: () => Promise<boolean>;
};

/**
 * Hands every company of one user (a departing rep) to another active user in one step: owner,
 * team and org unit follow the new owner. Before deactivating someone who still owns companies it
 * offers the handover first, deactivating without it, or going back.
 */
export function HandoverDialog({ user, opened, onClose, mode = "handover", onDeactivate }: Props) {
  const { t } = useTranslation("admin");
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      size={mode === "deactivate" ? "xl" : "lg"}
      title={mode === "deactivate" ? t("handover.deactivateTitle", { name: user.name }) : t("handover.title", { name: user.name })}
      testId="handover-dialog"
    >
      <HandoverForm user={user} mode={mode} onClose={onClose} onDeactivate={onDeactivate} />
    </FormDialog>
  );
}

type Errors = { toUserId?: string; teamId?: string };

function HandoverForm({
  user,
  mode,
  onClose,
  onDeactivate,
}: {
  user: User;
  mode: HandoverMode;
  onClose: () => void;
  onDeactivate?: () => Promise<boolean>;
}) {
  const { t } = useTranslation("admin");
  const queryClient = useQueryClient();
  const phone = useIsPhone();
  const lookups = useAdminLookups();
  const directory = useUserDirectory();
  const owned = useOwnedCompanies(user.id);
  const [toUserId, setToUserId] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [refusal, setRefusal] = useState<string | undefined>();
  const [working, setWorking] = useState<"handover" | "deactivate" | null>(null);
  // One key per distinct request: a retry of the same handover is answered once; a corrected one is new.
  const keys = useRef(new Map<string, string>());

  const exclude = useMemo(() => new Set([user.id]), [user.id]);
  const receiver = directory.data?.find((item) => item.id === toUserId);
  const teamData = useMemo(() => {
    const theirs = new Set(receiver?.teamIds ?? []);
    const receiverTeams = lookups.teamOptions.filter((option) => theirs.has(option.value));
    const others = lookups.teamOptions.filter((option) => !theirs.has(option.value));
    if (!receiver) return lookups.teamOptions;
    return [
      ...(receiverTeams.length ? [{ group: t("handover.theirTeams", { name: receiver.name }), items: receiverTeams }] : []),
      ...(others.length ? [{ group: t("handover.otherTeams"), items: others }] : []),
    ];
  }, [lookups.teamOptions, receiver, t]);

  const count = owned.data;
  const companies = count === undefined ? "" : t("handover.companyCount", { count });

  /** The handover; its success message (shown by the caller once everything it does is done), or null. */
  async function handOver(): Promise<string | null> {
    if (!toUserId) {
      setErrors({ toUserId: t("handover.pickReceiver") });
      return null;
    }
    setErrors({});
    setRefusal(undefined);
    const body: HandoverBody = { fromUserId: user.id, toUserId, ...(teamId ? { teamId } : {}) };
    const signature = JSON.stringify(body);
    const key = keys.current.get(signature) ?? newIdempotencyKey();
    keys.current.set(signature, key);
    try {
      const result = await handOverCompanies(body, key);
      void queryClient.invalidateQueries({ queryKey: ["companies"] });
      return t("handover.done", {
        companies: t("handover.companyCount", { count: result.companies }),
        contacts: t("handover.contactCount", { count: result.contacts }),
        name: receiver?.name ?? t("sessions.thisUser"),
      });
    } catch (error) {
      const found = fieldErrors(error, ["toUserId", "teamId"]);
      if (Object.keys(found).length) setErrors(found);
      else if (error instanceof ApiError && error.status === 403) setRefusal(explainError(error));
      else notifyError(error);
      return null;
    }
  }

  async function submit() {
    setWorking("handover");
    try {
      const done = await handOver();
      if (!done) return;
      // Said once the deactivation (if asked) has run too, so the message outlives the dialog; a
      // failed deactivation keeps the dialog open, and the handover is still reported as done.
      const deactivated = mode !== "deactivate" || !onDeactivate || (await onDeactivate());
      notifySuccess(done);
      if (deactivated) onClose();
    } finally {
      setWorking(null);
    }
  }

  async function deactivateOnly() {
    if (!onDeactivate) return;
    setWorking("deactivate");
    try {
      if (await onDeactivate()) onClose();
    } finally {
      setWorking(null);
    }
  }

  const nothing = count === 0;
  const cancelButton = (
    <Button variant="default" onClick={onClose} disabled={working !== null} fullWidth={phone}>
      {t("common:action.cancel")}
    </Button>
  );
  const skipButton = mode === "deactivate" && (
    <Button
      variant="subtle"
      color="red"
      onClick={() => void deactivateOnly()}
      loading={working === "deactivate"}
      disabled={working === "handover"}
      fullWidth={phone}
      data-testid="handover-skip-deactivate"
    >
      {t("handover.deactivateOnly")}
    </Button>
  );
  const submitButton = (
    <Button
      type="submit"
      color={mode === "deactivate" ? "red" : undefined}
      loading={working === "handover"}
      disabled={nothing || working === "deactivate"}
      fullWidth={phone}
      data-testid="handover-submit"
    >
      {mode === "deactivate" ? t("handover.submitAndDeactivate") : t("handover.submit")}
    </Button>
  );

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      noValidate
    >
      <Stack gap="sm">
        {mode === "deactivate" ? (
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} p="sm" data-testid="handover-deactivate-note">
            <Text size="sm">{t("handover.deactivateNote", { name: user.name, companies })}</Text>
          </Alert>
        ) : owned.isPending ? (
          <Skeleton h={20} w="60%" />
        ) : (
          <Text size="sm" data-testid="handover-count" data-count={count ?? ""}>
            {owned.isError
              ? t("handover.countUnknown")
              : nothing
                ? t("handover.ownsNothing", { name: user.name })
                : t("handover.owns", { name: user.name, companies })}
          </Text>
        )}
        {refusal && (
          <Alert color="yellow" icon={<IconLock size={18} />} p="sm" data-testid="handover-refused">
            <Text size="sm">{refusal}</Text>
          </Alert>
        )}
        <PersonSelect
          users={directory.data}
          exclude={exclude}
          value={toUserId}
          onChange={(value) => {
            setToUserId(value);
            setErrors((current) => ({ ...current, toUserId: undefined, teamId: undefined }));
          }}
          label={t("handover.to")}
          description={t("handover.toHint")}
          placeholder={t("handover.toPlaceholder")}
          error={errors.toUserId}
          required
          disabled={nothing}
          data-testid="handover-to"
        />
        {lookups.canTeams && (
          <Select
            label={t("handover.team")}
            description={t("handover.teamHint")}
            placeholder={t("handover.teamPlaceholder")}
            data={teamData}
            value={teamId}
            onChange={(value) => {
              setTeamId(value);
              setErrors((current) => ({ ...current, teamId: undefined }));
            }}
            error={errors.teamId}
            clearable
            searchable
            disabled={nothing}
            nothingFoundMessage={t("common:state.nothingFound")}
            data-testid="handover-team"
          />
        )}
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconInfoCircle size={16} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0, marginTop: 2 }} />
          <Text size="xs" c="dimmed">
            {mode === "deactivate" ? `${t("handover.explain")} ${t("handover.deactivateExplain")}` : t("handover.explain")}
          </Text>
        </Group>
        {phone ? (
          // One under another, full width, the main choice first.
          <Stack gap="xs">
            {submitButton}
            {skipButton}
            {cancelButton}
          </Stack>
        ) : (
          <Group justify={skipButton ? "space-between" : "flex-end"} gap="xs">
            {skipButton}
            <Group gap="xs">
              {cancelButton}
              {submitButton}
            </Group>
          </Group>
        )}
      </Stack>
    </form>
  );
}
