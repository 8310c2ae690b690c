import { Button, Text, ThemeIcon, Tooltip } from "@mantine/core";
import { IconBuildingSkyscraper, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Company } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { useFormat, useMe } from "../../lib/session";
import { confirm, toast } from "../../components/dialogs";
import { RecordPage } from "../../components/record-page";
import { OrgUnitName, SecurityLevelBadge, TeamName, UserName } from "../../components/record-form";
import { companyKey, companyTopic, deleteCompany, getCompany } from "./api";
import { mayChangeCompany } from "./access";
import "./panels";

/** /companies/$id: header with the key facts, and the company's panels (Overview, History, and later modules' tabs). */
export function CompanyPage({ id }: { id: string }) {
  const { t } = useTranslation("companies");
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();

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

  return (
    <RecordPage<Company>
      objectKind="company"
      recordId={id}
      testId="company"
      query={{ queryKey: companyKey(id), queryFn: ({ signal }) => getCompany(id, signal), topics: [companyTopic(id)] }}
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
        { label: t("field.ownerId"), value: <UserName id={company.ownerId} />, testId: "company-fact-owner" },
        { label: t("field.teamId"), value: <TeamName id={company.teamId} />, testId: "company-fact-team" },
        { label: t("field.orgUnitId"), value: <OrgUnitName id={company.orgUnitId} />, testId: "company-fact-org-unit" },
        { label: t("field.securityLevel"), value: <SecurityLevelBadge level={company.securityLevel} />, testId: "company-fact-security" },
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
      actions={(company) =>
        mayChangeCompany(me, company, "delete") && (
          <Button
            variant="light"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => void remove(company)}
            data-testid="company-delete"
          >
            {t("common:action.delete")}
          </Button>
        )
      }
    />
  );
}
