import { PasswordInput as MantinePasswordInput, type PasswordInputProps } from "@mantine/core";
import { useUncontrolled } from "@mantine/hooks";
import { useTranslation } from "react-i18next";

/**
 * Mantine's password field with the show / hide button named in the reader's language (Mantine's
 * own name is English), saying what pressing it will do.
 */
export function PasswordInput({ visible, defaultVisible, onVisibilityChange, visibilityToggleButtonProps, ...props }: PasswordInputProps) {
  const { t } = useTranslation("common");
  const [shown, setShown] = useUncontrolled({
    value: visible,
    defaultValue: defaultVisible,
    finalValue: false,
    onChange: onVisibilityChange,
  });
  return (
    <MantinePasswordInput
      {...props}
      visible={shown}
      onVisibilityChange={setShown}
      visibilityToggleButtonProps={{
        "aria-label": shown ? t("auth.hidePassword") : t("auth.showPassword"),
        ...visibilityToggleButtonProps,
      }}
    />
  );
}
