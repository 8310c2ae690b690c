import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { builtinRoleKeys, type BuiltinRoleKey, type Role } from "@relata/contracts";

type Translate = (key: string) => string;
export type NamedRole = Pick<Role, "key" | "name" | "builtin">;

const isBuiltinKey = (key: string): key is BuiltinRoleKey => (builtinRoleKeys as readonly string[]).includes(key);

/**
 * A role's name for the reader. The built-in roles are installed with English names (the same as
 * `builtinRoleName.*` in the English catalog); while one still has that name it reads in the reader's
 * language. Names someone typed, a custom role's or a renamed built-in one's, stay as typed.
 */
export function roleLabel(role: NamedRole, translate: Translate, english: Translate): string {
  if (!role.builtin || !isBuiltinKey(role.key)) return role.name;
  const key = `builtinRoleName.${role.key}`;
  return role.name === english(key) ? translate(key) : role.name;
}

/** `roleLabel` in the reader's language. */
export function useRoleLabel(): (role: NamedRole) => string {
  const { t, i18n } = useTranslation("admin");
  return useCallback(
    (role: NamedRole) =>
      roleLabel(
        role,
        (key) => t(key),
        (key) => i18n.getFixedT("en", "admin")(key),
      ),
    [t, i18n],
  );
}
