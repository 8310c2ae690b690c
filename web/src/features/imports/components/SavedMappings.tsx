import { useState } from "react";
import { ActionIcon, Button, Group, Menu, Select, Text, TextInput, Tooltip } from "@mantine/core";
import { IconDeviceFloppy, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { ImportMapping, ImportObject } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { confirm, toast } from "../../../components/dialogs";
import { DialogForm, FormDialog, useDialogForm } from "../../../components/form-dialog";
import { deleteMapping, saveMapping, savedMappingsKey, useSavedMappings, type SavedMapping } from "../api/mappings";
import { savedMappingFit } from "../lib/mapping";

/** Apply one of the user's saved mappings to this file, save the current one under a name, or delete one. */
export function SavedMappings({
  object,
  headers,
  mapping,
  onApply,
}: {
  object: ImportObject;
  headers: readonly string[];
  mapping: ImportMapping;
  onApply: (saved: SavedMapping) => void;
}) {
  const { t } = useTranslation("imports");
  const queryClient = useQueryClient();
  const saved = useSavedMappings(object);
  const [naming, setNaming] = useState(false);
  const items = saved.data ?? [];

  const remove = async (item: SavedMapping) => {
    const ok = await confirm({
      title: t("saved.deleteTitle"),
      message: t("saved.deleteMessage", { name: item.name }),
      confirmLabel: t("saved.delete"),
      danger: true,
    });
    if (!ok) return;
    try {
      await deleteMapping(item.id);
      toast.success(t("saved.deleted", { name: item.name }));
    } catch (error) {
      toast.error(error);
    } finally {
      void queryClient.invalidateQueries({ queryKey: savedMappingsKey(object) });
    }
  };

  return (
    <Group gap="xs" wrap="wrap" data-testid="import-saved-mappings">
      <Select
        placeholder={items.length ? t("saved.apply") : t("saved.none")}
        aria-label={t("saved.apply")}
        data={items.map((item) => {
          const fit = savedMappingFit(item.mapping, headers);
          return { value: item.id, label: t("saved.option", { name: item.name, matching: fit.matching, total: fit.total }) };
        })}
        value={null}
        onChange={(id) => {
          const item = items.find((candidate) => candidate.id === id);
          if (item) onApply(item);
        }}
        disabled={items.length === 0}
        searchable
        nothingFoundMessage={t("common:state.nothingFound")}
        w={280}
        maw="100%"
        data-testid="import-apply-mapping"
      />
      <Button
        variant="default"
        leftSection={<IconDeviceFloppy size={16} />}
        onClick={() => setNaming(true)}
        disabled={Object.keys(mapping).length === 0}
        data-testid="import-save-mapping"
      >
        {t("saved.save")}
      </Button>
      {items.length > 0 && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Tooltip label={t("saved.manage")} withArrow>
              <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t("saved.manage")}>
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t("saved.manage")}</Menu.Label>
            {items.map((item) => (
              <Menu.Item key={item.id} color="red" leftSection={<IconTrash size={14} />} onClick={() => void remove(item)}>
                {item.name}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
      {naming && <SaveMappingDialog object={object} mapping={mapping} onClose={() => setNaming(false)} />}
    </Group>
  );
}

function SaveMappingDialog({ object, mapping, onClose }: { object: ImportObject; mapping: ImportMapping; onClose: () => void }) {
  const { t } = useTranslation("imports");
  const [name, setName] = useState("");
  const form = useDialogForm({
    reload: savedMappingsKey(object),
    onSaved: onClose,
    fieldProblems: (error) => ({ name: error instanceof ApiError ? error.fieldError("name") : undefined }),
    notify: (error) => toast.error(error),
  });

  const submit = async () => {
    if (!form.validate({ name: name.trim() ? undefined : t("common:validation.required") })) return;
    await form.save(async () => {
      const saved = await saveMapping({ object, name: name.trim(), mapping }, form.idempotencyKey);
      toast.success(t("saved.saved", { name: saved.name }));
    });
  };

  return (
    <FormDialog opened onClose={onClose} title={t("saved.dialogTitle")} testId="import-save-mapping-dialog">
      <DialogForm form={form} onSubmit={submit} onCancel={onClose} submitLabel={t("saved.saveButton")} testId="import-mapping-form">
        <Text size="sm" c="dimmed">
          {t("saved.dialogHint")}
        </Text>
        <TextInput
          label={t("saved.name")}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            form.clear("name");
          }}
          error={form.errors.name}
          maxLength={100}
          required
          data-autofocus
          data-testid="import-mapping-name"
        />
      </DialogForm>
    </FormDialog>
  );
}
