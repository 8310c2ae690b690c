import type { AccountTeamMember, AccountTeamRole } from "@relata/contracts";
import type { MemberView } from "./accounts.repository";

const dateText = (value: string | null) => (value === null ? null : value.slice(0, 10));

export function presentMember(row: MemberView): AccountTeamMember {
  return {
    id: row.id,
    companyId: row.companyId,
    userId: row.userId,
    userName: row.userName,
    userActive: row.userActive,
    role: row.role as AccountTeamRole,
    note: row.note,
    startsOn: dateText(row.startsOn),
    endsOn: dateText(row.endsOn),
    current: row.current,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
