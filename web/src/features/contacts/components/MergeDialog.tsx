import { useMemo, useState } from "react";
import { Alert, Button, Group, Modal, Radio, ScrollArea, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconArrowsExchange, IconGitMerge, IconInfoCircle } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Contact } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { confirm, toast } from "../../../components/dialogs";
import { FieldValue, ReferencePicker, valuesEqual } from "../../../components/record-form";
import { ErrorState, LoadingBlock } from "../../../components/states";
import { contactKey, contactLoader, contactQuery, findDuplicates, mergeContacts } from "../api";
import { mergeFields, mergeSpecs } from "../merge";

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
  const likely = useQuery({
    queryKey: ["contacts", "duplicates", "of", contact.id],
    queryFn: ({ signal }) =>
      findDuplicates(
        {
          firstName: contact.firstName || undefined,
          lastName: contact.lastName,
          companyId: contact.companyId,
          emails: contact.emails.map((email) => email.address),
          phones: contact.phones.map((phone) => phone.number),
          excludeId: contact.id,
        },
        signal,
      ),
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
              <Text size="sm" fw={500}>
                {candidate.name}
              </Text>
              <Text size="xs" c="dimmed">
                {[candidate.companyName, candidate.reasons.map((reason) => t(`duplicates.reason.${reason}`)).join(", ")]
                  .filter(Boolean)
                  .join(" · ")}
              </Text>
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
  const [take, setTake] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (other.isPending) return <LoadingBlock rows={6} />;
  if (other.isError) return <ErrorState error={other.error} onRetry={() => void other.refetch()} />;
  const kept = keepThis ? contact : other.data;
  const merged = keepThis ? other.data : contact;
  const rows = mergeFields.map((field) => ({
    field,
    kept: (kept as Record<string, unknown>)[field],
    merged: (merged as Record<string, unknown>)[field],
  }));
  const differing = rows.filter((row) => !valuesEqual(row.kept, row.merged));
  // The server fills an empty field of the kept contact from the other one in any case.
  const forced = new Set(differing.filter((row) => row.kept === null || row.kept === undefined || row.kept === "").map((row) => row.field));
  const takes = (field: string) => forced.has(field) || take.has(field);

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
      const result = await mergeContacts(
        kept.id,
        merged.id,
        differing.filter((row) => takes(row.field)).map((row) => row.field),
        kept.version,
      );
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
            setTake(new Set());
          }}
          data-testid="merge-swap"
        >
          {t("merge.swap")}
        </Button>
      </Group>
      {differing.length === 0 ? (
        <Alert color="blue" icon={<IconInfoCircle size={18} />}>
          {t("merge.noDifferences")}
        </Alert>
      ) : (
        <ScrollArea.Autosize mah="50vh" type="auto">
          <Table withTableBorder verticalSpacing="xs" fz="sm" miw={320} data-testid="merge-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="24%">{t("merge.field")}</Table.Th>
                <Table.Th>
                  <Who contact={kept} self={kept.id === contact.id} />
                </Table.Th>
                <Table.Th>
                  <Who contact={merged} self={merged.id === contact.id} />
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {differing.map((row) => {
                const spec = specs.get(row.field)!;
                const fromOther = takes(row.field);
                const pick = (value: boolean) =>
                  setTake((previous) => {
                    const next = new Set(previous);
                    if (value) next.add(row.field);
                    else next.delete(row.field);
                    return next;
                  });
                return (
                  <Table.Tr key={row.field} data-testid={`merge-row-${row.field}`}>
                    <Table.Td c="dimmed">{t(spec.label)}</Table.Td>
                    <Table.Td>
                      <Radio
                        checked={!fromOther}
                        onChange={() => pick(false)}
                        disabled={forced.has(row.field)}
                        label={<FieldValue field={spec} value={row.kept} />}
                        aria-label={t("merge.keepValue", { field: t(spec.label), name: kept.fullName })}
                        data-testid={`merge-keep-${row.field}`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Radio
                        checked={fromOther}
                        onChange={() => pick(true)}
                        label={<FieldValue field={spec} value={row.merged} />}
                        aria-label={t("merge.keepValue", { field: t(spec.label), name: merged.fullName })}
                        data-testid={`merge-take-${row.field}`}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
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
