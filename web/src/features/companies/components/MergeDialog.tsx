import { useMemo, useState } from "react";
import { Alert, Button, Group, Modal, SegmentedControl, SimpleGrid, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconAlertTriangle, IconArrowsJoin } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Company } from "@relata/contracts";
import type { ListPage } from "../../../components/record-list";
import { api, ApiError } from "../../../lib/api";
import { toast } from "../../../components/dialogs";
import { ErrorState, LoadingBlock } from "../../../components/states";
import {
  FieldValue,
  MergeFields,
  ReferencePicker,
  mergeRows,
  mergeTake,
  useFieldLabel,
  type ReferenceLoader,
} from "../../../components/record-form";
import { companiesPath, companyKey, companyQuery, getCompany, mergeCompanies } from "../api";
import { useCompanyFieldSpecs } from "../form";
import { mergeFields } from "../merge";

/** Companies other than this one, for the "merge with" picker. */
function otherCompanies(exceptId: string): ReferenceLoader {
  return {
    queryKey: ["companies", "picker", "merge", exceptId],
    search: async (q) => {
      const page = await api<ListPage<Company>>("GET", companiesPath, { query: { q: q.trim() || undefined, limit: 20, sort: "name" } });
      return page.items
        .filter((company) => company.id !== exceptId)
        .map((company) => ({ value: company.id, label: company.name, description: company.ownerName }));
    },
    resolve: async (id) => {
      const company = await getCompany(id);
      return { value: company.id, label: company.name };
    },
  };
}

/**
 * "Merge with…": pick the other company, see both side by side, choose per field which value to
 * keep, and which of the two stays. Everything related to the other one moves to the one kept.
 */
export function MergeDialog({ company, onClose }: { company: Company; onClose: () => void }) {
  const { t } = useTranslation("companies");
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [otherId, setOtherId] = useState<string | null>(null);
  const [keep, setKeep] = useState<"this" | "other">("this");
  // The fields whose value the user chose to take from the merged-away company.
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const specs = useCompanyFieldSpecs();
  const label = useFieldLabel();
  const loader = useMemo(() => otherCompanies(company.id), [company.id]);

  // Mounted while open: every opening starts afresh.
  const other = useQuery({ ...companyQuery(otherId ?? ""), enabled: !!otherId });
  const otherCompany = other.data && other.data.id === otherId ? other.data : undefined;
  const kept = otherCompany && keep === "other" ? otherCompany : company;
  const source = otherCompany ? (keep === "other" ? company : otherCompany) : undefined;
  const rows = source ? mergeRows(mergeFields, kept, source) : [];

  const submit = async () => {
    if (!source) return;
    setBusy(true);
    setError(null);
    try {
      const merged = await mergeCompanies(kept.id, source.id, mergeTake(rows, chosen), kept.version);
      queryClient.setQueryData(companyKey(merged.id), merged);
      queryClient.removeQueries({ queryKey: companyKey(source.id) });
      void queryClient.invalidateQueries({ queryKey: ["companies", "list"] });
      void queryClient.invalidateQueries({ queryKey: ["contacts"] });
      toast.success(t("merge.done", { name: merged.name }));
      onClose();
      void navigate({ to: "/companies/$id", params: { id: merged.id }, replace: merged.id !== company.id });
    } catch (caught) {
      setError(caught);
      if (caught instanceof ApiError && caught.status === 412) {
        void queryClient.invalidateQueries({ queryKey: companyKey(kept.id) });
        void queryClient.invalidateQueries({ queryKey: companyKey(source.id) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t("merge.title", { name: company.name })}
      size="xl"
      fullScreen={phone}
      closeButtonProps={{ "aria-label": t("common:action.close") }}
      data-testid="merge-dialog"
    >
      <Stack gap="md">
        <ReferencePicker
          loader={loader}
          label={t("merge.pick")}
          description={t("merge.pickHint")}
          value={otherId}
          onChange={(value) => {
            setOtherId(value);
            setChosen(new Set());
            setError(null);
          }}
          data-testid="merge-pick"
          comboboxProps={{ withinPortal: true }}
        />
        {otherId && other.isPending && <LoadingBlock rows={4} />}
        {otherId && other.isError && <ErrorState error={other.error} onRetry={() => void other.refetch()} />}
        {otherCompany && source && (
          <>
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t("merge.keepLabel")}
              </Text>
              <SegmentedControl
                transitionDuration={0}
                value={keep}
                onChange={(value) => {
                  setKeep(value as "this" | "other");
                  setChosen(new Set());
                }}
                data={[
                  { value: "this", label: company.name },
                  { value: "other", label: otherCompany.name },
                ]}
                fullWidth
                orientation={phone ? "vertical" : "horizontal"}
                data-testid="merge-keep"
              />
            </Stack>
            <Alert color="blue" icon={<IconArrowsJoin size={18} />}>
              <Text size="sm">{t("merge.explain", { kept: kept.name, source: source.name })}</Text>
            </Alert>
            {rows.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("merge.noDifferences")}
              </Text>
            ) : (
              <MergeFields
                rows={rows}
                specs={specs}
                keptName={kept.name}
                sourceName={source.name}
                keptHead={t("merge.keptColumn", { name: kept.name })}
                sourceHead={t("merge.sourceColumn", { name: source.name })}
                chosen={chosen}
                onChange={setChosen}
              />
            )}
            {mergeFields.length > rows.length && (
              <Stack gap={4} data-testid="merge-same">
                <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                  {t("merge.same")}
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing={4}>
                  {mergeFields
                    .filter((field) => !rows.some((row) => row.name === field))
                    .map((field) => {
                      const spec = specs.get(field);
                      if (!spec) return null;
                      return (
                        <Group key={field} gap={6} wrap="nowrap" align="baseline">
                          <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                            {label(spec)}:
                          </Text>
                          <Text size="sm" component="div" style={{ minWidth: 0 }}>
                            <FieldValue field={spec} value={kept[field]} />
                          </Text>
                        </Group>
                      );
                    })}
                </SimpleGrid>
              </Stack>
            )}
          </>
        )}
        {error !== null && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t("merge.failed")} role="alert" data-testid="merge-error">
            <Text size="sm">
              {error instanceof ApiError && error.status === 412 ? t("merge.changed") : error instanceof Error ? error.message : ""}
            </Text>
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {t("common:action.cancel")}
          </Button>
          <Button
            leftSection={<IconArrowsJoin size={16} />}
            onClick={() => void submit()}
            disabled={!source}
            loading={busy}
            data-testid="merge-confirm"
          >
            {t("merge.confirm")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
