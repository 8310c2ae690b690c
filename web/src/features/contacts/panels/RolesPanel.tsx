import { useState } from "react";
import { ActionIcon, Anchor, Badge, Button, Card, Group, Menu, Modal, SimpleGrid, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconBuildingSkyscraper, IconDots, IconPencil, IconPlayerStop, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import dayjs from "dayjs";
import { contactRoleInput, contactRolePatch, type Contact, type ContactRole } from "@relata/contracts";
import { useCan, useFormat } from "../../../lib/session";
import { confirm, toast } from "../../../components/dialogs";
import { RecordForm } from "../../../components/record-form";
import type { PanelProps } from "../../../components/record-page";
import { EmptyState } from "../../../components/states";
import { addRole, contactKey, deleteRole, patchRole } from "../api";
import { roleEnded, roleFields, roleHints } from "../roles";

const editFields = roleFields.filter((name) => name !== "companyId");

/** Roles at other companies: the primary company first, then each role with its period; add, edit, end, remove. */
export function RolesPanel({ record }: PanelProps<Contact>) {
  const { t } = useTranslation("contacts");
  const format = useFormat();
  const queryClient = useQueryClient();
  const canUpdate = useCan("contact", "update");
  const [editing, setEditing] = useState<ContactRole | "new" | null>(null);
  const refresh = (result?: unknown) => {
    if (result && typeof result === "object" && "roles" in result) queryClient.setQueryData(contactKey(record.id), result);
    void queryClient.invalidateQueries({ queryKey: contactKey(record.id) });
    void queryClient.invalidateQueries({ queryKey: ["contacts", "list"] });
  };
  const roles = [...record.roles].sort((a, b) => Number(roleEnded(a)) - Number(roleEnded(b)) || a.companyName.localeCompare(b.companyName));

  const end = async (role: ContactRole) => {
    const ok = await confirm({
      title: t("role.endTitle"),
      message: t("role.endMessage", { name: record.fullName, company: role.companyName }),
      confirmLabel: t("role.end"),
    });
    if (!ok) return;
    try {
      refresh(await patchRole(record.id, role.id, { endedOn: dayjs().format("YYYY-MM-DD") }, role.version));
      toast.success(t("role.ended", { company: role.companyName }));
    } catch (error) {
      toast.error(error);
      refresh();
    }
  };
  const remove = async (role: ContactRole) => {
    const ok = await confirm({
      title: t("role.removeTitle"),
      message: t("role.removeMessage", { company: role.companyName }),
      confirmLabel: t("role.remove"),
      danger: true,
    });
    if (!ok) return;
    try {
      await deleteRole(record.id, role.id, role.version);
      refresh();
      toast.success(t("role.removed", { company: role.companyName }));
    } catch (error) {
      toast.error(error);
      refresh();
    }
  };

  const period = (role: ContactRole) =>
    role.startedOn && role.endedOn
      ? t("role.period", { from: format.date(`${role.startedOn}T12:00:00Z`), to: format.date(`${role.endedOn}T12:00:00Z`) })
      : role.startedOn
        ? t("role.since", { from: format.date(`${role.startedOn}T12:00:00Z`) })
        : role.endedOn
          ? t("role.until", { to: format.date(`${role.endedOn}T12:00:00Z`) })
          : null;

  return (
    <Stack gap="md" maw={1100} data-testid="contact-roles">
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed" style={{ flex: "1 1 240px" }}>
          {t("role.intro")}
        </Text>
        {canUpdate && (
          <Button leftSection={<IconPlus size={16} />} variant="light" onClick={() => setEditing("new")} data-testid="role-add">
            {t("role.add")}
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Card withBorder padding="md" data-testid="role-primary">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconBuildingSkyscraper size={18} style={{ flexShrink: 0 }} aria-hidden />
              <Anchor renderRoot={(props) => <Link to="/companies/$id" params={{ id: record.companyId }} {...props} />} fw={500}>
                {record.companyName}
              </Anchor>
            </Group>
            <Badge variant="light" style={{ textTransform: "none", flexShrink: 0 }}>
              {t("role.primary")}
            </Badge>
          </Group>
          <Text size="sm" mt={4} c={record.title || record.department ? undefined : "dimmed"}>
            {[record.title, record.department].filter(Boolean).join(" · ") || "—"}
          </Text>
        </Card>
        {roles.map((role) => {
          const ended = roleEnded(role);
          const when = period(role);
          return (
            <Card key={role.id} withBorder padding="md" data-testid="role-card" data-ended={ended || undefined}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                  <IconBuildingSkyscraper size={18} style={{ flexShrink: 0 }} aria-hidden />
                  <Anchor
                    renderRoot={(props) => <Link to="/companies/$id" params={{ id: role.companyId }} {...props} />}
                    fw={500}
                    style={{ overflowWrap: "anywhere" }}
                  >
                    {role.companyName}
                  </Anchor>
                </Group>
                <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                  <Badge variant="light" color={ended ? "gray" : "teal"} style={{ textTransform: "none" }}>
                    {ended ? t("role.endedBadge") : t("role.active")}
                  </Badge>
                  {canUpdate && (
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t("role.actions", { company: role.companyName })}
                          data-testid="role-menu"
                        >
                          <IconDots size={16} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing(role)} data-testid="role-edit">
                          {t("role.edit")}
                        </Menu.Item>
                        {!ended && (
                          <Menu.Item leftSection={<IconPlayerStop size={14} />} onClick={() => void end(role)} data-testid="role-end">
                            {t("role.end")}
                          </Menu.Item>
                        )}
                        <Menu.Item
                          color="red"
                          leftSection={<IconTrash size={14} />}
                          onClick={() => void remove(role)}
                          data-testid="role-remove"
                        >
                          {t("role.remove")}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Group>
              </Group>
              <Text size="sm" mt={4} c={role.title || role.department ? undefined : "dimmed"}>
                {[role.title, role.department].filter(Boolean).join(" · ") || "—"}
              </Text>
              {when && (
                <Text size="xs" c="dimmed" mt={2}>
                  {when}
                </Text>
              )}
            </Card>
          );
        })}
      </SimpleGrid>
      {roles.length === 0 && <EmptyState title={t("role.empty")} description={canUpdate ? t("role.emptyHint") : undefined} />}
      <RoleDialog
        contact={record}
        role={editing}
        onClose={() => setEditing(null)}
        onSaved={(result) => {
          refresh(result);
          setEditing(null);
        }}
      />
    </Stack>
  );
}

function RoleDialog({
  contact,
  role,
  onClose,
  onSaved,
}: {
  contact: Contact;
  role: ContactRole | "new" | null;
  onClose: () => void;
  onSaved: (result: unknown) => void;
}) {
  const { t } = useTranslation("contacts");
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const creating = role === "new";
  const existing = role && role !== "new" ? role : null;
  return (
    <Modal
      opened={!!role}
      onClose={onClose}
      title={creating ? t("role.addTitle", { name: contact.fullName }) : t("role.editTitle", { company: existing?.companyName ?? "" })}
      size="lg"
      fullScreen={!!phone}
      data-testid="role-dialog"
    >
      {role && (
        <RecordForm<unknown>
          key={existing?.id ?? "new"}
          schema={creating ? contactRoleInput : contactRolePatch}
          mode={creating ? "create" : "edit"}
          initial={existing ?? {}}
          version={existing?.version}
          fields={creating ? roleFields : editFields}
          labelPrefix="contacts:role.field."
          hints={roleHints}
          onSubmit={(body, context) =>
            existing ? patchRole(contact.id, existing.id, body, context.version) : addRole(contact.id, body, context.idempotencyKey)
          }
          onSaved={(result) => {
            toast.success(creating ? t("role.added") : t("role.saved"));
            onSaved(result);
          }}
          onCancel={onClose}
          submitLabel={creating ? t("role.addSubmit") : undefined}
          guard={false}
          autoFocus
          testId="role-form"
        />
      )}
    </Modal>
  );
}
