import { notifications } from "@mantine/notifications";
import { i18next } from "../../../i18n";
import { ApiError } from "../../../lib/api";
import { errorMessageKey } from "../../../components/states";
import { translateProblem } from "./problems";

const t = (key: string, options?: Record<string, unknown>) => i18next.t(key, options ?? {}) as string;

/** A failed action as a notification: the kind of failure, and the server's reason when it gave one we can say. */
export function notifyFailure(error: unknown) {
  const title = t(errorMessageKey(error));
  let message: string | undefined;
  if (error instanceof ApiError) {
    if (error.status === 412) message = t("common:dialog.stale");
    else if (error.details.length > 0) message = error.details.map((detail) => translateProblem(detail, t)).join(" · ");
    else if (error.status === 400 || error.status === 409) message = error.message;
  }
  notifications.show({
    color: error instanceof ApiError && error.status === 403 ? "yellow" : "red",
    title: message ? title : undefined,
    message: message ?? title,
    autoClose: 8000,
    closeButtonProps: { "aria-label": t("common:action.close") },
  });
}

export function notifyDone(message: string, color: "teal" | "blue" = "teal") {
  notifications.show({
    color,
    message,
    autoClose: color === "teal" ? 3000 : 8000,
    closeButtonProps: { "aria-label": t("common:action.close") },
  });
}
