import { Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { i18next } from "../i18n";
import { ApiError } from "../lib/api";
import { errorMessageKey } from "./states";

/** Asks before something that cannot be undone; resolves true when confirmed. */
export function confirm(options: { title: string; message: string; confirmLabel?: string; danger?: boolean }): Promise<boolean> {
  const t = i18next.t.bind(i18next);
  return new Promise((resolve) => {
    modals.openConfirmModal({
      title: options.title,
      children: <Text size="sm">{options.message}</Text>,
      labels: { confirm: options.confirmLabel ?? t("action.confirm"), cancel: t("action.cancel") },
      confirmProps: options.danger ? { color: "red" } : undefined,
      closeButtonProps: { "aria-label": t("action.close") },
      onConfirm: () => resolve(true),
      onCancel: () => resolve(false),
      onClose: () => resolve(false),
    });
  });
}

/** The notifications' close button needs a name for screen readers. */
const closeLabel = () => ({ "aria-label": i18next.t("action.close") });

export const toast = {
  success(message: string) {
    notifications.show({ color: "teal", message, autoClose: 3000, closeButtonProps: closeLabel() });
  },
  info(message: string) {
    notifications.show({ color: "blue", message, autoClose: 4000, closeButtonProps: closeLabel() });
  },
  /** Something the user must know that did not stop the work: stays until closed. */
  warning(message: string) {
    notifications.show({ color: "orange", message, autoClose: false, closeButtonProps: closeLabel() });
  },
  /** A failed call, in words; the request id lets support find it in the logs. */
  error(error: unknown, title?: string) {
    const t = i18next.t.bind(i18next);
    const message = error instanceof ApiError && error.status >= 400 && error.status < 500 ? error.message : t(errorMessageKey(error));
    notifications.show({
      color: "red",
      title: title ?? t(errorMessageKey(error)),
      message,
      autoClose: 8000,
      closeButtonProps: closeLabel(),
    });
  },
};
