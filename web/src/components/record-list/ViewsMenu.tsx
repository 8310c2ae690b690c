import { useState } from "react";
import { Button, Checkbox, Group, Menu, Modal, Stack, Text, TextInput } from "@mantine/core";
import {
  IconBookmark,
  IconCheck,
  IconChevronDown,
  IconDeviceFloppy,
  IconPencil,
  IconPlus,
  IconRestore,
  IconStar,
  IconStarOff,
  IconTrash,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { SavedView, SavedViewObject } from "@relata/contracts";
import { limits } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { confirm, toast } from "../dialogs";
import { useSavedViews } from "./hooks";
import type { ViewState } from "./list-state";

type Props = {
  listId: string;
  object: SavedViewObject;
  currentViewId: string | undefined;
  /** The state on screen, as a view would store it. */
  currentState: ViewState;
  modified: boolean;
  onApply: (view: SavedView) => void;
  onReset: () => void;
  /** After saving a new view: select it. */
  onSaved: (view: SavedView) => void;
  /** Narrow screens: a shorter button */
  compact?: boolean;
};

/** Pick, save, update, rename, delete and mark default the user's saved views of this list. */
export function ViewsMenu({ listId, object, currentViewId, currentState, modified, onApply, onReset, onSaved, compact = false }: Props) {
  const { t } = useTranslation("components");
  const { views, create, update, remove } = useSavedViews(object);
  const [dialog, setDialog] = useState<{ mode: "create" | "rename"; view?: SavedView } | null>(null);
  const items = views.data ?? [];
  const current = items.find((view) => view.id === currentViewId);
  const buttonLabel = current ? current.name : t("views.standard");

  async function setDefault(view: SavedView, isDefault: boolean) {
    try {
      await update.mutateAsync({ view, patch: { isDefault } });
      toast.success(isDefault ? t("views.defaultSet", { name: view.name }) : t("views.defaultCleared"));
    } catch (error) {
      toast.error(error);
    }
  }

  async function saveChanges(view: SavedView) {
    try {
      await update.mutateAsync({ view, patch: { state: currentState } });
      toast.success(t("views.updated", { name: view.name }));
    } catch (error) {
      toast.error(error);
    }
  }

  async function deleteView(view: SavedView) {
    const ok = await confirm({
      title: t("views.deleteTitle"),
      message: t("views.deleteMessage", { name: view.name }),
      confirmLabel: t("common:action.delete"),
      danger: true,
    });
    if (!ok) return;
    try {
      await remove.mutateAsync(view);
      if (view.id === currentViewId) onReset();
      toast.success(t("views.deleted", { name: view.name }));
    } catch (error) {
      toast.error(error);
    }
  }

  return (
    <>
      <Menu position="bottom-end" width={280} shadow="md" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconBookmark size={16} />}
            rightSection={<IconChevronDown size={14} />}
            data-testid={`${listId}-views`}
            title={buttonLabel}
          >
            <span style={{ maxWidth: compact ? 96 : 200, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
              {buttonLabel}
            </span>
            {modified && (
              <Text span c="dimmed" size="sm" ml={4} style={{ whiteSpace: "nowrap" }}>
                {t("views.modifiedMark")}
              </Text>
            )}
          </Button>
        </Menu.Target>
        <Menu.Dropdown data-testid={`${listId}-views-menu`}>
          <Menu.Label>{t("views.title")}</Menu.Label>
          <Menu.Item leftSection={!currentViewId ? <IconCheck size={14} /> : <span style={{ width: 14 }} />} onClick={onReset}>
            {t("views.standard")}
          </Menu.Item>
          {views.isError && (
            <Menu.Item disabled>
              <Text size="xs" c="red">
                {t("views.loadFailed")}
              </Text>
            </Menu.Item>
          )}
          {items.map((view) => (
            <Menu.Item
              key={view.id}
              leftSection={view.id === currentViewId ? <IconCheck size={14} /> : <span style={{ width: 14 }} />}
              rightSection={view.isDefault ? <IconStar size={14} aria-label={t("views.isDefault")} /> : undefined}
              onClick={() => onApply(view)}
              data-testid="saved-view"
            >
              {view.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          {current && modified && (
            <Menu.Item leftSection={<IconDeviceFloppy size={14} />} onClick={() => void saveChanges(current)} data-testid="view-update">
              {t("views.update", { name: current.name })}
            </Menu.Item>
          )}
          <Menu.Item
            leftSection={<IconPlus size={14} />}
            onClick={() => setDialog({ mode: "create" })}
            disabled={views.isError || items.length >= limits.savedViewsPerObjectMax}
            data-testid="view-save-as"
          >
            {t("views.saveAs")}
          </Menu.Item>
          {current && (
            <>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setDialog({ mode: "rename", view: current })}>
                {t("views.rename")}
              </Menu.Item>
              {current.isDefault ? (
                <Menu.Item leftSection={<IconStarOff size={14} />} onClick={() => void setDefault(current, false)}>
                  {t("views.unsetDefault")}
                </Menu.Item>
              ) : (
                <Menu.Item
                  leftSection={<IconStar size={14} />}
                  onClick={() => void setDefault(current, true)}
                  data-testid="view-make-default"
                >
                  {t("views.setDefault")}
                </Menu.Item>
              )}
              {modified && (
                <Menu.Item leftSection={<IconRestore size={14} />} onClick={() => onApply(current)}>
                  {t("views.discardChanges")}
                </Menu.Item>
              )}
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => void deleteView(current)}
                data-testid="view-delete"
              >
                {t("views.delete")}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      <ViewNameDialog
        key={dialog ? `${dialog.mode}-${dialog.view?.id ?? "new"}` : "closed"}
        opened={!!dialog}
        mode={dialog?.mode ?? "create"}
        initialName={dialog?.view?.name ?? ""}
        onClose={() => setDialog(null)}
        onSubmit={async (name, isDefault) => {
          if (dialog?.mode === "rename" && dialog.view) {
            await update.mutateAsync({ view: dialog.view, patch: { name } });
            toast.success(t("views.renamed", { name }));
          } else {
            const view = await create.mutateAsync({ name, state: currentState, isDefault });
            toast.success(t("views.saved", { name }));
            onSaved(view);
          }
          setDialog(null);
        }}
      />
    </>
  );
}

function ViewNameDialog({
  opened,
  mode,
  initialName,
  onClose,
  onSubmit,
}: {
  opened: boolean;
  mode: "create" | "rename";
  initialName: string;
  onClose: () => void;
  onSubmit: (name: string, isDefault: boolean) => Promise<void>;
}) {
  const { t } = useTranslation("components");
  const [name, setName] = useState(initialName);
  const [isDefault, setIsDefault] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  async function submit() {
    const trimmed = name.trim();
    if (!trimmed) {
      setError(t("validation.required"));
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await onSubmit(trimmed, isDefault);
    } catch (caught) {
      if (caught instanceof ApiError && (caught.fieldError("name") || caught.status === 409))
        setError(caught.fieldError("name") ?? caught.message);
      else toast.error(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={mode === "create" ? t("views.saveAsTitle") : t("views.renameTitle")}
      data-testid="view-dialog"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <TextInput
            label={t("views.name")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={error}
            maxLength={limits.nameMax}
            data-autofocus
            required
            data-testid="view-name"
          />
          {mode === "create" && (
            <Checkbox
              label={t("views.makeDefault")}
              description={t("views.makeDefaultHint")}
              checked={isDefault}
              onChange={(event) => setIsDefault(event.currentTarget.checked)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common:action.cancel")}
            </Button>
            <Button type="submit" loading={saving} data-testid="view-dialog-save">
              {t("common:action.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
