import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Role } from "@relata/contracts";
import { useCan } from "../../../lib/session";
import { buildTree, unitPaths } from "../lib/orgTree";
import { useRoleLabel } from "../lib/roleNames";
import { useOrgUnits } from "./orgUnits";
import { useRoles } from "./roles";
import { useTeams } from "./teams";

export type Option = { value: string; label: string };

/** Roles, teams and org units as names and picker options, as far as the signed-in user may read them. */
export function useAdminLookups() {
  const { i18n } = useTranslation();
  const canRoles = useCan("role", "read");
  const canTeams = useCan("team", "read");
  const canUnits = useCan("org_unit", "read");
  const roles = useRoles(canRoles);
  const teams = useTeams(canTeams);
  const units = useOrgUnits(canUnits);
  const roleLabel = useRoleLabel();
  return useMemo(() => {
    const collator = new Intl.Collator(i18n.language, { sensitivity: "base", numeric: true });
    const roleList: Role[] = [...(roles.data ?? [])].sort((a, b) => collator.compare(roleLabel(a), roleLabel(b)));
    const unitEntries = unitPaths(buildTree(units.data ?? [], i18n.language));
    const teamList = [...(teams.data ?? [])].sort((a, b) => collator.compare(a.name, b.name));
    return {
      canRoles,
      canTeams,
      canUnits,
      roles: roleList,
      roleName: new Map(roleList.map((role) => [role.id, roleLabel(role)])),
      roleOptions: roleList.map((role) => ({ value: role.id, label: roleLabel(role) })) as Option[],
      unitName: new Map((units.data ?? []).map((unit) => [unit.id, unit.name])),
      unitOptions: unitEntries.map((entry) => ({ value: entry.unit.id, label: entry.path })) as Option[],
      teamName: new Map(teamList.map((team) => [team.id, team.name])),
      teamOptions: teamList.map((team) => ({ value: team.id, label: team.name })) as Option[],
      loaded: (!canRoles || !!roles.data) && (!canTeams || !!teams.data) && (!canUnits || !!units.data),
    };
  }, [roles.data, teams.data, units.data, canRoles, canTeams, canUnits, i18n.language, roleLabel]);
}
export type AdminLookups = ReturnType<typeof useAdminLookups>;
