import { lazy, Suspense, useMemo } from "react";
import { Anchor, Badge, Group, SegmentedControl, Stack } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconHierarchy2, IconList } from "@tabler/icons-react";
import { useNavigate, useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Company, Contact } from "@relata/contracts";
import { RecordLink, RecordList, TextCell, TimeAgoCell, type RecordColumn, type RecordFilter } from "../../../components/record-list";
import type { PanelProps } from "../../../components/record-page";
import { companyContactsKey, companyTopic, contactsExportPath, listCompanyContacts } from "../api";
import { OrgChart } from "./OrgChart";
import { DimensionValueText, useDimensions } from "../../../components/dimensions";

// The contacts feature owns the create form and the vCard import; the card only offers them.
const NewContactButton = lazy(() => import("../../contacts").then((module) => ({ default: module.NewContactButton })));
const ImportVcardButton = lazy(() => import("../../contacts").then((module) => ({ default: module.ImportVcardButton })));

const viewKey = "contacts";

/** The company's people: a list (drill down to each person, back returns here) or the org chart of reporting lines. */
export function ContactsPanel({ record }: PanelProps<Company>) {
  const { t, i18n } = useTranslation("companies");
  const navigate = useNavigate();
  const dimensionOptions = useDimensions(i18n.language).options;
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const view = useRouterState({
    select: (state) => ((state.location.search as Record<string, unknown>)[viewKey] === "chart" ? "chart" : "list"),
  });

  const columns = useMemo<RecordColumn<Contact>[]>(
    () => [
      {
        id: "name",
        label: "companies:contact.name",
        sortKey: "name",
        hideable: false,
        primary: true,
        width: "minmax(200px, 1.6fr)",
        cell: (contact) => (
          <Group gap={6} wrap="nowrap">
            <RecordLink to="/contacts/$contactId" params={{ contactId: contact.id }} testId="contact-link">
              {contact.fullName}
            </RecordLink>
            {contact.companyId !== record.id && (
              <Badge size="xs" variant="light" color="gray" style={{ textTransform: "none", flexShrink: 0 }} title={contact.companyName}>
                {t("contacts.otherRole")}
              </Badge>
            )}
          </Group>
        ),
      },
      {
        id: "title",
        label: "companies:contact.title",
        width: "minmax(150px, 1.1fr)",
        cell: (contact) => <TextCell value={contact.title} />,
      },
      {
        id: "department",
        label: "companies:contact.department",
        width: "minmax(140px, 1fr)",
        cell: (contact) => <TextCell value={contact.department} />,
      },
      {
        id: "function",
        label: "companies:contact.function",
        width: "minmax(120px, 0.8fr)",
        defaultVisible: false,
        cell: (contact) => <DimensionValueText kind="function" value={contact.function} />,
      },
      {
        id: "email",
        label: "companies:contact.email",
        width: "minmax(180px, 1.2fr)",
        cell: (contact) =>
          contact.emails[0] ? (
            <Anchor href={`mailto:${contact.emails[0].address}`} onClick={(event) => event.stopPropagation()} truncate>
              {contact.emails[0].address}
            </Anchor>
          ) : (
            <TextCell value={null} />
          ),
      },
      {
        id: "phone",
        label: "companies:contact.phone",
        width: "minmax(140px, 1fr)",
        cell: (contact) =>
          contact.phones[0] ? (
            <Anchor href={`tel:${contact.phones[0].e164 ?? contact.phones[0].number}`} onClick={(event) => event.stopPropagation()}>
              {contact.phones[0].number}
            </Anchor>
          ) : (
            <TextCell value={null} />
          ),
      },
      {
        id: "reportsTo",
        label: "companies:contact.reportsTo",
        width: "minmax(150px, 1fr)",
        defaultVisible: false,
        cell: (contact) => <TextCell value={contact.reportsToName} />,
      },
      {
        id: "updatedAt",
        label: "companies:field.updatedAt",
        sortKey: "updatedAt",
        sortFirst: "desc",
        width: "minmax(130px, 0.8fr)",
        cell: (contact) => <TimeAgoCell at={contact.updatedAt} />,
      },
    ],
    [record.id, t],
  );

  const filters = useMemo<RecordFilter[]>(
    () => [
      {
        id: "function",
        label: "companies:contact.function",
        kind: "multiselect",
        options: dimensionOptions("function"),
      },
      { id: "consentEmail", label: "companies:contact.consentEmail", kind: "boolean" },
    ],
    [dimensionOptions],
  );
  const fetcher = useMemo(() => listCompanyContacts(record.id), [record.id]);
  const queryKey = useMemo(() => companyContactsKey(record.id), [record.id]);

  const setView = (next: string) =>
    void navigate({
      to: ".",
      search: ((previous: Record<string, unknown>) => {
        const search = { ...previous };
        if (next === "chart") search[viewKey] = "chart";
        else delete search[viewKey];
        return search;
      }) as never,
      replace: true,
      resetScroll: false,
    });

  return (
    <Stack gap="sm" data-testid="company-contacts">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <SegmentedControl
          transitionDuration={0}
          value={view}
          onChange={setView}
          data={[
            {
              value: "list",
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <IconList size={16} />
                  <span>{t("contacts.list")}</span>
                </Group>
              ),
            },
            {
              value: "chart",
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <IconHierarchy2 size={16} />
                  <span>{t("contacts.orgChart")}</span>
                </Group>
              ),
            },
          ]}
          data-testid="company-contacts-view"
        />
        <Group gap="xs" wrap="wrap">
          <Suspense fallback={null}>
            <ImportVcardButton companyId={record.id} />
            <NewContactButton companyId={record.id} openAfter={false} />
          </Suspense>
        </Group>
      </Group>
      {view === "chart" ? (
        <OrgChart companyId={record.id} height={phone ? 420 : 560} />
      ) : (
        <RecordList<Contact>
          id="company-contacts"
          queryKey={queryKey}
          topics={["list:contacts", companyTopic(record.id)]}
          fetcher={fetcher}
          getRowId={(contact) => contact.id}
          columns={columns}
          filters={filters}
          defaultSort="name"
          exportUrl={`${contactsExportPath}?filter%5BcompanyId%5D=${encodeURIComponent(record.id)}`}
          onOpen={(contact) => void navigate({ to: "/contacts/$contactId", params: { contactId: contact.id } } as never)}
          searchPlaceholder="companies:contacts.search"
          urlState="c."
          height="min(72dvh, 640px)"
          empty={{ title: t("contacts.empty"), description: t("contacts.emptyHint") }}
        />
      )}
    </Stack>
  );
}
