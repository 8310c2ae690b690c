import { useMemo, useState } from "react";
import { Alert, Button, Group, Modal, Stack, Text, UnstyledButton } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconArrowsExchange, IconGitMerge, IconInfoCircle } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Contact } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { confirm, toast } from "../../../components/dialogs";
import { DuplicateReasons, MergeFields, ReferencePicker, mergeRows, mergeTake } from "../../../components/record-form";
import { ErrorState, LoadingBlock } from "../../../components/states";
import { contactKey, contactLoader, contactQuery, findDuplicates, mergeContacts } from "../api";
import { mergeFields, mergeSpecs } from "../merge";
import { duplicateQuery, toFormValues } from "../form";

type Props = { contact: Contact; opened: boolean; onClose: () => void };

/**
 * Merge two contacts: pick the other one (likely duplicates are offered), choose per field whose
 * value stays, confirm. The kept contact gets the other's roles, reports and history.
 */
export function MergeDialog({ contact, opened, onClose }: Props) {
  const { t } = useTranslation("contacts");
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [otherId, setOtherId] = useState<string | null>(null);
  const close = () => {
    setOtherId(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t("merge.title")} size="xl" fullScreen={!!phone} data-testid="merge-dialog">
      {opened &&
        (otherId ? (
          <Compare contact={contact} otherId={otherId} onBack={() => setOtherId(null)} onDone={close} />
        ) : (
          <Pick contact={contact} onPick={setOtherId} />
        ))}
    </Modal>
  );
}

function Pick({ contact, onPick }: { contact: Contact; onPick: (id: string) => void }) {
  const { t } = useTranslation("contacts");
  const [chosen, setChosen] = useState<string | null>(null);
  // Asked like the forms ask while typing, about the contact as it is (itself left out).
  const query = duplicateQuery(toFormValues(contact), contact.id);
  const likely = useQuery({
    queryKey: ["contacts", "duplicates", "of", contact.id],
    queryFn: ({ signal }) => findDuplicates(query!, signal),
    enabled: !!query,
    retry: false,
  });
  const loader = useMemo(
    () => ({
      ...contactLoader,
      queryKey: [...contactLoader.queryKey, "not", contact.id],
      search: async (q: string) => (await contactLoader.search(q)).filter((option) => option.value !== contact.id),
    }),
    [contact.id],
  );
  return (
    <Stack gap="md">
      <Text size="sm">{t("merge.pickText", { name: contact.fullName })}</Text>
      {likely.data && likely.data.length > 0 && (
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            {t("merge.likely")}
          </Text>
          {likely.data.map((candidate) => (
            <UnstyledButton
              key={candidate.id}
              onClick={() => onPick(candidate.id)}
              p="xs"
              style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: "var(--mantine-radius-sm)" }}
              data-testid="merge-candidate"
            >
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {candidate.name}
                  {candidate.companyName && (
                    <Text span size="xs" c="dimmed">
                      {" · "}
                      {candidate.companyName}
                    </Text>
                  )}
                </Text>
                <DuplicateReasons candidate={candidate} />
              </Stack>
            </UnstyledButton>
          ))}
        </Stack>
      )}
      <ReferencePicker
        loader={loader}
        value={chosen}
        onChange={setChosen}
        label={t("merge.other")}
        placeholder={t("merge.otherPlaceholder")}
        clearable
        data-testid="merge-other"
      />
      <Group justify="flex-end">
        <Button onClick={() => chosen && onPick(chosen)} disabled={!chosen} data-testid="merge-next">
          {t("merge.compare")}
        </Button>
      </Group>
    </Stack>
  );
}

function Compare({ contact, otherId, onBack, onDone }: { contact: Contact; otherId: string; onBack: () => void; onDone: () => void }) {
  const { t } = useTranslation("contacts");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const specs = useMemo(() => mergeSpecs(t), [t]);
  const other = useQuery(contactQuery(otherId));
  // Which contact stays: this one unless the user swaps.
  const [keepThis, setKeepThis] = useState(true);
  // The fields whose value the user chose to take from the merged-away contact.
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (other.isPending) return <LoadingBlock rows={6} />;
  if (other.isError) return <ErrorState error={other.error} onRetry={() => void other.refetch()} />;
  const kept = keepThis ? contact : other.data;
  const merged = keepThis ? other.data : contact;
  const rows = mergeRows(mergeFields, kept, merged);

  const run = async () => {
    const ok = await confirm({
      title: t("merge.confirmTitle"),
      message: t("merge.confirmMessage", { kept: kept.fullName, merged: merged.fullName }),
      confirmLabel: t("merge.confirm"),
      danger: true,
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      const result = await mergeContacts(kept.id, merged.id, mergeTake(rows, chosen), kept.version);
      queryClient.removeQueries({ queryKey: contactKey(merged.id) });
      if (result && typeof result === "object" && "id" in result) queryClient.setQueryData(contactKey(kept.id), result);
      void queryClient.invalidateQueries({ queryKey: ["contacts"] });
      toast.success(t("merge.done", { kept: kept.fullName }));
      onDone();
      if (kept.id !== contact.id) void navigate({ to: "/contacts/$contactId", params: { contactId: kept.id }, replace: true });
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError && failure.status === 412) void queryClient.invalidateQueries({ queryKey: ["contacts", "record"] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md" data-testid="merge-compare">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm">{t("merge.keepText", { kept: kept.fullName, merged: merged.fullName })}</Text>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconArrowsExchange size={14} />}
          onClick={() => {
            setKeepThis((value) => !value);
            setChosen(new Set());
          }}
          data-testid="merge-swap"
        >
          {t("merge.swap")}
        </Button>
      </Group>
      {rows.length === 0 ? (
        <Alert color="blue" icon={<IconInfoCircle size={18} />}>
          {t("merge.noDifferences")}
        </Alert>
      ) : (
        <MergeFields
          rows={rows}
          specs={specs}
          keptName={kept.fullName}
          sourceName={merged.fullName}
          keptHead={<Who contact={kept} self={kept.id === contact.id} />}
          sourceHead={<Who contact={merged} self={merged.id === contact.id} />}
          chosen={chosen}
          onChange={setChosen}
        />
      )}
      <Text size="xs" c="dimmed">
        {t("merge.keptAlways")}
      </Text>
      {error !== null && <ErrorState error={error} />}
      <Group justify="space-between" gap="sm">
        <Button variant="default" onClick={onBack} disabled={busy}>
          {t("common:action.back")}
        </Button>
        <Button color="red" leftSection={<IconGitMerge size={16} />} onClick={() => void run()} loading={busy} data-testid="merge-submit">
          {t("merge.submit")}
        </Button>
      </Group>
    </Stack>
  );
}

/** A column head of the comparison: the name, and which of the two it is (names are often the same). */
function Who({ contact, self }: { contact: Contact; self: boolean }) {
  const { t } = useTranslation("contacts");
  return (
    <Stack gap={0}>
      <Text span size="sm" fw={600}>
        {contact.fullName}
      </Text>
      <Text span size="xs" c="dimmed" fw={400}>
        {[self ? t("merge.thisOne") : t("merge.otherOne"), contact.emails[0]?.address].filter(Boolean).join(" · ")}
      </Text>
    </Stack>
  );
}
