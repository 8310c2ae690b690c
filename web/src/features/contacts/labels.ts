import type { MessagingHandle } from "@relata/contracts";

/** Messaging services are brand names, the same in every language (like language names); only "other" is translated. */
const messagingBrands: Partial<Record<MessagingHandle["kind"], string>> = {
  wechat: "WeChat",
  whatsapp: "WhatsApp",
  teams: "Microsoft Teams",
  slack: "Slack",
  telegram: "Telegram",
  skype: "Skype",
  linkedin: "LinkedIn",
};

export function messagingLabel(kind: string, t: (key: string) => string): string {
  return messagingBrands[kind as MessagingHandle["kind"]] ?? t("contacts:messagingKind.other");
}
