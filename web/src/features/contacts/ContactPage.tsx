import { useState } from "react";
import { Anchor, Button, Group, Text, ThemeIcon } from "@mantine/core";
import { IconGitMerge, IconId, IconTrash, IconUser } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Contact } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { useCan } from "../../lib/session";
import { languageNames } from "../../i18n";
import { confirm, toast } from "../../components/dialogs";
import { RecordPage } from "../../components/record-page";
import { contactKey, contactQuery, contactVcardUrl, deleteContact } from "./api";
import { ChannelSummary } from "./components/Channels";
import { MergeDialog } from "./components/MergeDialog";
import { ContactLink } from "./widgets";
import "./panels";

/** /contacts/$contactId: the person — company (back to the client card), reporting line, channels with consent — and its panels. */
export function ContactPage({ id }: { id: string }) {
  const { t } = useTranslation("contacts");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canUpdate = useCan("contact", "update");
  const canDelete = useCan("contact", "delete");
  const [merging, setMerging] = useState(false);

  const remove = async (contact: Contact) => {
    const ok = await confirm({
      title: t("delete.title"),
      message: t("delete.message", { name: contact.fullName }),
      confirmLabel: t("delete.confirm"),
      danger: true,
    });
    if (!ok) return;
    try {
      await deleteContact(contact.id, contact.version);
      queryClient.removeQueries({ queryKey: contactKey(contact.id) });
      void queryClient.invalidateQueries({ queryKey: ["contacts", "list"] });
      toast.success(t("delete.done", { name: contact.fullName }));
      void navigate({ to: "/contacts" });
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        toast.error(error, t("delete.changed"));
        void queryClient.invalidateQueries({ queryKey: contactKey(contact.id) });
      } else toast.error(error);
    }
  };

  return (
    <RecordPage<Contact>
      objectKind="contact"
      recordId={id}
      testId="contact"
      query={contactQuery(id)}
      eyebrow={t("object")}
      icon={
        <ThemeIcon size={44} radius="xl" variant="light" aria-hidden>
          <IconUser size={24} stroke={1.5} />
        </ThemeIcon>
      }
      title={(contact) => contact.fullName}
      documentTitle={(contact) => contact.fullName}
      back={{ to: "/contacts", label: t("backToList") }}
      facts={(contact) => [
        {
          label: t("field.companyId"),
          value: (
            <Anchor
              renderRoot={(props) => <Link to="/companies/$id" params={{ id: contact.companyId }} {...props} />}
              inherit
              data-testid="contact-company-link"
            >
              {contact.companyName}
            </Anchor>
          ),
          testId: "contact-fact-company",
        },
        {
          label: t("fact.position"),
          value: (
            <Text span inherit c={contact.title || contact.department ? undefined : "dimmed"}>
              {[contact.title, contact.department].filter(Boolean).join(" · ") || "—"}
            </Text>
          ),
          testId: "contact-fact-title",
        },
        {
          label: t("field.reportsToId"),
          value: <ContactLink id={contact.reportsToId} name={contact.reportsToName} />,
          testId: "contact-fact-reports-to",
        },
        { label: t("fact.channels"), value: <ChannelSummary contact={contact} />, testId: "contact-fact-channels" },
        {
          label: t("fact.preferences"),
          value: (
            <Text span inherit c={contact.preferredLanguage || contact.preferredChannel ? undefined : "dimmed"}>
              {[
                contact.preferredLanguage ? (languageNames as Record<string, string>)[contact.preferredLanguage] : null,
                contact.preferredChannel ? t(`channel.${contact.preferredChannel}`) : null,
              ]
                .filter(Boolean)
                .join(" · ") || "—"}
            </Text>
          ),
          testId: "contact-fact-preferences",
        },
      ]}
      actions={(contact) => (
        <Group gap="xs" wrap="wrap">
          <Button
            component="a"
            href={contactVcardUrl(contact.id)}
            download
            variant="default"
            leftSection={<IconId size={16} />}
            data-testid="contact-vcard"
          >
            {t("vcard.download")}
          </Button>
          {canUpdate && (
            <Button variant="default" leftSection={<IconGitMerge size={16} />} onClick={() => setMerging(true)} data-testid="contact-merge">
              {t("merge.open")}
            </Button>
          )}
          {canDelete && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => void remove(contact)}
              data-testid="contact-delete"
            >
              {t("common:action.delete")}
            </Button>
          )}
          {merging && <MergeDialog contact={contact} opened onClose={() => setMerging(false)} />}
        </Group>
      )}
    />
  );
}
