import { useEffect, useState } from "react";
import { ActionIcon, Button, Menu, Text, ThemeIcon, Tooltip } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import {
  IconArrowsJoin,
  IconBuildingSkyscraper,
  IconCheck,
  IconChevronDown,
  IconDots,
  IconPencil,
  IconProgress,
  IconTrash,
} from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { lifecycleStages, type Company, type LifecycleStage } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { useCan, useFormat, useMe } from "../../lib/session";
import { confirm, toast } from "../../components/dialogs";
import { RecordPage } from "../../components/record-page";
import { CountryName, EmptyValue, TeamName, isDuplicateError, useDuplicateGuard } from "../../components/record-form";
import { companyKey, companyMergedInto, companyQuery, companyStagesKey, deleteCompany, patchCompany } from "./api";
import { mayChangeCompany } from "./access";
import { EnumText, GradeBadge, StatusBadge } from "./columns";
import { useCustomFields } from "../../components/custom-fields";
import { StageStepper } from "./components/StageStepper";
import { MergeDialog } from "./components/MergeDialog";
import { companyCandidateLink } from "./form";
import "./panels";
import "../groups/panels";

/**
 * /companies/$id — the client card: header with the key facts, the lifecycle stepper and the
 * figures other modules provide; actions; and the panels modules register (overview, contacts,
 * custom sections, history…), the open one in the URL so Back returns to it.
 */
