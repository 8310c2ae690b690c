/** The companies list's columns (every company field; the custom ones come from `customColumns`) and the badges the card shares. */
import { Badge, Group, Text, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Company, CompanyGrade, LifecycleStage } from "@relata/contracts";
import { CountryName, EmptyValue, OrgUnitName, SecurityLevelBadge, TeamName } from "../../components/record-form";
import { DateCell, RecordLink, TextCell, TimeAgoCell, type RecordColumn } from "../../components/record-list";
import { DimensionValueText } from "../../components/dimensions";

export const stageColor: Record<LifecycleStage, string> = { lead: "gray", prospect: "blue", customer: "teal", former: "orange" };
export const gradeColor: Record<CompanyGrade, string> = { key: "grape", A: "teal", B: "blue", C: "gray" };
const statusColor = { active: "teal", frozen: "blue", inactive: "gray" } as const;

/** A value of one of the company's enums, as a label in the UI language. */
export function EnumText({ group, value }: { group: "kind" | "status" | "sizeBand"; value: string | null }) {
  const { t } = useTranslation("companies");
  if (!value) return <EmptyValue />;
  return (
    <Text span inherit>
      {t(`${group}.${value}`)}
    </Text>
  );
}

export function StageBadge({ stage }: { stage: LifecycleStage }) {
  const { t } = useTranslation("companies");
  return (
    <Badge variant="light" color={stageColor[stage]} style={{ textTransform: "none" }} data-stage={stage}>
      {t(`stage.${stage}`)}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: Company["status"] }) {
  const { t } = useTranslation("companies");
  return (
    <Badge variant="dot" color={statusColor[status]} style={{ textTransform: "none" }}>
      {t(`status.${status}`)}
    </Badge>
  );
}

/** The effective grade, marked when it was set by hand instead of by the rules. */
export function GradeBadge({ company, withManual = true }: { company: Pick<Company, "grade" | "gradeOverride">; withManual?: boolean }) {
  const { t } = useTranslation("companies");
  if (!company.grade) return <EmptyValue />;
  return (
    <Group gap={4} wrap="nowrap" component="span">
      <Badge color={gradeColor[company.grade]} variant="filled" style={{ textTransform: "none" }} data-testid="company-grade">
        {t(`grade.${company.grade}`)}
      </Badge>
      {withManual && company.gradeOverride && (
        <Tooltip label={t("grade.manualHint")} withArrow>
          <Badge size="xs" variant="outline" color="gray" style={{ textTransform: "none" }} data-testid="company-grade-manual">
            {t("grade.manual")}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

export const companyColumns: RecordColumn<Company>[] = [
  {
    id: "name",
    label: "companies:field.name",
    sortKey: "name",
    hideable: false,
    primary: true,
    width: "minmax(220px, 2.2fr)",
    cell: (company) => (
      <RecordLink to="/companies/$id" params={{ id: company.id }} testId="company-link">
        {company.name}
      </RecordLink>
    ),
  },
  {
    id: "kind",
    label: "companies:field.kind",
    width: "minmax(120px, 0.8fr)",
    cell: (company) => <EnumText group="kind" value={company.kind} />,
  },
  {
    id: "stage",
    label: "companies:field.stage",
    sortKey: "stage",
    width: "minmax(120px, 0.8fr)",
    cell: (company) => <StageBadge stage={company.stage} />,
  },
  {
    id: "status",
    label: "companies:field.status",
    width: "minmax(120px, 0.8fr)",
    cell: (company) => <StatusBadge status={company.status} />,
  },
  {
    id: "grade",
    label: "companies:field.grade",
    sortKey: "grade",
    width: "minmax(110px, 0.7fr)",
    cell: (company) => <GradeBadge company={company} />,
  },
  {
    id: "country",
    label: "companies:field.country",
    sortKey: "country",
    width: "minmax(130px, 0.9fr)",
    cell: (company) => <CountryName code={company.country} />,
  },
  {
    id: "industry",
    label: "companies:field.industry",
    width: "minmax(140px, 1fr)",
    cell: (company) => <TextCell value={company.industry} />,
  },
  {
    id: "lineOfBusiness",
    label: "finance:field.lineOfBusiness",
    width: "minmax(140px, 1fr)",
    cell: (company) => <DimensionValueText kind="line_of_business" value={company.lineOfBusiness} />,
  },
  {
    id: "clientUnit",
    label: "finance:field.clientUnit",
    width: "minmax(140px, 1fr)",
    defaultVisible: false,
    cell: (company) => <DimensionValueText kind="client_unit" value={company.clientUnit} />,
  },
  {
    id: "category",
    label: "companies:field.category",
    width: "minmax(130px, 0.9fr)",
    defaultVisible: false,
    cell: (company) => <TextCell value={company.category} />,
  },
  {
    id: "sizeBand",
    label: "companies:field.sizeBand",
    width: "minmax(120px, 0.8fr)",
    defaultVisible: false,
    cell: (company) => <EnumText group="sizeBand" value={company.sizeBand} />,
  },
  {
    id: "owner",
    label: "companies:field.ownerId",
    width: "minmax(150px, 1.1fr)",
    cell: (company) => <TextCell value={company.ownerName} />,
  },
  { id: "team", label: "companies:field.teamId", width: "minmax(130px, 0.9fr)", cell: (company) => <TeamName id={company.teamId} /> },
  {
    id: "orgUnit",
    label: "companies:field.orgUnitId",
    width: "minmax(140px, 1fr)",
    defaultVisible: false,
    cell: (company) => <OrgUnitName id={company.orgUnitId} />,
  },
  {
    id: "registrationNumber",
    label: "companies:field.registrationNumber",
    width: "minmax(150px, 1fr)",
    defaultVisible: false,
    cell: (company) => <TextCell value={company.registrationNumber} />,
  },
  {
    id: "website",
    label: "companies:field.website",
    width: "minmax(160px, 1fr)",
    defaultVisible: false,
    cell: (company) => <TextCell value={company.domain ?? company.website} />,
  },
  {
    id: "currency",
    label: "companies:field.currency",
    width: "minmax(90px, 0.5fr)",
    defaultVisible: false,
    cell: (company) => <TextCell value={company.currency} />,
  },
  {
    id: "securityLevel",
    label: "companies:field.securityLevel",
    width: "minmax(150px, 0.9fr)",
    defaultVisible: false,
    cell: (company) => <SecurityLevelBadge level={company.securityLevel} />,
  },
  {
    id: "updatedAt",
    label: "companies:field.updatedAt",
    sortKey: "updatedAt",
    sortFirst: "desc",
    width: "minmax(140px, 0.9fr)",
    cell: (company) => <TimeAgoCell at={company.updatedAt} />,
  },
  {
    id: "createdAt",
    label: "companies:field.createdAt",
    sortKey: "createdAt",
    sortFirst: "desc",
    width: "minmax(120px, 0.8fr)",
    defaultVisible: false,
    cell: (company) => <DateCell at={company.createdAt} />,
  },
];
