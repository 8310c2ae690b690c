/**
 * What the order and transaction screens work out themselves: the statuses an order may move to,
 * an order's total before the server computes it (exact decimals, never floats), and where a row of
 * the transaction history lives on the client card.
 */
import type { OrderStatus, Transaction } from "@relata/contracts";
import { orderTransitions } from "@relata/contracts";
import { previewLineAmount, sumAmounts } from "../../contracts/lib/money";

/** The statuses an order can move to next (cancelling last). */
export function nextOrderStatuses(status: OrderStatus): readonly OrderStatus[] {
  return orderTransitions[status];
}

export type DraftLine = { quantity: string; unitPrice: string };

/** The sum of the lines' amounts (quantity × price, cents rounded half up); null while a line is not a number yet. */
export function draftTotal(lines: readonly DraftLine[]): string | null {
  const amounts = lines.map((line) => previewLineAmount(line.quantity, line.unitPrice));
  if (amounts.some((amount) => amount === null)) return null;
  return sumAmounts(amounts as string[]);
}

/** Where a transaction lives: the client card of its company, on the tab that shows it (an order opened). */
export function transactionTarget(transaction: Pick<Transaction, "type" | "id" | "companyId">): {
  companyId: string;
  tab: string;
  order?: string;
} {
  switch (transaction.type) {
    case "order":
      return { companyId: transaction.companyId, tab: "orders", order: transaction.id };
    case "fulfilment":
      return { companyId: transaction.companyId, tab: "contracts" };
    default:
      return { companyId: transaction.companyId, tab: "receivables" };
  }
}
