import { Anchor, Badge, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconCheck, IconMail, IconMessage, IconPhone, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Contact } from "@relata/contracts";
import { messagingLabel } from "../labels";

/** One consent flag as a small badge: granted (teal, check) or not (grey, cross). */
export function ConsentBadge({ kind, granted, size = "sm" }: { kind: "email" | "sms" | "calls"; granted: boolean; size?: "xs" | "sm" }) {
  const { t } = useTranslation("contacts");
  const label = t(`consent.${kind}`);
  return (
    <Tooltip label={t(granted ? "consent.granted" : "consent.notGranted", { channel: label })} withArrow>
      <Badge
        size={size}
        variant="light"
        color={granted ? "teal" : "gray"}
        leftSection={granted ? <IconCheck size={11} /> : <IconX size={11} />}
        style={{ textTransform: "none" }}
        aria-label={t(granted ? "consent.granted" : "consent.notGranted", { channel: label })}
        data-testid={`consent-${kind}`}
        data-granted={granted}
      >
        {label}
      </Badge>
    </Tooltip>
  );
}

/** The three consent flags side by side, on one line (list rows have a fixed height). */
export function ConsentBadges({ contact }: { contact: Pick<Contact, "consentEmail" | "consentSms" | "consentCalls"> }) {
  return (
    <Group gap={4} wrap="nowrap">
      <ConsentBadge kind="email" granted={contact.consentEmail} size="xs" />
      <ConsentBadge kind="sms" granted={contact.consentSms} size="xs" />
      <ConsentBadge kind="calls" granted={contact.consentCalls} size="xs" />
    </Group>
  );
}

/** The first email, with how many more. */
export function FirstEmail({ contact, link = false }: { contact: Pick<Contact, "emails">; link?: boolean }) {
  const first = contact.emails[0];
  if (!first)
    return (
      <Text span inherit c="dimmed">
        —
      </Text>
    );
  return (
    <Text
      span
      inherit
      style={link ? { overflowWrap: "anywhere", minWidth: 0 } : { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
    >
      {link ? (
        <Anchor href={`mailto:${first.address}`} inherit>
          {first.address}
        </Anchor>
      ) : (
        first.address
      )}
      {contact.emails.length > 1 && (
        <Text span c="dimmed" inherit>
          {` +${contact.emails.length - 1}`}
        </Text>
      )}
    </Text>
  );
}

/** The first phone number, with how many more. */
export function FirstPhone({ contact, link = false }: { contact: Pick<Contact, "phones">; link?: boolean }) {
  const first = contact.phones[0];
  if (!first)
    return (
      <Text span inherit c="dimmed">
        —
      </Text>
    );
  const shown = first.number;
  return (
    <Text span inherit style={{ whiteSpace: "nowrap" }}>
      {link ? (
        <Anchor href={`tel:${first.e164 ?? shown.replace(/[^\d+]/g, "")}`} inherit>
          {shown}
        </Anchor>
      ) : (
        shown
      )}
      {contact.phones.length > 1 && (
        <Text span c="dimmed" inherit>
          {` +${contact.phones.length - 1}`}
        </Text>
      )}
    </Text>
  );
}

/** The header's channels: email with its consent, phone with SMS and call consent, messaging. */
export function ChannelSummary({ contact }: { contact: Contact }) {
  const { t } = useTranslation("contacts");
  return (
    <Stack gap={6} data-testid="contact-channels">
      <Group gap="xs" wrap="wrap">
        <IconMail size={16} aria-label={t("field.emails")} />
        <FirstEmail contact={contact} link />
        <ConsentBadge kind="email" granted={contact.consentEmail} />
      </Group>
      <Group gap="xs" wrap="wrap">
        <IconPhone size={16} aria-label={t("field.phones")} />
        <FirstPhone contact={contact} link />
        <ConsentBadge kind="sms" granted={contact.consentSms} />
        <ConsentBadge kind="calls" granted={contact.consentCalls} />
      </Group>
      {contact.messaging.length > 0 && (
        <Group gap="xs" wrap="wrap">
          <IconMessage size={16} aria-label={t("field.messaging")} />
          {contact.messaging.map((handle) => (
            <Text key={`${handle.kind}:${handle.handle}`} span size="sm">
              {handle.handle}{" "}
              <Text span c="dimmed" size="xs">
                {messagingLabel(handle.kind, t)}
              </Text>
            </Text>
          ))}
        </Group>
      )}
    </Stack>
  );
}
