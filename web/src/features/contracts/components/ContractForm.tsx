// Create or edit a contract's terms (a new contract starts as a draft; items are added on it).
import { useState } from "react";
import { MultiSelect, NumberInput, Select, SimpleGrid, TextInput, Textarea } from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import {
  billingSchedules,
  collectionMethods,
  type BillingSchedule,
  type CollectionMethod,
  type Contact,
  type Contract,
} from "@relata/contracts";
import { api } from "../../../lib/api";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { UserPicker, useCurrencyOptions } from "../../../components/record-form";
import { toast } from "../../../components/dialogs";
import { companyTopic, contractsKey, createContract, patchContract } from "../api";
import { documentQuery, documentsQuery } from "../../documents/api";
import { reminderSettingsQuery } from "../../settings/contracts-settings-api";
import { fieldProblems, showsFields } from "../lib/problems";

const contactsOfCompany = (companyId: string) => ({
  queryKey: ["contacts", "contract-signers", companyId],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api<{ items: Contact[] }>("GET", "/api/contacts", { query: { "filter[companyId]": companyId, limit: 200, sort: "name" }, signal }).then(
      (page) => page.items,
    ),
  meta: { topics: [companyTopic(companyId), "list:contacts"] },
});

type Fields = {
  number: string;
  title: string;
  currency: string | null;
  ourSignerId: string | null;
  clientSignerIds: string[];
  signedOn: string;
  startOn: string;
  endOn: string;
  paymentMethod: CollectionMethod;
  paymentTermsDays: number | string;
  billingSchedule: BillingSchedule;
  renewalTerms: string;
  reminderLeadDays: number | string;
  documentId: string | null;
  documentRevisionId: string | null;
};

