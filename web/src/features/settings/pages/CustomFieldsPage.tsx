import { useMemo, useState } from "react";
import { Button, Card, Group, Stack, Tabs, Text } from "@mantine/core";
import { IconAddressBook, IconBuildingSkyscraper, IconPlus } from "@tabler/icons-react";
import { getRouteApi } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { CustomField, CustomFieldObject } from "@relata/contracts";
import { labelIn, useCustomFields } from "../../../components/custom-fields";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { FormDialog } from "../../../components/form-dialog";
import { FieldForm } from "../components/FieldDialog";
import { PageHeader } from "../../../components/page-header";
import { SectionCard } from "../components/SectionCard";
import { SectionForm } from "../components/SectionDialog";
import { SortableList } from "../components/SortableList";
import { useLayoutActions } from "../components/useLayoutActions";

const route = getRouteApi("/app/admin/custom-fields");

/** Administrators define the custom sections and fields of companies and contacts, one tab each. */
export function CustomFieldsPage() {
  const { t } = useTranslation("settings");
  const object = route.useSearch().object ?? "company";
  const navigate = route.useNavigate();
  return (
    <Stack>
      <PageHeader title={t("customFields.title")} description={t("customFields.description")} />
      <Tabs
        value={object}
        onChange={(next) => next && void navigate({ search: { object: next as CustomFieldObject }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="company" leftSection={<IconBuildingSkyscraper size={16} />} data-testid="tab-company">
            {t("customFields.companies")}
          </Tabs.Tab>
          <Tabs.Tab value="contact" leftSection={<IconAddressBook size={16} />} data-testid="tab-contact">
            {t("customFields.contacts")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="company" pt="md">
          <ObjectLayout object="company" />
        </Tabs.Panel>
        <Tabs.Panel value="contact" pt="md">
          <ObjectLayout object="contact" />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

type Dialog = { kind: "section"; sectionId?: string } | { kind: "field"; sectionId: string; fieldId?: string } | null;

function ObjectLayout({ object }: { object: CustomFieldObject }) {
  const { t, i18n } = useTranslation("settings");
  const { query, sections } = useCustomFields(object);
  const actions = useLayoutActions(object);
  const [dialog, setDialog] = useState<Dialog>(null);
  const takenKeys = useMemo(() => new Set(sections.flatMap((section) => section.fields.map((field) => field.key))), [sections]);
  const fieldCount = takenKeys.size;

  // Dialogs take the record from the current layout; they keep the version they opened on until a 412.
  const editedSection = dialog?.kind === "section" ? sections.find((section) => section.id === dialog.sectionId) : undefined;
  const editedField: CustomField | undefined =
    dialog?.kind === "field" && dialog.fieldId
      ? sections.flatMap((section) => section.fields).find((field) => field.id === dialog.fieldId)
      : undefined;
  const close = () => setDialog(null);
  const addSection = () => setDialog({ kind: "section" });

  if (query.isPending) return <LoadingBlock rows={6} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;

  return (
    <Stack gap="sm" data-testid={`layout-${object}`} data-busy={actions.busy || undefined}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm" c="dimmed">
          {`${t("customFields.sectionCount", { count: sections.length })} · ${t("customFields.fieldCount", { count: fieldCount })}`}
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={addSection} data-testid="section-add">
          {t("section.add")}
        </Button>
      </Group>
      {sections.length === 0 ? (
        <Card withBorder>
          <EmptyState
            title={t("customFields.empty")}
            description={t("customFields.emptyHint")}
            action={
              <Button variant="light" onClick={addSection}>
                {t("section.add")}
              </Button>
            }
          />
        </Card>
      ) : (
        <Stack gap="sm" data-testid="section-list">
          <SortableList
            items={sections}
            nameOf={(section) => labelIn(section.labels, i18n.language)}
            onMove={(from, to) => actions.moveSection(sections, from, to)}
            disabled={actions.busy}
          >
            {(section, index, drag) => (
              <SectionCard
                section={section}
                index={index}
                count={sections.length}
                drag={drag}
                actions={{
                  busy: actions.busy,
                  onEditSection: () => setDialog({ kind: "section", sectionId: section.id }),
                  onDeleteSection: () => void actions.removeSection(section),
                  onMoveSection: (delta) => actions.moveSection(sections, index, index + delta),
                  onAddField: () => setDialog({ kind: "field", sectionId: section.id }),
                  onEditField: (field) => setDialog({ kind: "field", sectionId: section.id, fieldId: field.id }),
                  onMoveField: (from, to) => actions.moveField(section, from, to),
                  onArchiveField: (field, archived) => actions.setArchived(field, archived),
                  onDeleteField: (field) => void actions.removeField(field),
                }}
              />
            )}
          </SortableList>
        </Stack>
      )}

      <FormDialog
        opened={dialog?.kind === "section"}
        onClose={close}
        title={dialog?.sectionId ? t("section.editTitle") : t("section.addTitle")}
        testId="section-dialog"
        size="lg"
      >
        {dialog?.kind === "section" && <SectionForm object={object} section={editedSection} onClose={close} />}
      </FormDialog>
      <FormDialog
        opened={dialog?.kind === "field"}
        onClose={close}
        title={dialog?.kind === "field" && dialog.fieldId ? t("field.editTitle") : t("field.addTitle")}
        testId="field-dialog"
        size="xl"
      >
        {dialog?.kind === "field" && (dialog.fieldId ? editedField : true) && (
          <FieldForm
            object={object}
            sections={sections}
            sectionId={dialog.sectionId}
            field={editedField}
            takenKeys={takenKeys}
            onClose={close}
          />
        )}
      </FormDialog>
    </Stack>
  );
}
