import { useMemo, useState } from "react";
import { Select, SimpleGrid, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { isoDate, type AccountTeamMember, type AccountTeamRole } from "@relata/contracts";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { FieldInput, UserPicker, fieldSpec } from "../../../components/record-form";
import { toast } from "../../../components/dialogs";
import { accountTeamKey, addMember, patchMember } from "../api";
import { fieldProblems } from "../lib/problems";
import { rolesOpenTo } from "../lib/team";

/** Assigns one of our people to the company in a role (for a period, optionally), or changes an assignment's role, period or note. */
export function MemberForm({
  companyId,
  members,
  member,
  onClose,
}: {
  companyId: string;
  members: readonly AccountTeamMember[];
  member?: AccountTeamMember;
  onClose: () => void;
}) {
  const { t } = useTranslation("finance");
  const [userId, setUserId] = useState<string | null>(member?.userId ?? null);
  const [role, setRole] = useState<AccountTeamRole | null>(member?.role ?? null);
  const [startsOn, setStartsOn] = useState<string | null>(member?.startsOn ?? null);
  const [endsOn, setEndsOn] = useState<string | null>(member?.endsOn ?? null);
  const [note, setNote] = useState(member?.note ?? "");
  const [version, setVersion] = useState(member?.version ?? 0);
  const dateSpec = useMemo(() => fieldSpec("date", isoDate.nullable(), { widget: "date" }), []);
  const open = rolesOpenTo(members, userId, member?.role);
  const form = useDialogForm({
    reload: accountTeamKey(companyId),
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error, (key, options) => t(key, options ?? {}), { field: "role", key: "team.roleTaken" }),
    onReloaded: () => {
      const newest = form.queryClient.getQueryData<AccountTeamMember[]>(accountTeamKey(companyId))?.find((item) => item.id === member?.id);
      if (newest) setVersion(newest.version);
    },
  });

  async function submit() {
    const problems = {
      userId: userId ? undefined : t("team.personRequired"),
      role: !role ? t("team.roleRequired") : !open.includes(role) ? t("team.roleTaken") : undefined,
      endsOn: startsOn && endsOn && endsOn < startsOn ? t("team.endBeforeStart") : undefined,
    };
    if (!form.validate(problems)) return;
    const fields = { role: role!, startsOn, endsOn, note: note.trim() || null };
    const ok = await form.save(() =>
      member
        ? patchMember(companyId, member.id, version, fields)
        : addMember(companyId, { userId: userId!, ...fields }, form.idempotencyKey),
    );
    if (ok) {
      toast.success(member ? t("team.saved") : t("team.added"));
      onClose();
    }
  }

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={member ? t("common:action.save") : t("team.add")}
      testId="member-form"
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <UserPicker
          label={t("team.person")}
          required
          value={userId}
          onChange={(next) => {
            setUserId(next);
            form.clearWhere((field) => field === "userId" || field === "role");
          }}
          disabled={!!member}
          error={form.errors.userId}
          autoFocus={!member}
          data-testid="member-user"
        />
        <Select
          label={t("team.role")}
          required
          data={open.map((value) => ({ value, label: t(`role.${value}`) }))}
          value={role}
          onChange={(next) => {
            setRole(next as AccountTeamRole | null);
            form.clear("role");
          }}
          error={form.errors.role}
          data-testid="member-role"
        />
        <FieldInput
          field={dateSpec}
          value={startsOn}
          onChange={(next) => setStartsOn((next as string | null) ?? null)}
          label={t("team.startsOn")}
          required={false}
          error={form.errors.startsOn}
          testId="member-starts"
        />
        <FieldInput
          field={dateSpec}
          value={endsOn}
          onChange={(next) => {
            setEndsOn((next as string | null) ?? null);
            form.clear("endsOn");
          }}
          label={t("team.endsOn")}
          required={false}
          error={form.errors.endsOn}
          testId="member-ends"
        />
      </SimpleGrid>
      <TextInput
        label={t("team.note")}
        placeholder={t("team.notePlaceholder")}
        maxLength={1000}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        error={form.errors.note}
        data-testid="member-note"
      />
    </DialogForm>
  );
}
