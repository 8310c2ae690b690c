import dayjs from "dayjs";
import type { ContactRole } from "@relata/contracts";
import type { FieldHints } from "../../components/record-form";
import { companyLoader } from "./api";

/** The fields of a role at another company, in form order, and how they render. */
export const roleFields = ["companyId", "title", "department", "startedOn", "endedOn"] as const;
export const roleHints: FieldHints = {
  companyId: { widget: "reference", reference: companyLoader, wide: true },
  endedOn: { description: "contacts:role.endedOnHint" },
};

/** Whether a role has ended (an end date today or before). */
export function roleEnded(role: Pick<ContactRole, "endedOn">, today = dayjs().format("YYYY-MM-DD")): boolean {
  return !!role.endedOn && role.endedOn <= today;
}
