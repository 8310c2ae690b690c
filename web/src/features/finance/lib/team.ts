/** The account team as the tab shows it: by role in the order of `accountTeamRoles`, then by name. Pure (unit-tested). */
import { accountTeamRoles, type AccountTeamMember, type AccountTeamRole } from "@relata/contracts";

export function byRoleThenName(a: AccountTeamMember, b: AccountTeamMember): number {
  return accountTeamRoles.indexOf(a.role) - accountTeamRoles.indexOf(b.role) || a.userName.localeCompare(b.userName);
}

/** The roles nobody currently holds at this company (what the company itself lacks). */
export function uncoveredRoles(members: readonly AccountTeamMember[]): AccountTeamRole[] {
  const covered = new Set(members.filter((member) => member.current && member.userActive).map((member) => member.role));
  return accountTeamRoles.filter((role) => !covered.has(role));
}

/** A user may hold each role once per company: the roles still open to them (plus `keep`, the one being edited). */
export function rolesOpenTo(members: readonly AccountTeamMember[], userId: string | null, keep?: AccountTeamRole): AccountTeamRole[] {
  const held = new Set(members.filter((member) => member.userId === userId).map((member) => member.role));
  return accountTeamRoles.filter((role) => role === keep || !held.has(role));
}
