import { Alert, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconLock } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { i18next } from "../../../i18n";
import { ApiError } from "../../../lib/api";
import { errorMessageKey } from "../../../components/states";
import { toast } from "../../../components/dialogs";
import { fieldProblems, serverMessageKey } from "../lib/serverMessages";

type Translate = (key: string, options?: Record<string, unknown>) => string;
const translate: Translate = (key, options) => i18next.t(key, options ?? {}) as string;

/** A server message in the reader's language when we know it, else as the server wrote it. */
export function serverText(message: string | undefined, t: Translate = translate): string | undefined {
  const key = serverMessageKey(message);
  return key ? t(`admin:${key}`) : message;
}

/** What went wrong, in one sentence for a person. */
export function explainError(error: unknown, t: Translate = translate): string {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
    const detail = error.details[0];
    const known = serverMessageKey(error.message) ?? serverMessageKey(detail?.message);
    if (known) return t(`admin:${known}`);
    // Generic refusals read better in the reader's language than the server's English.
    if (error.status === 403 || error.status === 404 || error.status === 412 || error.status === 429) return t(errorMessageKey(error));
    return error.message || t(errorMessageKey(error));
  }
  return t(errorMessageKey(error));
}

/** The same error with the server's known messages (top and per field) in the reader's language; for forms that show them as they are. */
export function localizeApiError(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  return new ApiError(
    error.status,
    {
      code: error.code === "network" ? undefined : error.code,
      // Known refusals in the reader's language; generic ones are said by the form's title already.
      message: serverMessageKey(error.message)
        ? serverText(error.message)!
        : [403, 404, 412, 429].includes(error.status)
          ? ""
          : error.message,
      details: error.details.map((detail) => ({ field: detail.field, message: serverText(detail.message) ?? detail.message })),
      requestId: error.requestId,
    },
    error.retryAfter,
  );
}

/** A failed action as a notification: the kind of failure as title, the reason as text. */
export function notifyError(error: unknown) {
  const t = translate;
  const reason = explainError(error, t);
  const title = t(errorMessageKey(error));
  notifications.show({
    color: error instanceof ApiError && error.status === 403 ? "yellow" : "red",
    title: title === reason ? undefined : title,
    message: reason,
    autoClose: 8000,
    closeButtonProps: closeLabel(),
  });
}

/** Something the screen refuses before asking the server (it would refuse too), with the reason. */
export function notifyRefusal(message: string) {
  notifications.show({ color: "yellow", message, autoClose: 6000, closeButtonProps: closeLabel() });
}

export const notifySuccess = (message: string) => toast.success(message);

/** The notifications' close button needs a name for screen readers. */
const closeLabel = () => ({ "aria-label": translate("common:action.close") });

/** Field errors of a failed save, translated, keyed by the form's fields; empty when none apply. */
export function fieldErrors(error: unknown, fields: readonly string[], t: Translate = translate): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const found = fieldProblems(error.details, fields);
  return Object.fromEntries(Object.entries(found).map(([field, message]) => [field, serverText(message, t) ?? message]));
}

/** Shown instead of a screen the signed-in user's role does not open. */
export function ForbiddenState({ message }: { message?: string }) {
  const { t } = useTranslation("admin");
  return (
    <Alert color="yellow" icon={<IconLock size={18} />} title={t("common:error.forbidden")} data-testid="forbidden">
      <Text size="sm">{message ?? t("forbidden.description")}</Text>
    </Alert>
  );
}
