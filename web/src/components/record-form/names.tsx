import { Text, type TextProps } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { nameOf, useOrgUnits, useTeams, useUserDirectory, useUserName } from "./directory";

type Props = { id: string | null | undefined } & Omit<TextProps, "children">;

/** A person's name from the staff directory ("—" when none, a dimmed "unknown" when not visible). */
export function UserName({ id, ...text }: Props) {
  const { t } = useTranslation("components");
  const name = useUserName();
  const directory = useUserDirectory();
  if (!id) return <Dash {...text} />;
  const value = name(id);
  return (
    <Text span inherit {...text} c={value ? text.c : "dimmed"}>
      {value ?? (directory.isPending ? "…" : t("value.unknownUser"))}
    </Text>
  );
}

export function TeamName({ id, ...text }: Props) {
  const { t } = useTranslation("components");
  const teams = useTeams();
  if (!id) return <Dash {...text} />;
  const value = nameOf(teams.data, id);
  return (
    <Text span inherit {...text} c={value ? text.c : "dimmed"}>
      {value ?? (teams.isPending ? "…" : t("value.unknownTeam"))}
    </Text>
  );
}

export function OrgUnitName({ id, ...text }: Props) {
  const { t } = useTranslation("components");
  const units = useOrgUnits();
  if (!id) return <Dash {...text} />;
  const value = nameOf(units.data, id);
  return (
    <Text span inherit {...text} c={value ? text.c : "dimmed"}>
      {value ?? (units.isPending ? "…" : t("value.unknownOrgUnit"))}
    </Text>
  );
}

function Dash(text: Omit<TextProps, "children">) {
  return (
    <Text span inherit c="dimmed" {...text}>
      —
    </Text>
  );
}
