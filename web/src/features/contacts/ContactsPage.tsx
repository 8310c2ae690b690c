import { useMemo, useState } from "react";
import { Anchor, Button, Group, Modal, Stack, Table, Text } from "@mantine/core";
import { IconId, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useRouterState } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { locales, type Contact } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { useCan } from "../../lib/session";
import { languageNames } from "../../i18n";
import { confirm, toast } from "../../components/dialogs";
import { EmptyValue, useUserDirectory } from "../../components/record-form";
import {
  DateCell,
  RecordLink,
  RecordList,
  TextCell,
  TimeAgoCell,
  type BulkAction,
  type RecordColumn,
  type RecordFilter,
} from "../../components/record-list";
import { LoadingBlock } from "../../components/states";
import { companyLoader, contactListKey, contactListTopic, contactsCsvPath, contactsVcfPath, deleteContact, listContacts } from "./api";
import { customColumns, customFilter, useCustomFields } from "../../components/custom-fields";
import { DimensionValueText, useDimensions } from "../../components/dimensions";
import { ConsentBadges, FirstEmail, FirstPhone } from "./components/Channels";
import { NewContactDrawer } from "./components/NewContactDrawer";
import { ImportVcardButton } from "./components/ImportVcardButton";
import { ContactLink } from "./widgets";
import { roleEnded } from "./roles";
import { ImportButton } from "../imports";

function Translated({ prefix, value }: { prefix: string; value: string | null }) {
  const { t } = useTranslation("contacts");
  if (!value) return <EmptyValue />;
  return (
    <Text span inherit>
      {t(`${prefix}.${value}`)}
    </Text>
  );
}

const ownColumns: RecordColumn<Contact>[] = [
  {
    id: "name",
    label: "contacts:field.name",
    sortKey: "name",
    hideable: false,
    primary: true,
    width: "minmax(200px, 1.6fr)",
    cell: (contact) => (
      <RecordLink to="/contacts/$contactId" params={{ contactId: contact.id }} testId="contact-link">
        {contact.fullName}
      </RecordLink>
    ),
  },
  {
    id: "company",
    label: "contacts:field.companyId",
    sortKey: "company",
    width: "minmax(180px, 1.3fr)",
    cell: (contact) => (
      <Anchor
        renderRoot={(props) => <Link to="/companies/$id" params={{ id: contact.companyId }} {...props} />}
        c="inherit"
        inherit
        tabIndex={-1}
        onClick={(event) => event.stopPropagation()}
      >
        {contact.companyName}
      </Anchor>
    ),
  },
  { id: "title", label: "contacts:field.title", width: "minmax(150px, 1fr)", cell: (contact) => <TextCell value={contact.title} /> },
  {
    id: "department",
    label: "contacts:field.department",
    defaultVisible: false,
    cell: (contact) => <TextCell value={contact.department} />,
  },
  {
    id: "function",
    label: "contacts:field.function",
    defaultVisible: false,
    cell: (contact) => <DimensionValueText kind="function" value={contact.function} />,
  },
  {
    id: "clientUnit",
    label: "finance:field.clientUnit",
    defaultVisible: false,
    cell: (contact) => <DimensionValueText kind="client_unit" value={contact.clientUnit} />,
  },
  { id: "emails", label: "contacts:field.emails", width: "minmax(200px, 1.2fr)", cell: (contact) => <FirstEmail contact={contact} /> },
  { id: "phones", label: "contacts:field.phones", width: "minmax(150px, 1fr)", cell: (contact) => <FirstPhone contact={contact} /> },
  {
    id: "messaging",
    label: "contacts:field.messaging",
    defaultVisible: false,
    cell: (contact) => <TextCell value={contact.messaging.map((handle) => handle.handle).join(", ")} />,
  },
  {
    id: "consent",
    label: "contacts:field.consent",
    width: "minmax(210px, 1fr)",
    cell: (contact) => <ConsentBadges contact={contact} />,
  },
  {
    id: "reportsTo",
    label: "contacts:field.reportsToId",
    defaultVisible: false,
    cell: (contact) => <ContactLink id={contact.reportsToId} name={contact.reportsToName} />,
  },
  {
    id: "preferredLanguage",
    label: "contacts:field.preferredLanguage",
    defaultVisible: false,
    cell: (contact) => (
      <TextCell value={contact.preferredLanguage ? (languageNames as Record<string, string>)[contact.preferredLanguage] : null} />
    ),
  },
  {
    id: "preferredChannel",
    label: "contacts:field.preferredChannel",
    defaultVisible: false,
    cell: (contact) => <Translated prefix="channel" value={contact.preferredChannel} />,
  },
  {
    id: "birthday",
    label: "contacts:field.birthday",
    defaultVisible: false,
    cell: (contact) => (contact.birthday ? <DateCell at={`${contact.birthday}T12:00:00Z`} /> : <EmptyValue />),
  },
  {
    id: "roles",
    label: "contacts:field.roles",
    defaultVisible: false,
    cell: (contact) => (
      <TextCell
        value={contact.roles
          .filter((role) => !roleEnded(role))
          .map((role) => role.companyName)
          .join(", ")}
      />
    ),
  },
  {
    id: "updatedAt",
    label: "contacts:field.updatedAt",
    sortKey: "updatedAt",
    sortFirst: "desc",
    width: "minmax(130px, 0.8fr)",
    cell: (contact) => <TimeAgoCell at={contact.updatedAt} />,
  },
  {
    id: "createdAt",
    label: "contacts:field.createdAt",
    sortKey: "createdAt",
    sortFirst: "desc",
    defaultVisible: false,
    cell: (contact) => <DateCell at={contact.createdAt} />,
  },
];

