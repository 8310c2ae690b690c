import { useState, type FormEvent } from "react";
import { Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { securityLevels, type Role } from "@relata/contracts";
import { newIdempotencyKey } from "../../../lib/api";
import { useMe } from "../../../lib/session";
import { createRole } from "../api/roles";
import { copyPermissions, emptyPermissions, exceeds, roleKeyPattern, suggestRoleKey } from "../lib/permissions";
import { fieldErrors, notifyError, notifySuccess } from "./feedback";

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
    <Modal
      opened={opened}
      onClose={onClose}
      title={t("roles.createTitle")}
      size="md"
      attributes={{ content: { "data-testid": "role-create-dialog" } }}
    >
      {opened && <RoleCreateForm roles={roles} onClose={onClose} initialSource={initialSource} />}
    </Modal>
  );
}

function RoleCreateForm({ roles, onClose, initialSource }: { roles: Role[]; onClose: () => void; initialSource?: string }) {
  const { t } = useTranslation("admin");
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [keyTouched, setKeyTouched] = useState(false);
  const [clearance, setClearance] = useState(String(Math.min(1, me.role.clearance)));
  const [source, setSource] = useState(initialSource ?? "");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [saving, setSaving] = useState(false);
  const [idempotencyKey] = useState(newIdempotencyKey);

  const effectiveKey = keyTouched ? key : suggestRoleKey(name);
  const sourceRole = roles.find((role) => role.id === source);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t("common:validation.required");
    if (!effectiveKey) found.key = t("common:validation.required");
    else if (!roleKeyPattern.test(effectiveKey)) found.key = t("roles.keyInvalid");
    setErrors(found);
    if (Object.keys(found).length) return;
    const permissions = sourceRole ? copyPermissions(sourceRole.permissions) : emptyPermissions();
    setSaving(true);
    try {
      const role = await createRole({ key: effectiveKey, name: name.trim(), clearance: Number(clearance), permissions }, idempotencyKey);
      await queryClient.invalidateQueries({ queryKey: ["roles"] });
      notifySuccess(t("roles.created", { name: role.name }));
      onClose();
      void navigate({ to: "/admin/roles/$id", params: { id: role.id } });
    } catch (error) {
      const problems = fieldErrors(error, fields);
      if (problems.permissions) problems.source = problems.permissions;
      if (Object.keys(problems).length) setErrors(problems);
      else notifyError(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("roles.name")}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name}
          required
          data-autofocus
          data-testid="role-name"
        />
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
              label: exceeds(copyPermissions(role.permissions), me.permissions) ? t("roles.copyTooWide", { name: role.name }) : role.name,
              disabled: !!exceeds(copyPermissions(role.permissions), me.permissions),
            })),
          ]}
          error={errors.source}
          data-testid="role-copy-from"
        />
        <Text size="xs" c="dimmed">
          {t("roles.createNext")}
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t("common:action.cancel")}
          </Button>
          <Button type="submit" loading={saving} data-testid="role-create-submit">
            {t("common:action.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
