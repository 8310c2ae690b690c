/**
 * Orders of a client: lines (product, quantity, price) in one currency, and a status that moves
 * only along the allowed transitions (entered → confirmed → shipped → delivered; entered or
 * confirmed → cancelled), each transition recorded with its time and who made it. Orders
 * inherit visibility from their company (read to see, update to change).
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { lineAmount, money, orderTransitions, sum, type OrderCreate, type OrderStatus, type OrderTransition } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork } from "../../platform/events/unit-of-work";
import { actorId, type Actor } from "../../platform/access/actor";
import { NotFound, PreconditionFailed, Validation, type FieldProblem } from "../../platform/errors";
import type { Executor } from "../../platform/rollups";
import { users } from "../../platform/access/access.schema";
import { companyEvent, companyFor, registerCompanyMergeStep, type CompanyPlacement } from "../companies";
import { productForSale } from "../products";
import { products } from "../products/products.schema";
import { contracts } from "../contracts/contracts.schema";
import type { Context } from "../contracts/contracts.service";
import { today } from "../billing/dates";
import { orderLines, orderNumberSeq, orders, orderStatusChanges } from "./orders.schema";

type OrderRow = typeof orders.$inferSelect;

const presentSummary = (row: OrderRow) => ({
  id: row.id,
  companyId: row.companyId,
  number: row.number,
  status: row.status as OrderStatus,
  currency: row.currency,
  total: row.total,
  orderedOn: row.orderedOn,
  contractId: row.contractId,
  note: row.note,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  version: row.version,
});

export async function presentOrder(db: Executor, id: string) {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw NotFound("Order");
  const lines = await db
    .select({ line: orderLines, code: products.code, name: products.name })
    .from(orderLines)
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(eq(orderLines.orderId, id))
    .orderBy(asc(orderLines.position));
  const history = await db
    .select({ change: orderStatusChanges, byName: users.name })
    .from(orderStatusChanges)
    .leftJoin(users, eq(users.id, orderStatusChanges.changedBy))
    .where(eq(orderStatusChanges.orderId, id))
    .orderBy(asc(orderStatusChanges.changedAt), asc(orderStatusChanges.id));
  return {
    ...presentSummary(row),
    lines: lines.map(({ line, code, name }) => ({
      id: line.id,
      productId: line.productId,
      productCode: code,
      productName: name,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      amount: line.amount,
      position: line.position,
    })),
    history: history.map(({ change, byName }) => ({
      from: change.fromStatus as OrderStatus | null,
      to: change.toStatus as OrderStatus,
      at: change.changedAt.toISOString(),
      byId: change.changedBy,
      byName,
      note: change.note,
    })),
  };
}

export async function listOrders(platform: Platform, actor: Actor, companyId: string) {
  await companyFor(platform.db, actor, companyId);
  const rows = await platform.db
    .select()
    .from(orders)
    .where(eq(orders.companyId, companyId))
    .orderBy(desc(orders.orderedOn), desc(orders.createdAt))
    .limit(500);
  return { items: rows.map(presentSummary) };
}

async function orderOf(db: Executor, companyId: string, id: string, lock = false) {
  const query = db
    .select()
    .from(orders)
    .where(and(eq(orders.id, id), eq(orders.companyId, companyId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw NotFound("Order");
  return row;
}

export async function getOrder(platform: Platform, actor: Actor, companyId: string, id: string) {
  await companyFor(platform.db, actor, companyId);
  await orderOf(platform.db, companyId, id);
  return presentOrder(platform.db, id);
}

const run = <T>(
  platform: Platform,
  context: Context,
  companyId: string,
  work: (uow: UnitOfWork, company: CompanyPlacement) => Promise<T>,
) =>
  unitOfWork(platform.db, platform.projections, context, async (uow) =>
    work(uow, await companyFor(uow.tx, context.actor, companyId, "update")),
  );

export async function createOrder(platform: Platform, context: Context, companyId: string, input: OrderCreate) {
  const orderedOn = input.orderedOn ?? today();
  return run(platform, context, companyId, async (uow, company) => {
    const problems: FieldProblem[] = [];
    if (input.contractId) {
      const [contract] = await uow.tx
        .select({ currency: contracts.currency })
        .from(contracts)
        .where(and(eq(contracts.id, input.contractId), eq(contracts.companyId, companyId)));
      if (!contract) problems.push({ field: "contractId", message: "is not a contract of this company" });
      else if (contract.currency !== input.currency)
        problems.push({ field: "currency", message: `must be the contract's currency (${contract.currency})` });
    }
    const priced: { productId: string; quantity: string; unitPrice: string; amount: bigint }[] = [];
    for (const [index, line] of input.lines.entries()) {
      const product = await productForSale(uow.tx, line.productId, input.currency);
      if (!product) {
        problems.push({ field: `lines[${index}].productId`, message: "no such product" });
        continue;
      }
      if (!product.active) problems.push({ field: `lines[${index}].productId`, message: "the product is no longer sold" });
      const unitPrice = line.unitPrice ?? product.listPrice;
      if (unitPrice === null) {
        problems.push({ field: `lines[${index}].unitPrice`, message: `the product has no list price in ${input.currency}; give one` });
        continue;
      }
      priced.push({ productId: product.id, quantity: line.quantity, unitPrice, amount: lineAmount(line.quantity, unitPrice) });
    }
    if (problems.length > 0) throw Validation(problems);
    const next = await uow.tx.execute<{ n: string }>(sql`SELECT nextval(${orderNumberSeq.seqName}::regclass)::text AS n`);
    const [row] = await uow.tx
      .insert(orders)
      .values({
        companyId,
        number: `ORD-${next.rows[0]!.n.padStart(6, "0")}`,
        currency: input.currency,
        total: money(sum(priced.map((line) => line.amount))),
        orderedOn,
        contractId: input.contractId ?? null,
        note: input.note ?? null,
        createdBy: actorId(context.actor),
      })
      .returning();
    await uow.tx
      .insert(orderLines)
      .values(priced.map((line, position) => ({ ...line, amount: money(line.amount), orderId: row!.id, position })));
    await uow.tx
      .insert(orderStatusChanges)
      .values({ orderId: row!.id, fromStatus: null, toStatus: "entered", changedBy: actorId(context.actor) });
    await uow.emit(companyEvent("order.created", company, { topics: [`company:${company.id}`], payload: { orderId: row!.id } }));
    return presentOrder(uow.tx, row!.id);
  });
}

export async function transitionOrder(
  platform: Platform,
  context: Context,
  companyId: string,
  id: string,
  version: number,
  input: OrderTransition,
) {
  return run(platform, context, companyId, async (uow, company) => {
    const current = await orderOf(uow.tx, companyId, id, true);
    if (current.version !== version) throw PreconditionFailed();
    const from = current.status as OrderStatus;
    if (!orderTransitions[from].includes(input.status))
      throw Validation([{ field: "status", message: `cannot go from ${from} to ${input.status}` }]);
    await uow.tx
      .update(orders)
      .set({ status: input.status, updatedAt: sql`now()`, version: version + 1 })
      .where(eq(orders.id, id));
    await uow.tx
      .insert(orderStatusChanges)
      .values({ orderId: id, fromStatus: from, toStatus: input.status, changedBy: actorId(context.actor), note: input.note ?? null });
    await uow.emit(
      companyEvent("order.status_changed", company, {
        topics: [`company:${company.id}`],
        payload: { orderId: id, from, to: input.status },
      }),
    );
    return presentOrder(uow.tx, id);
  });
}

/** A merged-away company's orders move to the kept one. */
registerCompanyMergeStep(async (uow, { sourceId, targetId }) => {
  await uow.tx.update(orders).set({ companyId: targetId }).where(eq(orders.companyId, sourceId));
});
