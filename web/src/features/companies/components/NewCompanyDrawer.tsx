import { useState } from "react";
import { Drawer } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { companyCreate, type Company } from "@relata/contracts";
import { useMe } from "../../../lib/session";
import { confirm, toast } from "../../../components/dialogs";
import { RecordForm } from "../../../components/record-form";
import { companyKey, createCompany } from "../api";
import { companyFormFields, companyLabelPrefix, useCompanyHints } from "../form";

/** "New company": the create form in a side drawer (full screen on phones); opens the new record when saved. */
export function NewCompanyDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("companies");
  const me = useMe();
  const hints = useCompanyHints();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [dirty, setDirty] = useState(false);
  // A fresh form each time the drawer opens.
  const [session, setSession] = useState(0);

  const close = async () => {
    if (
      dirty &&
      !(await confirm({
        title: t("create.discardTitle"),
        message: t("create.discardMessage"),
        confirmLabel: t("create.discard"),
        danger: true,
      }))
    )
      return;
    setDirty(false);
    setSession((value) => value + 1);
    onClose();
  };

  return (
    <Drawer
      opened={opened}
      onClose={() => void close()}
      position="right"
      size={phone ? "100%" : "lg"}
      title={t("create.title")}
      closeButtonProps={{ "aria-label": t("common:action.close") }}
      data-testid="company-create-drawer"
    >
      {opened && (
        <RecordForm<Company>
          key={session}
          schema={companyCreate}
          mode="create"
          fields={companyFormFields}
          labelPrefix={companyLabelPrefix}
          hints={hints}
          initial={{ name: "", ownerId: me.id, teamId: me.teamIds[0] ?? null, securityLevel: 0 }}
          onSubmit={(body, { idempotencyKey }) => createCompany(body, idempotencyKey)}
          onSaved={(company) => {
            queryClient.setQueryData(companyKey(company.id), company);
            void queryClient.invalidateQueries({ queryKey: ["companies", "list"] });
            toast.success(t("create.done", { name: company.name }));
            setDirty(false);
            setSession((value) => value + 1);
            onClose();
            void navigate({ to: "/companies/$id", params: { id: company.id } });
          }}
          onCancel={() => void close()}
          onDirtyChange={setDirty}
          submitLabel={t("create.submit")}
          columns={1}
          autoFocus
          guard={false}
          testId="company-create-form"
        />
      )}
    </Drawer>
  );
}
