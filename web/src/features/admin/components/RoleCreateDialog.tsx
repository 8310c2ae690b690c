import { useState } from "react";
import { NativeSelect, Text, TextInput } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { securityLevels, type Role } from "@relata/contracts";
import { useMe } from "../../../lib/session";
import { createRole } from "../api/roles";
import { copyPermissions, emptyPermissions, exceeds, roleKeyPattern, suggestRoleKey } from "../lib/permissions";
import { useRoleLabel } from "../lib/roleNames";
import { DialogForm, FormDialog } from "../../../components/form-dialog";
import { NameField, useAdminForm } from "./AdminDialog";
import { notifySuccess } from "./feedback";

const fields = ["key", "name", "clearance", "permissions"] as const;

/** New role: name, key, clearance, and optionally the permissions of an existing role to start from. */
export function RoleCreateDialog({
  opened,
  onClose,
  roles,
  initialSource,
}: {
  opened: boolean;
  onClose: () => void;
  roles: Role[];
  initialSource?: string;
}) {
  const { t } = useTranslation("admin");
  return (
    <FormDialog opened={opened} onClose={onClose} title={t("roles.createTitle")} size="md" testId="role-create-dialog">
      <RoleCreateForm roles={roles} onClose={onClose} initialSource={initialSource} />
    </FormDialog>
  );
}

function RoleCreateForm({ roles, onClose, initialSource }: { roles: Role[]; onClose: () => void; initialSource?: string }) {
  const { t } = useTranslation("admin");
  const me = useMe();
  const navigate = useNavigate();
  const roleLabel = useRoleLabel();
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [keyTouched, setKeyTouched] = useState(false);
  const [clearance, setClearance] = useState(String(Math.min(1, me.role.clearance)));
  const [source, setSource] = useState(initialSource ?? "");
  // A source role wider than mine is refused as "permissions": that is the source picker's fault.
  const form = useAdminForm(fields, { mapErrors: (found) => (found.permissions ? { ...found, source: found.permissions } : found) });
  const { errors } = form;

  const effectiveKey = keyTouched ? key : suggestRoleKey(name);
  const sourceRole = roles.find((role) => role.id === source);

  async function submit() {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t("common:validation.required");
    if (!effectiveKey) found.key = t("common:validation.required");
    else if (!roleKeyPattern.test(effectiveKey)) found.key = t("roles.keyInvalid");
    if (!form.validate(found)) return;
    const permissions = sourceRole ? copyPermissions(sourceRole.permissions) : emptyPermissions();
    await form.save(async () => {
      const role = await createRole(
        { key: effectiveKey, name: name.trim(), clearance: Number(clearance), permissions },
        form.idempotencyKey,
      );
      await form.queryClient.invalidateQueries({ queryKey: ["roles"] });
      notifySuccess(t("roles.created", { name: role.name }));
      onClose();
      void navigate({ to: "/admin/roles/$id", params: { id: role.id } });
    });
  }

  return (
    <DialogForm form={form} onSubmit={submit} onCancel={onClose} submitLabel={t("common:action.create")} testId="role-create">
      <NameField label={t("roles.name")} value={name} onChange={setName} error={errors.name} testId="role-name" />
      <TextInput
        label={t("roles.key")}
        description={t("roles.keyHint")}
        value={effectiveKey}
        onChange={(event) => {
          setKeyTouched(true);
          setKey(event.currentTarget.value.toLowerCase());
        }}
        error={errors.key}
        required
        data-testid="role-key"
      />
      <NativeSelect
        label={t("roles.clearance")}
        description={t("roles.clearanceHint")}
        value={clearance}
        onChange={(event) => setClearance(event.currentTarget.value)}
        data={securityLevels.map((level) => ({
          value: String(level),
          label: t(`securityLevel.${level}`),
          disabled: level > me.role.clearance,
        }))}
        error={errors.clearance}
        data-testid="role-clearance"
      />
      <NativeSelect
        label={t("roles.copyFrom")}
        description={t("roles.copyFromHint")}
        value={source}
        onChange={(event) => setSource(event.currentTarget.value)}
        data={[
          { value: "", label: t("roles.copyNone") },
          ...roles.map((role) => ({
            value: role.id,
            label: exceeds(copyPermissions(role.permissions), me.permissions)
              ? t("roles.copyTooWide", { name: roleLabel(role) })
              : roleLabel(role),
            disabled: !!exceeds(copyPermissions(role.permissions), me.permissions),
          })),
        ]}
        error={errors.source}
        data-testid="role-copy-from"
      />
      <Text size="xs" c="dimmed">
        {t("roles.createNext")}
      </Text>
    </DialogForm>
  );
}