export function ContractForm({
  companyId,
  contract,
  defaultCurrency,
  onClose,
  onCreated,
}: {
  companyId: string;
  contract?: Contract;
  defaultCurrency: string | null;
  onClose: () => void;
  onCreated?: (contract: Contract) => void;
}) {
  const { t } = useTranslation("contracts");
  const currencies = useCurrencyOptions();
  const contacts = useQuery(contactsOfCompany(companyId));
  const [fields, setFields] = useState<Fields>(() => ({
    number: contract?.number ?? "",
    title: contract?.title ?? "",
    currency: contract?.currency ?? defaultCurrency,
    ourSignerId: contract?.ourSignerId ?? null,
    clientSignerIds: contract?.clientSignerIds ?? [],
    signedOn: contract?.signedOn ?? "",
    startOn: contract?.startOn ?? "",
    endOn: contract?.endOn ?? "",
    paymentMethod: contract?.paymentMethod ?? "transfer",
    paymentTermsDays: contract?.paymentTermsDays ?? 30,
    billingSchedule: contract?.billingSchedule ?? "per_fulfilment",
    renewalTerms: contract?.renewalTerms ?? "",
    // A new contract: empty means the default lead time of the reminder settings.
    reminderLeadDays: contract?.reminderLeadDays ?? "",
    documentId: contract?.document?.id ?? null,
    documentRevisionId: contract?.documentRevisionId ?? null,
  }));
  const reminderDefaults = useQuery({ ...reminderSettingsQuery, enabled: !contract });
  const documents = useInfiniteQuery(documentsQuery("company", companyId));
  const pickedDocument = useQuery({ ...documentQuery(fields.documentId ?? "", companyId), enabled: !!fields.documentId });
  const form = useDialogForm({
    reload: contractsKey(companyId),
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error, "number"),
    shows: showsFields(
      "number",
      "currency",
      "title",
      "ourSignerId",
      "clientSignerIds",
      "clientSignerIds.",
      "signedOn",
      "startOn",
      "endOn",
      "paymentMethod",
      "paymentTermsDays",
      "billingSchedule",
      "reminderLeadDays",
      "renewalTerms",
      "documentRevisionId",
    ),
  });
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields((current) => ({ ...current, [key]: value }));
    form.clear(key);
  };

  // The company's documents (contract documents first), then the picked one's revisions, newest first.
  const documentOptions = (documents.data?.pages.flatMap((page) => page.items) ?? [])
    .slice()
    .sort((a, b) => Number(b.kind === "contract") - Number(a.kind === "contract"))
    .map((document) => ({ value: document.id, label: `${document.title} (${t(`documents:kind.${document.kind}`)})` }));
  if (contract?.document && !documentOptions.some((option) => option.value === contract.document!.id))
    documentOptions.push({ value: contract.document.id, label: contract.document.title });
  const revisionOptions = (pickedDocument.data?.revisions ?? []).map((revision) => ({
    value: revision.id,
    label: t("form.revisionOption", { number: revision.number, file: revision.fileName }),
  }));

  async function submit() {
    const problems = {
      number: !contract && !fields.number.trim() ? t("form.required") : undefined,
      title: !fields.title.trim() ? t("form.required") : undefined,
      currency: !fields.currency ? t("form.required") : undefined,
      endOn: fields.startOn && fields.endOn && fields.endOn < fields.startOn ? t("form.endBeforeStart") : undefined,
      paymentTermsDays: typeof fields.paymentTermsDays !== "number" ? t("form.required") : undefined,
      reminderLeadDays: contract && typeof fields.reminderLeadDays !== "number" ? t("form.required") : undefined,
      documentRevisionId: fields.documentId && !fields.documentRevisionId ? t("form.pickRevision") : undefined,
    };
    if (!form.validate(problems)) return;
    const terms = {
      title: fields.title.trim(),
      ourSignerId: fields.ourSignerId,
      clientSignerIds: fields.clientSignerIds,
      signedOn: fields.signedOn || null,
      startOn: fields.startOn || null,
      endOn: fields.endOn || null,
      paymentMethod: fields.paymentMethod,
      paymentTermsDays: Number(fields.paymentTermsDays),
      billingSchedule: fields.billingSchedule,
      renewalTerms: fields.renewalTerms.trim() || null,
      ...(typeof fields.reminderLeadDays === "number" ? { reminderLeadDays: fields.reminderLeadDays } : {}),
      documentRevisionId: fields.documentId ? fields.documentRevisionId : null,
    };
    let created: Contract | undefined;
    const ok = await form.save(async () => {
      if (contract) await patchContract(companyId, contract.id, contract.version, terms);
      else
        created = await createContract(
          companyId,
          { number: fields.number.trim(), currency: fields.currency!, ...terms },
          form.idempotencyKey,
        );
    });
    if (ok) {
      toast.success(contract ? t("form.saved") : t("form.created"));
      if (created) onCreated?.(created);
      onClose();
    }
  }

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={contract ? t("common:action.save") : t("form.create")}
      testId="contract-form"
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label={t("field.number")}
          required
          value={fields.number}
          onChange={(event) => set("number", event.currentTarget.value)}
          error={form.errors.number}
          disabled={!!contract}
          data-autofocus
          data-testid="contract-number"
        />
        <Select
          label={t("field.currency")}
          required
          searchable
          data={currencies}
          value={fields.currency}
          onChange={(value) => set("currency", value)}
          error={form.errors.currency}
          disabled={!!contract}
          data-testid="contract-currency"
        />
      </SimpleGrid>
      <TextInput
        label={t("field.title")}
        required
        value={fields.title}
        onChange={(event) => set("title", event.currentTarget.value)}
        error={form.errors.title}
        data-testid="contract-title"
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <UserPicker
          label={t("field.ourSigner")}
          value={fields.ourSignerId}
          onChange={(value) => set("ourSignerId", value)}
          error={form.errors.ourSignerId}
          clearable
          comboboxProps={{ withinPortal: true }}
          data-testid="contract-our-signer"
        />
        <MultiSelect
          label={t("field.clientSigners")}
          data={(contacts.data ?? []).map((contact) => ({ value: contact.id, label: contact.fullName }))}
          value={fields.clientSignerIds}
          onChange={(value) => set("clientSignerIds", value)}
          error={form.errors.clientSignerIds}
          searchable
          nothingFoundMessage={t("form.noContacts")}
          data-testid="contract-client-signers"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <TextInput
          type="date"
          label={t("field.signedOn")}
          value={fields.signedOn}
          onChange={(event) => set("signedOn", event.currentTarget.value)}
          error={form.errors.signedOn}
          data-testid="contract-signed-on"
        />
        <TextInput
          type="date"
          label={t("field.startOn")}
          value={fields.startOn}
          onChange={(event) => set("startOn", event.currentTarget.value)}
          error={form.errors.startOn}
          data-testid="contract-start-on"
        />
        <TextInput
          type="date"
          label={t("field.endOn")}
          value={fields.endOn}
          onChange={(event) => set("endOn", event.currentTarget.value)}
          error={form.errors.endOn}
          data-testid="contract-end-on"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <Select
          label={t("field.paymentMethod")}
          data={collectionMethods.map((method) => ({ value: method, label: t(`finance:collection.${method}`) }))}
          value={fields.paymentMethod}
          onChange={(value) => value && set("paymentMethod", value as CollectionMethod)}
          allowDeselect={false}
          error={form.errors.paymentMethod}
          data-testid="contract-payment-method"
        />
        <NumberInput
          label={t("field.paymentTermsDays")}
          min={0}
          max={365}
          allowDecimal={false}
          value={fields.paymentTermsDays}
          onChange={(value) => set("paymentTermsDays", value)}
          error={form.errors.paymentTermsDays}
          data-testid="contract-payment-terms"
        />
        <Select
          label={t("field.billingSchedule")}
          data={billingSchedules.map((schedule) => ({ value: schedule, label: t(`schedule.${schedule}`) }))}
          value={fields.billingSchedule}
          onChange={(value) => value && set("billingSchedule", value as BillingSchedule)}
          allowDeselect={false}
          error={form.errors.billingSchedule}
          data-testid="contract-billing-schedule"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <NumberInput
          label={t("field.reminderLeadDays")}
          min={0}
          max={365}
          allowDecimal={false}
          value={fields.reminderLeadDays}
          onChange={(value) => set("reminderLeadDays", value)}
          error={form.errors.reminderLeadDays}
          placeholder={reminderDefaults.data ? t("form.defaultLeadDays", { count: reminderDefaults.data.contractLeadDays }) : undefined}
          description={!contract ? t("form.leadDaysHelp") : undefined}
          data-testid="contract-reminder-lead"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label={t("field.document")}
          placeholder={documents.isPending ? t("common:state.loading") : t("form.noDocument")}
          data={documentOptions}
          value={fields.documentId}
          onChange={(value) => {
            setFields((current) => ({ ...current, documentId: value, documentRevisionId: null }));
            form.clear("documentRevisionId");
          }}
          clearable
          searchable
          nothingFoundMessage={t("form.noDocuments")}
          comboboxProps={{ withinPortal: true }}
          data-testid="contract-document"
        />
        <Select
          label={t("field.documentRevision")}
          placeholder={fields.documentId && pickedDocument.isPending ? t("common:state.loading") : undefined}
          data={revisionOptions}
          value={fields.documentRevisionId}
          onChange={(value) => set("documentRevisionId", value)}
          disabled={!fields.documentId}
          allowDeselect={false}
          error={form.errors.documentRevisionId}
          comboboxProps={{ withinPortal: true }}
          data-testid="contract-document-revision"
        />
      </SimpleGrid>
      <Textarea
        label={t("field.renewalTerms")}
        autosize
        minRows={2}
        maxRows={5}
        value={fields.renewalTerms}
        onChange={(event) => set("renewalTerms", event.currentTarget.value)}
        error={form.errors.renewalTerms}
        data-testid="contract-renewal-terms"
      />
    </DialogForm>
  );
}
