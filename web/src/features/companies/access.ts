/**
 * Whether the signed-in user may change or delete one company — the client's twin of the server
 * rule (platform/access/policy.ts), used to show a read-only form and hide buttons. The server
 * still decides; where the client cannot know (org-unit subtrees) it says yes.
 */
import type { Company, Me } from "@relata/contracts";

export function mayChangeCompany(
  me: Me,
  company: Pick<Company, "ownerId" | "teamId" | "orgUnitId" | "securityLevel">,
  action: "update" | "delete",
): boolean {
  const scope = me.permissions.company[action];
  if (scope === "none" || company.securityLevel > me.role.clearance) return false;
  const own = company.ownerId === me.id;
  const team = company.teamId !== null && me.teamIds.includes(company.teamId);
  switch (scope) {
    case "all":
      return true;
    case "org_unit":
      // The server knows the unit's subtree; we only know the user's own unit.
      return own || team || (company.orgUnitId !== null && me.orgUnitId !== null);
    case "team":
      return own || team;
    case "own":
      return own;
    default:
      return false;
  }
}
