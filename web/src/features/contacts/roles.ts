import dayjs from "dayjs";
import type { ContactRole } from "@relata/contracts";

/** Whether a role has ended (an end date today or before). */
export function roleEnded(role: Pick<ContactRole, "endedOn">, today = dayjs().format("YYYY-MM-DD")): boolean {
  return !!role.endedOn && role.endedOn <= today;
}