type Failure = { id: string; name: string; message: string };

/** /contacts: every contact the user may see, with filters on every field and the custom ones. */
export function ContactsPage() {
  const { t, i18n } = useTranslation("contacts");
  const language = i18n.language;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canCreate = useCan("contact", "create");
  const canDelete = useCan("contact", "delete");
  const custom = useCustomFields("contact");
  const dimensionOptions = useDimensions(language).options;
  const directory = useUserDirectory();
  const [creating, setCreating] = useState(false);
  const [failures, setFailures] = useState<Failure[] | null>(null);

  const columns = useMemo(
    () => [...ownColumns, ...customColumns<Contact>("contact", custom.activeFields, language, (contact) => contact.custom)],
    [custom.activeFields, language],
  );

  const filters = useMemo<RecordFilter[]>(
    () => [
      {
        id: "companyId",
        label: "contacts:field.companyId",
        kind: "reference",
        reference: companyLoader,
      },
      {
        // "My clients" first, then anyone in the directory (a select, so "me" needs no special picker).
        id: "ownerId",
        label: "contacts:filter.owner",
        kind: "select",
        options: [
          { value: "me", label: t("filter.myClients") },
          ...(directory.data ?? []).filter((user) => user.active).map((user) => ({ value: user.id, label: user.name })),
        ],
      },
      { id: "function", label: "contacts:field.function", kind: "multiselect", options: dimensionOptions("function") },
      { id: "clientUnit", label: "finance:field.clientUnit", kind: "multiselect", options: dimensionOptions("client_unit") },
      { id: "consentEmail", label: "contacts:field.consentEmail", kind: "boolean" },
      { id: "consentSms", label: "contacts:field.consentSms", kind: "boolean" },
      { id: "consentCalls", label: "contacts:field.consentCalls", kind: "boolean" },
      {
        id: "preferredLanguage",
        label: "contacts:field.preferredLanguage",
        kind: "select",
        options: locales.map((value) => ({ value, label: languageNames[value] })),
      },
      ...custom.activeFields.map((field) => customFilter("contact", field, language)),
    ],
    [custom.activeFields, language, directory.data, t, dimensionOptions],
  );

  // Filtered to one company: its vCards can be imported right here.
  const companyFilter = useRouterState({
    select: (state) => {
      const value = (state.location.search as Record<string, unknown>)["f.companyId"];
      return typeof value === "string" && value ? value : undefined;
    },
  });

  const bulkActions: BulkAction<Contact>[] = [];
  if (canDelete)
    bulkActions.push({
      id: "delete",
      label: "contacts:bulk.delete",
      icon: <IconTrash size={14} />,
      color: "red",
      run: async (ids, rows) => {
        const ok = await confirm({
          title: t("bulk.deleteTitle", { count: ids.length }),
          message: t("bulk.deleteMessage", { count: ids.length }),
          confirmLabel: t("bulk.deleteConfirm", { count: ids.length }),
          danger: true,
        });
        if (!ok) return false;
        const byId = new Map(rows.map((row) => [row.id, row]));
        const failed: Failure[] = [];
        let deleted = 0;
        // A few at a time: enough to be quick, few enough not to flood the server.
        const queue = [...ids];
        await Promise.all(
          Array.from({ length: Math.min(4, queue.length) }, async () => {
            for (let id = queue.shift(); id; id = queue.shift()) {
              const row = byId.get(id);
              try {
                await deleteContact(id, row?.version);
                deleted += 1;
              } catch (error) {
                failed.push({ id, name: row?.fullName ?? id, message: reasonOf(error, t) });
              }
            }
          }),
        );
        void queryClient.invalidateQueries({ queryKey: ["contacts"] });
        if (failed.length === 0) toast.success(t("bulk.deletedAll", { count: deleted }));
        else setFailures(failed);
      },
    });

  // Custom columns and filters must be known before the list reads its saved layout and the URL.
  if (custom.query.isPending) return <LoadingBlock rows={10} />;

  const createButton = canCreate && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="contact-new">
      {t("new")}
    </Button>
  );

  return (
    <>
      <RecordList<Contact>
        id="contacts"
        title={t("title")}
        actions={
          <Group gap="xs" wrap="nowrap">
            <ImportButton object="contact" compact />
            {companyFilter && <ImportVcardButton companyId={companyFilter} compact />}
            {createButton}
          </Group>
        }
        queryKey={contactListKey}
        topics={[contactListTopic]}
        fetcher={listContacts}
        getRowId={(contact) => contact.id}
        columns={columns}
        filters={filters}
        defaultSort="name"
        viewsObject="contacts"
        exportUrl={contactsCsvPath}
        moreExports={[
          {
            url: contactsVcfPath,
            label: "contacts:export.vcard",
            hint: "contacts:export.vcardHint",
            icon: <IconId size={18} />,
            testId: "contacts-export-vcard",
          },
        ]}
        bulkActions={bulkActions.length ? bulkActions : undefined}
        onOpen={(contact) => void navigate({ to: "/contacts/$contactId", params: { contactId: contact.id } })}
        searchPlaceholder="contacts:search"
        empty={{
          title: t("empty.title"),
          description: canCreate ? t("empty.description") : t("empty.descriptionReadOnly"),
          action: createButton || undefined,
        }}
      />
      <NewContactDrawer opened={creating} onClose={() => setCreating(false)} companyId={companyFilter} />
      <Modal
        opened={!!failures}
        onClose={() => setFailures(null)}
        title={t("bulk.resultTitle")}
        size="lg"
        data-testid="contacts-bulk-result"
      >
        <Stack gap="sm">
          <Text size="sm">{t("bulk.failedSome", { count: failures?.length ?? 0 })}</Text>
          <Table.ScrollContainer minWidth={300}>
            <Table withTableBorder fz="sm">
              <Table.Tbody>
                {(failures ?? []).map((failure) => (
                  <Table.Tr key={failure.id}>
                    <Table.Td>{failure.name}</Table.Td>
                    <Table.Td c="dimmed">{failure.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="flex-end">
            <Button onClick={() => setFailures(null)}>{t("common:action.close")}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function reasonOf(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return t("bulk.reasonNotFound");
    if (error.status === 403) return t("bulk.reasonForbidden");
    if (error.status === 412) return t("bulk.reasonChanged");
    if (error.status === 409) return error.message || t("bulk.reasonConflict");
  }
  return t("common:error.unexpected");
}