export function CompanyPage({ id }: { id: string }) {
  const { t } = useTranslation("companies");
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const canDelete = useCan("company", "delete");
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [merging, setMerging] = useState(false);
  const duplicates = useDuplicateGuard({ kind: "company", linkTo: companyCandidateLink });
  // Loaded alongside the record: whether the custom-fields tab shows depends on it.
  useCustomFields("company");
  useMergedRedirect(id);

  const remove = async (company: Company) => {
    const ok = await confirm({
      title: t("delete.title"),
      message: t("delete.message", { name: company.name }),
      confirmLabel: t("delete.confirm"),
      danger: true,
    });
    if (!ok) return;
    try {
      await deleteCompany(company.id, company.version);
      queryClient.removeQueries({ queryKey: companyKey(company.id) });
      void queryClient.invalidateQueries({ queryKey: ["companies", "list"] });
      toast.success(t("delete.done", { name: company.name }));
      void navigate({ to: "/companies" });
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        toast.error(error, t("delete.changed"));
        void queryClient.invalidateQueries({ queryKey: companyKey(company.id) });
      } else toast.error(error);
    }
  };

  const changeStage = async (company: Company, stage: LifecycleStage) => {
    try {
      const saved = await duplicates.save((override) => patchCompany(company.id, { stage, ...override }, company.version));
      queryClient.setQueryData(companyKey(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: companyStagesKey(saved.id) });
      void queryClient.invalidateQueries({ queryKey: ["companies", "list"] });
      toast.success(t("stages.changed", { stage: t(`stage.${stage}`) }));
    } catch (error) {
      // The duplicate dialog was the answer (the user went back, or opened the other company): nothing to report.
      if (isDuplicateError(error)) return;
      if (error instanceof ApiError && error.status === 412) {
        toast.error(error, t("stages.changedElsewhere"));
        void queryClient.invalidateQueries({ queryKey: companyKey(company.id) });
      } else toast.error(error);
    }
  };

  const edit = () => {
    void navigate({
      to: ".",
      search: ((previous: Record<string, unknown>) => ({ ...previous, tab: "overview" })) as never,
      resetScroll: false,
    }).then(() =>
      requestAnimationFrame(() => {
        const input = document.querySelector<HTMLInputElement>('[data-testid="company-form"] [data-testid="field-name"]');
        input?.scrollIntoView({ block: "center", behavior: "smooth" });
        input?.focus({ preventScroll: true });
      }),
    );
  };

  return (
    <>
      <RecordPage<Company>
        objectKind="company"
        recordId={id}
        testId="company"
        query={companyQuery(id)}
        eyebrow={t("common:object.company")}
        icon={
          <ThemeIcon size={44} radius="md" variant="light" aria-hidden>
            <IconBuildingSkyscraper size={24} stroke={1.5} />
          </ThemeIcon>
        }
        title={(company) => company.name}
        documentTitle={(company) => company.name}
        back={{ to: "/companies", label: t("backToList") }}
        facts={(company) => [
          { label: t("field.kind"), value: <EnumText group="kind" value={company.kind} />, testId: "company-fact-kind" },
          { label: t("field.status"), value: <StatusBadge status={company.status} />, testId: "company-fact-status" },
          { label: t("field.grade"), value: <GradeBadge company={company} />, testId: "company-fact-grade" },
          { label: t("field.ownerId"), value: company.ownerName, testId: "company-fact-owner" },
          { label: t("field.country"), value: <CountryName code={company.country} />, testId: "company-fact-country" },
          {
            label: t("field.industry"),
            value: company.industry ?? <EmptyValue />,
            testId: "company-fact-industry",
          },
          { label: t("field.teamId"), value: <TeamName id={company.teamId} />, testId: "company-fact-team" },
          {
            label: t("field.updatedAt"),
            value: (
              <Tooltip label={format.dateTime(company.updatedAt)} withArrow>
                <Text span inherit>
                  {format.relative(company.updatedAt)}
                </Text>
              </Tooltip>
            ),
            testId: "company-fact-updated",
          },
        ]}
        summary={(company) => <StageStepper company={company} />}
        actions={(company) => {
          const canUpdate = mayChangeCompany(me, company, "update");
          const canRemove = mayChangeCompany(me, company, "delete");
          return (
            <>
              {canUpdate && (
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <Button
                      variant="light"
                      leftSection={<IconProgress size={16} />}
                      rightSection={<IconChevronDown size={14} />}
                      data-testid="company-stage-menu"
                    >
                      {t("stages.change")}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {lifecycleStages.map((stage) => (
                      <Menu.Item
                        key={stage}
                        disabled={stage === company.stage}
                        leftSection={stage === company.stage ? <IconCheck size={14} /> : <span style={{ width: 14 }} />}
                        onClick={() => void changeStage(company, stage)}
                        data-testid={`company-stage-to-${stage}`}
                      >
                        {t(`stage.${stage}`)}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
              )}
              {canUpdate && !phone && (
                <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit} data-testid="company-edit">
                  {t("common:action.edit")}
                </Button>
              )}
              {(canUpdate || canRemove) && (
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="default" size="lg" aria-label={t("actions.more")} data-testid="company-more">
                      <IconDots size={18} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {canUpdate && phone && (
                      <Menu.Item leftSection={<IconPencil size={14} />} onClick={edit} data-testid="company-edit">
                        {t("common:action.edit")}
                      </Menu.Item>
                    )}
                    {canUpdate && canDelete && (
                      <Menu.Item leftSection={<IconArrowsJoin size={14} />} onClick={() => setMerging(true)} data-testid="company-merge">
                        {t("merge.action")}
                      </Menu.Item>
                    )}
                    {canRemove && (
                      <Menu.Item
                        color="red"
                        leftSection={<IconTrash size={14} />}
                        onClick={() => void remove(company)}
                        data-testid="company-delete"
                      >
                        {t("common:action.delete")}
                      </Menu.Item>
                    )}
                  </Menu.Dropdown>
                </Menu>
              )}
              {merging && <MergeDialog company={company} onClose={() => setMerging(false)} />}
            </>
          );
        }}
      />
      {duplicates.dialog}
    </>
  );
}

/** An old link to a company merged into another opens the one it went into. */
function useMergedRedirect(id: string) {
  const navigate = useNavigate();
  const company = useQuery(companyQuery(id));
  const gone = company.error instanceof ApiError && company.error.status === 404;
  const mergedInto = useQuery({
    queryKey: ["companies", "merged", id],
    queryFn: ({ signal }) => companyMergedInto(id, signal),
    enabled: gone,
    retry: false,
  });
  const target = mergedInto.data?.id;
  useEffect(() => {
    if (target && target !== id) void navigate({ to: "/companies/$id", params: { id: target }, search: true, replace: true });
  }, [target, id, navigate]);
}
