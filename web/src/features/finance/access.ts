/**
 * Who may change a company's financial health and account team: the client's twin of the server
 * rule (the company's own update right), used to hide buttons. The server still decides.
 */
import type { Company, Me } from "@relata/contracts";
import { mayChangeCompany } from "../companies/access";

export function mayChangeFinance(me: Me, company: Pick<Company, "ownerId" | "teamId" | "orgUnitId" | "securityLevel">): boolean {
  return mayChangeCompany(me, company, "update");
}
