import { useState, type ReactNode } from "react";
import { Drawer } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { confirm } from "../dialogs";

export type FormDrawerControls = {
  /** Closes the drawer, asking first when something was typed (the form's Cancel) */
  close: () => void;
  /** What the form reports: whether closing would lose input */
  setDirty: (dirty: boolean) => void;
};

/**
 * A create form in a side drawer (full screen on phones). The content is mounted only while the
 * drawer is open, so each opening starts with a fresh form; closing with input asks first.
 */
export function FormDrawer({
  opened,
  onClose,
  title,
  discard,
  size = "lg",
  testId,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** The "discard what you typed?" question (translated) */
  discard: { title: string; message: string; confirmLabel: string };
  size?: string;
  testId: string;
  children: (controls: FormDrawerControls) => ReactNode;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [dirty, setDirty] = useState(false);
  // Closed (cancelled or saved): the next form starts clean.
  if (!opened && dirty) setDirty(false);
  const close = async () => {
    if (dirty && !(await confirm({ ...discard, danger: true }))) return;
    onClose();
  };
  return (
    <Drawer
      opened={opened}
      onClose={() => void close()}
      position="right"
      size={phone ? "100%" : size}
      title={title}
      closeButtonProps={{ "aria-label": t("common:action.close") }}
      data-testid={testId}
    >
      {opened && children({ close: () => void close(), setDirty })}
    </Drawer>
  );
}
