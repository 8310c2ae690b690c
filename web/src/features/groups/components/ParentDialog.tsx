import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { NumberInput, Select, SimpleGrid, Stack } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { companyRelations, isoDate, type Company, type CompanyLink, type CompanyRelation } from "@relata/contracts";
import { DialogForm, FormDialog, useDialogForm } from "../../../components/form-dialog";
import { FieldInput, ReferencePicker, fieldSpec, type ReferenceLoader } from "../../../components/record-form";
import { toast } from "../../../components/dialogs";
import { companyName, linksKey, parentVersion, putParent, searchCompanies } from "../api";
import { linkProblems } from "../problems";

/**
 * Sets the company's parent, moves it to another one, or changes the current link's relation,
 * share and start: the server refuses a parent inside the company's own subtree (a cycle) and says
 * so on the parent field; a change made meanwhile by someone else (412) is said above the form.
 */
export function ParentDialog({
  company,
  links,
  below,
  opened,
  onClose,
}: {
  company: Company;
  links: readonly CompanyLink[];
  /** Companies below this one in its group (marked in the picker: choosing one would make a cycle). */
  below: ReadonlySet<string>;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation("groups");
  const current = links.find((link) => link.current);
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={current ? t("link.moveTitle", { name: company.name }) : t("link.setTitle", { name: company.name })}
      testId="parent-dialog"
    >
      <ParentForm company={company} links={links} current={current} below={below} onClose={onClose} />
    </FormDialog>
  );
}

function ParentForm({
  company,
  links,
  current,
  below,
  onClose,
}: {
  company: Company;
  links: readonly CompanyLink[];
  current: CompanyLink | undefined;
  below: ReadonlySet<string>;
  onClose: () => void;
}) {
  const { t } = useTranslation("groups");
  const queryClient = useQueryClient();
  const [parentId, setParentId] = useState<string | null>(current?.parentId ?? null);
  const [relation, setRelation] = useState<CompanyRelation>(current?.relation ?? "subsidiary");
  const [share, setShare] = useState<number | null>(current?.share ?? null);
  const [validFrom, setValidFrom] = useState<string | null>(null);
  const [version, setVersion] = useState(() => parentVersion(links));
  const dateSpec = useMemo(() => fieldSpec("validFrom", isoDate.nullable(), { widget: "date", past: true }), []);

  const loader = useMemo<ReferenceLoader>(
    () => ({
      queryKey: ["groups", "parent-picker", company.id, [...below].sort().join(",")],
      search: async (q) =>
        (await searchCompanies(q))
          .filter((candidate) => candidate.id !== company.id)
          .map((candidate) => ({
            value: candidate.id,
            label: candidate.name,
            description: below.has(candidate.id) ? t("link.belowThis") : (candidate.country ?? undefined),
          })),
      resolve: async (id) => {
        const found = await companyName(id);
        return { value: found.id, label: found.name };
      },
    }),
    [company.id, below, t],
  );

  const form = useDialogForm({
    reload: linksKey(company.id),
    notify: (error) => toast.error(error),
    fieldProblems: (error) => linkProblems(error, t),
    onReloaded: () => setVersion(parentVersion(queryClient.getQueryData<CompanyLink[]>(linksKey(company.id)) ?? [])),
    onSaved: () => void queryClient.invalidateQueries({ queryKey: ["groups"] }),
  });

  async function submit() {
    const problems = {
      parentId: !parentId ? t("link.parentRequired") : parentId === company.id ? t("problem.ownParent") : undefined,
      share: share !== null && (share < 0 || share > 100) ? t("problem.shareRange") : undefined,
    };
    if (!form.validate(problems)) return;
    const body = { parentId: parentId!, relation, share, ...(validFrom ? { validFrom } : {}) };
    const ok = await form.save(() => putParent(company.id, body, version));
    if (ok) {
      toast.success(t("link.saved"));
      onClose();
    }
  }

  return (
    <DialogForm form={form} onSubmit={submit} onCancel={onClose} submitLabel={t("common:action.save")} testId="parent-form">
      <Stack gap="sm">
        <ReferencePicker
          loader={loader}
          label={t("link.parent")}
          required
          value={parentId}
          onChange={(next) => {
            setParentId(next);
            form.clear("parentId");
          }}
          error={form.errors.parentId}
          autoFocus
          comboboxProps={{ withinPortal: true }}
          data-testid="parent-company"
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t("link.relation")}
            required
            data={companyRelations.map((value) => ({ value, label: t(`relation.${value}`) }))}
            value={relation}
            onChange={(next) => next && setRelation(next as CompanyRelation)}
            allowDeselect={false}
            error={form.errors.relation}
            comboboxProps={{ withinPortal: true }}
            data-testid="parent-relation"
          />
          <NumberInput
            label={t("link.share")}
            description={t("link.shareHint")}
            min={0}
            max={100}
            decimalScale={2}
            suffix=" %"
            value={share ?? ""}
            onChange={(next) => {
              setShare(typeof next === "number" ? next : next === "" ? null : Number(next));
              form.clear("share");
            }}
            error={form.errors.share}
            data-testid="parent-share"
          />
        </SimpleGrid>
        <FieldInput
          field={dateSpec}
          value={validFrom}
          onChange={(next) => {
            setValidFrom((next as string | null) ?? null);
            form.clear("validFrom");
          }}
          label={t("link.validFrom")}
          description={current && current.parentId === parentId ? t("link.validFromSame") : t("link.validFromHint")}
          required={false}
          error={form.errors.validFrom}
          testId="parent-valid-from"
        />
      </Stack>
    </DialogForm>
  );
}
