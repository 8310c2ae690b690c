/** The companies list's columns: every company field, and each active custom field as an optional column. */
import { Anchor, Badge, Group, Text, Tooltip } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Company, CompanyGrade, CustomField, LifecycleStage } from "@relata/contracts";
import { useFormat } from "../../lib/session";
import { FieldValue, OrgUnitName, SecurityLevelBadge, TeamName, useCountryName } from "../../components/record-form";
import type { RecordColumn } from "../../components/record-list";
import { customDisplaySpec, customFieldLabelKey, sortableCustom } from "./custom-fields";

export const stageColor: Record<LifecycleStage, string> = { lead: "gray", prospect: "blue", customer: "teal", former: "orange" };
export const gradeColor: Record<CompanyGrade, string> = { key: "grape", A: "teal", B: "blue", C: "gray" };
const statusColor = { active: "teal", frozen: "blue", inactive: "gray" } as const;

function Updated({ at }: { at: string }) {
  const format = useFormat();
  return (
    <Text span inherit title={format.dateTime(at)}>
      {format.relative(at)}
    </Text>
  );
}

function CreatedAt({ at }: { at: string }) {
  const format = useFormat();
  return (
    <Text span inherit>
      {format.date(at)}
    </Text>
  );
}

/** A value of one of the company's enums, as a label in the UI language. */
export function EnumText({ group, value }: { group: "kind" | "status" | "sizeBand"; value: string | null }) {
  const { t } = useTranslation("companies");
  if (!value)
    return (
      <Text span inherit c="dimmed">
        —
      </Text>
    );
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
  if (!company.grade)
    return (
      <Text span inherit c="dimmed">
        —
      </Text>
    );
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

export function CountryText({ code }: { code: string | null }) {
  const name = useCountryName();
  if (!code)
    return (
      <Text span inherit c="dimmed">
        —
      </Text>
    );
  return (
    <Text span inherit title={code}>
      {name(code)}
    </Text>
  );
}

function Plain({ value }: { value: string | null }) {
  return value ? (
    <Text span inherit style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
      {value}
    </Text>
  ) : (
    <Text span inherit c="dimmed">
      —
    </Text>
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
      <Anchor
        renderRoot={(props) => <Link to="/companies/$id" params={{ id: company.id }} {...props} />}
        fw={500}
        c="inherit"
        inherit
        tabIndex={-1}
        data-testid="company-link"
      >
        {company.name}
      </Anchor>
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
    cell: (company) => <CountryText code={company.country} />,
  },
  { id: "industry", label: "companies:field.industry", width: "minmax(140px, 1fr)", cell: (company) => <Plain value={company.industry} /> },
  {
    id: "category",
    label: "companies:field.category",
    width: "minmax(130px, 0.9fr)",
    defaultVisible: false,
    cell: (company) => <Plain value={company.category} />,
  },
  {
    id: "sizeBand",
    label: "companies:field.sizeBand",
    width: "minmax(120px, 0.8fr)",
    defaultVisible: false,
    cell: (company) => <EnumText group="sizeBand" value={company.sizeBand} />,
  },
  { id: "owner", label: "companies:field.ownerId", width: "minmax(150px, 1.1fr)", cell: (company) => <Plain value={company.ownerName} /> },
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
    cell: (company) => <Plain value={company.registrationNumber} />,
  },
  {
    id: "website",
    label: "companies:field.website",
    width: "minmax(160px, 1fr)",
    defaultVisible: false,
    cell: (company) => <Plain value={company.domain ?? company.website} />,
  },
  {
    id: "currency",
    label: "companies:field.currency",
    width: "minmax(90px, 0.5fr)",
    defaultVisible: false,
    cell: (company) => <Plain value={company.currency} />,
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
    cell: (company) => <Updated at={company.updatedAt} />,
  },
  {
    id: "createdAt",
    label: "companies:field.createdAt",
    sortKey: "createdAt",
    sortFirst: "desc",
    width: "minmax(120px, 0.8fr)",
    defaultVisible: false,
    cell: (company) => <CreatedAt at={company.createdAt} />,
  },
];

/** One optional column per active custom field, sortable where the type has an order. */
export function customColumns(fields: readonly CustomField[], language: string): RecordColumn<Company>[] {
  return fields.map((field) => {
    const spec = customDisplaySpec("company", field, language);
    return {
      id: `custom.${field.key}`,
      label: customFieldLabelKey("company", field.key),
      sortKey: sortableCustom(field) ? `custom.${field.key}` : undefined,
      sortFirst: field.type === "date" || field.type === "number" || field.type === "money" ? "desc" : "asc",
      defaultVisible: false,
      width: field.type === "long_text" || field.type === "multi_choice" ? "minmax(200px, 1.4fr)" : "minmax(140px, 1fr)",
      align: field.type === "number" || field.type === "money" ? "right" : undefined,
      cell: (company) =>
        field.type === "long_text" ? (
          <Plain value={typeof company.custom[field.key] === "string" ? (company.custom[field.key] as string) : null} />
        ) : (
          <FieldValue field={spec} value={company.custom[field.key] ?? null} />
        ),
    };
  });
}
