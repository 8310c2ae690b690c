/**
 * Contracts of a client: terms, signers, items, status (draft → active → expired / terminated /
 * renewed), and the fulfilment chain. Contracts inherit visibility from their company: reading
 * needs read on it, writing update on it (invisible → 404, visible but not changeable → 403).
 *
 * Fulfilling an item is one unit of work: the fulfilment row and the item's fulfilled quantity
 * (the item row is locked first, so concurrent fulfilments queue and never over-fulfil), the
 * revenue entry, the invoice line, the service item for a service product, the company's
 * figures and group rollups, its grade, the timeline entry, then the live event. Any failure
 * rolls all of it back.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  cents,
  contractTransitions,
  fromUnits,
  lineAmount,
  milli,
  money,
  sum,
  type ContractCreate,
  type ContractItemCreate,
  type ContractItemPatch,
  type ContractPatch,
  type ContractStatus,
  type FulfilmentCreate,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import { actorId, type Actor, type UserActor } from "../../platform/access/actor";
import { Conflict, NotFound, PreconditionFailed, Validation, type FieldProblem } from "../../platform/errors";
import { databaseErrorCode } from "../../platform/http/errors.plugin";
import type { Executor } from "../../platform/rollups";
import { users } from "../../platform/access/access.schema";
import { contacts } from "../contacts/contacts.schema";
import { documentRevisions, documents } from "../documents/documents.schema";
import { companyEvent, companyFor, holdGradeRules, regradeCompanies, registerCompanyMergeStep, type CompanyPlacement } from "../companies";
import { recordSystemEntry } from "../timeline";
import { productForSale } from "../products";
import { products } from "../products/products.schema";
import { bookRevenue, invoiceFulfilment } from "../billing/billing.ledger";
import { refreshMoney, refreshServiceItems } from "../billing/billing.figures";
import { invoices, payments, creditNotes, revenueEntries } from "../billing/billing.schema";
import { addMonths, today } from "../billing/dates";
import { reminderDefaults } from "../reminders/reminders";
import { contractItems, contracts, fulfilments, serviceItems } from "./contracts.schema";

export type Context = UnitOfWorkContext & { actor: UserActor };
type Company = CompanyPlacement;
type ContractRow = typeof contracts.$inferSelect;
type ItemRow = typeof contractItems.$inferSelect;

// ─── presenting ──────────────────────────────────────────────────────────────

const dateOrNull = (value: string | null) => (value === null ? null : value.slice(0, 10));

function presentItem(row: ItemRow, product: { code: string; name: string; kind: string }) {
  return {
    id: row.id,
    contractId: row.contractId,
    productId: row.productId,
    productCode: product.code,
    productName: product.name,
    productKind: product.kind,
    quantity: row.quantity,
    unitPrice: row.unitPrice,
    discountPercent: row.discountPercent,
    amount: money(lineAmount(row.quantity, row.unitPrice, row.discountPercent)),
    deliveryOn: dateOrNull(row.deliveryOn),
    fulfilledQuantity: row.fulfilledQuantity,
    fulfilledOn: dateOrNull(row.fulfilledOn),
    serviceMonths: row.serviceMonths,
    position: row.position,
  };
}

function presentSummary(row: ContractRow, fulfilledValue: string) {
  return {
    id: row.id,
    companyId: row.companyId,
    number: row.number,
    title: row.title,
    status: row.status as ContractStatus,
    ourSignerId: row.ourSignerId,
    clientSignerIds: row.clientSignerIds,
    signedOn: dateOrNull(row.signedOn),
    startOn: dateOrNull(row.startOn),
    endOn: dateOrNull(row.endOn),
    currency: row.currency,
    value: row.value,
    fulfilledValue,
    paymentMethod: row.paymentMethod as "transfer",
    paymentTermsDays: row.paymentTermsDays,
    billingSchedule: row.billingSchedule as "per_fulfilment",
    documentRevisionId: row.documentRevisionId,
    renewalTerms: row.renewalTerms,
    reminderLeadDays: row.reminderLeadDays,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

async function fulfilledValues(db: Executor, contractIds: string[]) {
  if (contractIds.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ contractId: fulfilments.contractId, total: sql<string>`sum(${fulfilments.amount})::text` })
    .from(fulfilments)
    .where(inArray(fulfilments.contractId, contractIds))
    .groupBy(fulfilments.contractId);
  return new Map(rows.map((row) => [row.contractId, money(cents(row.total))]));
}

export async function presentContract(db: Executor, contractId: string) {
  const [row] = await db.select().from(contracts).where(eq(contracts.id, contractId));
  if (!row) throw NotFound("Contract");
  const items = await db
    .select({ item: contractItems, product: { code: products.code, name: products.name, kind: products.kind } })
    .from(contractItems)
    .innerJoin(products, eq(products.id, contractItems.productId))
    .where(eq(contractItems.contractId, contractId))
    .orderBy(asc(contractItems.position));
  const fulfilled = await fulfilledValues(db, [contractId]);
  const [document] = row.documentRevisionId
    ? await db
        .select({
          id: documents.id,
          title: documents.title,
          kind: documents.kind,
          revisionNumber: documentRevisions.number,
          fileName: documentRevisions.fileName,
        })
        .from(documentRevisions)
        .innerJoin(documents, eq(documents.id, documentRevisions.documentId))
        .where(eq(documentRevisions.id, row.documentRevisionId))
    : [];
  return {
    ...presentSummary(row, fulfilled.get(contractId) ?? "0.00"),
    document: document ?? null,
    items: items.map(({ item, product }) => presentItem(item, product)),
  };
}

// ─── reading ─────────────────────────────────────────────────────────────────

export async function listContracts(platform: Platform, actor: Actor, companyId: string) {
  await companyFor(platform.db, actor, companyId);
  const rows = await platform.db
    .select()
    .from(contracts)
    .where(eq(contracts.companyId, companyId))
    .orderBy(sql`${contracts.startOn} DESC NULLS FIRST`, asc(contracts.number));
  const fulfilled = await fulfilledValues(
    platform.db,
    rows.map((row) => row.id),
  );
  return { items: rows.map((row) => presentSummary(row, fulfilled.get(row.id) ?? "0.00")) };
}

async function contractOf(db: Executor, companyId: string, contractId: string, lock = false) {
  const query = db
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, contractId), eq(contracts.companyId, companyId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw NotFound("Contract");
  return row;
}

export async function getContract(platform: Platform, actor: Actor, companyId: string, contractId: string) {
  await companyFor(platform.db, actor, companyId);
  await contractOf(platform.db, companyId, contractId);
  return presentContract(platform.db, contractId);
}

export async function listServiceItems(platform: Platform, actor: Actor, companyId: string) {
  await companyFor(platform.db, actor, companyId);
  const rows = await platform.db
    .select({ item: serviceItems, productName: products.name })
    .from(serviceItems)
    .innerJoin(products, eq(products.id, serviceItems.productId))
    .where(eq(serviceItems.companyId, companyId))
    .orderBy(sql`${serviceItems.endsOn} DESC`, asc(serviceItems.id));
  const now = today();
  return {
    items: rows.map(({ item, productName }) => ({
      id: item.id,
      companyId: item.companyId,
      productId: item.productId,
      productName,
      contractId: item.contractId,
      contractItemId: item.contractItemId,
      fulfilmentId: item.fulfilmentId,
      quantity: item.quantity,
      startsOn: item.startsOn,
      endsOn: item.endsOn,
      warrantyEndsOn: item.warrantyEndsOn,
      active: item.startsOn <= now && now <= item.endsOn,
    })),
  };
}

// ─── writing ─────────────────────────────────────────────────────────────────

const run = <T>(platform: Platform, context: Context, companyId: string, work: (uow: UnitOfWork, company: Company) => Promise<T>) =>
  unitOfWork(platform.db, platform.projections, context, async (uow) =>
    work(uow, await companyFor(uow.tx, context.actor, companyId, "update")),
  );

async function numberGuard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (databaseErrorCode(error) === "23505") throw Validation([{ field: "number", message: "another contract has this number" }]);
    throw error;
  }
}

type Parties = Pick<ContractPatch, "ourSignerId" | "clientSignerIds" | "documentRevisionId">;

/** Our signer is an active user, the client's signers are contacts of the company, the document is one of the company's. */
async function checkParties(uow: UnitOfWork, companyId: string, input: Parties) {
  const problems: FieldProblem[] = [];
  if (input.ourSignerId) {
    const [user] = await uow.tx.select({ id: users.id }).from(users).where(eq(users.id, input.ourSignerId));
    if (!user) problems.push({ field: "ourSignerId", message: "no such user" });
  }
  if (input.clientSignerIds?.length) {
    const found = await uow.tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(inArray(contacts.id, input.clientSignerIds), eq(contacts.companyId, companyId)));
    const known = new Set(found.map((row) => row.id));
    input.clientSignerIds.forEach((id, index) => {
      if (!known.has(id)) problems.push({ field: `clientSignerIds[${index}]`, message: "is not a contact of this company" });
    });
  }
  if (input.documentRevisionId) {
    const [revision] = await uow.tx
      .select({ id: documentRevisions.id })
      .from(documentRevisions)
      .innerJoin(documents, eq(documents.id, documentRevisions.documentId))
      .where(and(eq(documentRevisions.id, input.documentRevisionId), eq(documents.companyId, companyId)));
    if (!revision) problems.push({ field: "documentRevisionId", message: "is not a document revision of this company" });
  }
  if (problems.length > 0) throw Validation(problems);
}

/** Validates and prices new items in the contract's currency (list price when none is given). */
async function priceItems(uow: UnitOfWork, currency: string, items: ContractItemCreate[], field: (index: number) => string) {
  const problems: FieldProblem[] = [];
  const priced = [];
  for (const [index, item] of items.entries()) {
    const product = await productForSale(uow.tx, item.productId, currency);
    if (!product) {
      problems.push({ field: `${field(index)}.productId`, message: "no such product" });
      continue;
    }
    if (!product.active) problems.push({ field: `${field(index)}.productId`, message: "the product is no longer sold" });
    const unitPrice = item.unitPrice ?? product.listPrice;
    if (unitPrice === null) {
      problems.push({ field: `${field(index)}.unitPrice`, message: `the product has no list price in ${currency}; give one` });
      continue;
    }
    if (product.kind !== "service" && item.serviceMonths)
      problems.push({ field: `${field(index)}.serviceMonths`, message: "only service products have a service period" });
    priced.push({
      productId: product.id,
      quantity: item.quantity,
      unitPrice,
      discountPercent: item.discountPercent ?? "0",
      deliveryOn: item.deliveryOn ?? null,
      serviceMonths: product.kind === "service" ? (item.serviceMonths ?? product.serviceMonths) : null,
    });
  }
  if (problems.length > 0) throw Validation(problems);
  return priced;
}

async function refreshValue(uow: UnitOfWork, contractId: string) {
  const items = await uow.tx.select().from(contractItems).where(eq(contractItems.contractId, contractId));
  const value = money(sum(items.map((item) => lineAmount(item.quantity, item.unitPrice, item.discountPercent))));
  await uow.tx.update(contracts).set({ value }).where(eq(contracts.id, contractId));
}

function checkDates(dates: { startOn: string | null; endOn: string | null; signedOn: string | null }) {
  if (dates.startOn && dates.endOn && dates.endOn < dates.startOn)
    throw Validation([{ field: "endOn", message: "must not be before startOn" }]);
}

export async function createContract(platform: Platform, context: Context, companyId: string, input: ContractCreate) {
  return numberGuard(() =>
    run(platform, context, companyId, async (uow, company) => {
      await checkParties(uow, companyId, input);
      const items = await priceItems(uow, input.currency, input.items ?? [], (index) => `items[${index}]`);
      const [row] = await uow.tx
        .insert(contracts)
        .values({
          companyId,
          number: input.number,
          title: input.title,
          ourSignerId: input.ourSignerId ?? null,
          clientSignerIds: input.clientSignerIds ?? [],
          signedOn: input.signedOn ?? null,
          startOn: input.startOn ?? null,
          endOn: input.endOn ?? null,
          currency: input.currency,
          ...(input.paymentMethod ? { paymentMethod: input.paymentMethod } : {}),
          ...(input.paymentTermsDays !== undefined ? { paymentTermsDays: input.paymentTermsDays } : {}),
          ...(input.billingSchedule ? { billingSchedule: input.billingSchedule } : {}),
          documentRevisionId: input.documentRevisionId ?? null,
          renewalTerms: input.renewalTerms ?? null,
          // Without a lead time of its own, a contract takes the reminder settings' default.
          reminderLeadDays: input.reminderLeadDays ?? (await reminderDefaults(uow.tx)).contractLeadDays,
        })
        .returning();
      if (items.length > 0)
        await uow.tx.insert(contractItems).values(items.map((item, position) => ({ ...item, contractId: row!.id, position })));
      await refreshValue(uow, row!.id);
      await uow.emit(companyEvent("contract.created", company, { topics: [`company:${company.id}`], payload: { contractId: row!.id } }));
      return presentContract(uow.tx, row!.id);
    }),
  );
}

export async function updateContract(
  platform: Platform,
  context: Context,
  companyId: string,
  contractId: string,
  version: number,
  input: ContractPatch,
) {
  return numberGuard(() =>
    run(platform, context, companyId, async (uow, company) => {
      const current = await contractOf(uow.tx, companyId, contractId, true);
      if (current.version !== version) throw PreconditionFailed();
      const status = (input.status ?? current.status) as ContractStatus;
      const changesTerms = Object.keys(input).some((key) => key !== "status");
      if (changesTerms && !["draft", "active"].includes(current.status))
        throw Validation([{ field: "status", message: `a ${current.status} contract can no longer be changed` }]);
      if (status !== current.status && !contractTransitions[current.status as ContractStatus].includes(status))
        throw Validation([{ field: "status", message: `cannot go from ${current.status} to ${status}` }]);
      const dates = {
        signedOn: input.signedOn !== undefined ? input.signedOn : dateOrNull(current.signedOn),
        startOn: input.startOn !== undefined ? input.startOn : dateOrNull(current.startOn),
        endOn: input.endOn !== undefined ? input.endOn : dateOrNull(current.endOn),
      };
      checkDates(dates);
      if (status === "active" && current.status === "draft") {
        const problems: FieldProblem[] = [];
        if (!dates.startOn) problems.push({ field: "startOn", message: "is required to activate the contract" });
        const [item] = await uow.tx
          .select({ id: contractItems.id })
          .from(contractItems)
          .where(eq(contractItems.contractId, contractId))
          .limit(1);
        if (!item) problems.push({ field: "status", message: "a contract without items cannot be activated" });
        if (problems.length > 0) throw Validation(problems);
      }
      await checkParties(uow, companyId, input);
      await uow.tx
        .update(contracts)
        .set({
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.ourSignerId !== undefined ? { ourSignerId: input.ourSignerId } : {}),
          ...(input.clientSignerIds !== undefined ? { clientSignerIds: input.clientSignerIds } : {}),
          ...dates,
          ...(input.paymentMethod !== undefined ? { paymentMethod: input.paymentMethod } : {}),
          ...(input.paymentTermsDays !== undefined ? { paymentTermsDays: input.paymentTermsDays } : {}),
          ...(input.billingSchedule !== undefined ? { billingSchedule: input.billingSchedule } : {}),
          ...(input.documentRevisionId !== undefined ? { documentRevisionId: input.documentRevisionId } : {}),
          ...(input.renewalTerms !== undefined ? { renewalTerms: input.renewalTerms } : {}),
          ...(input.reminderLeadDays !== undefined ? { reminderLeadDays: input.reminderLeadDays } : {}),
          status,
          updatedAt: sql`now()`,
          version: version + 1,
        })
        .where(eq(contracts.id, contractId));
      if (status !== current.status)
        await recordSystemEntry(uow, {
          companyId,
          systemKind: "contract_status_changed",
          data: { number: current.number, from: current.status, to: status },
          related: { type: "contract", id: contractId },
        });
      await uow.emit(companyEvent("contract.updated", company, { topics: [`company:${company.id}`], payload: { contractId, status } }));
      return presentContract(uow.tx, contractId);
    }),
  );
}

function assertOpen(contract: ContractRow, field = "status") {
  if (!["draft", "active"].includes(contract.status))
    throw Validation([{ field, message: `a ${contract.status} contract can no longer be changed` }]);
}

export async function addItem(
  platform: Platform,
  context: Context,
  companyId: string,
  contractId: string,
  version: number,
  input: ContractItemCreate,
) {
  return run(platform, context, companyId, async (uow, company) => {
    const contract = await contractOf(uow.tx, companyId, contractId, true);
    if (contract.version !== version) throw PreconditionFailed();
    assertOpen(contract);
    const [item] = await priceItems(uow, contract.currency, [input], () => "item");
    const [last] = await uow.tx
      .select({ position: sql<number>`coalesce(max(${contractItems.position}), -1)` })
      .from(contractItems)
      .where(eq(contractItems.contractId, contractId));
    await uow.tx.insert(contractItems).values({ ...item!, contractId, position: Number(last!.position) + 1 });
    await refreshValue(uow, contractId);
    await uow.tx
      .update(contracts)
      .set({ updatedAt: sql`now()`, version: version + 1 })
      .where(eq(contracts.id, contractId));
    await uow.emit(companyEvent("contract.updated", company, { topics: [`company:${company.id}`], payload: { contractId } }));
    return presentContract(uow.tx, contractId);
  });
}

export async function updateItem(
  platform: Platform,
  context: Context,
  companyId: string,
  contractId: string,
  itemId: string,
  version: number,
  input: ContractItemPatch,
) {
  return run(platform, context, companyId, async (uow, company) => {
    const contract = await contractOf(uow.tx, companyId, contractId, true);
    if (contract.version !== version) throw PreconditionFailed();
    assertOpen(contract);
    const [item] = await uow.tx
      .select()
      .from(contractItems)
      .where(and(eq(contractItems.id, itemId), eq(contractItems.contractId, contractId)))
      .for("update");
    if (!item) throw NotFound("Contract item");
    const fulfilled = milli(item.fulfilledQuantity) > 0n;
    const problems: FieldProblem[] = [];
    if (input.quantity !== undefined && milli(input.quantity) < milli(item.fulfilledQuantity))
      problems.push({ field: "quantity", message: `must not be less than the ${item.fulfilledQuantity} already fulfilled` });
    if (fulfilled && input.unitPrice !== undefined && input.unitPrice !== item.unitPrice)
      problems.push({ field: "unitPrice", message: "cannot change once part of the item was fulfilled" });
    if (fulfilled && input.discountPercent !== undefined && Number(input.discountPercent) !== Number(item.discountPercent))
      problems.push({ field: "discountPercent", message: "cannot change once part of the item was fulfilled" });
    if (problems.length > 0) throw Validation(problems);
    await uow.tx
      .update(contractItems)
      .set({
        ...(input.quantity !== undefined ? { quantity: input.quantity } : {}),
        ...(input.unitPrice !== undefined ? { unitPrice: input.unitPrice } : {}),
        ...(input.discountPercent !== undefined ? { discountPercent: input.discountPercent } : {}),
        ...(input.deliveryOn !== undefined ? { deliveryOn: input.deliveryOn } : {}),
        updatedAt: sql`now()`,
        version: sql`${contractItems.version} + 1`,
      })
      .where(eq(contractItems.id, itemId));
    await refreshValue(uow, contractId);
    await uow.tx
      .update(contracts)
      .set({ updatedAt: sql`now()`, version: version + 1 })
      .where(eq(contracts.id, contractId));
    await uow.emit(companyEvent("contract.updated", company, { topics: [`company:${company.id}`], payload: { contractId } }));
    return presentContract(uow.tx, contractId);
  });
}

// ─── the fulfilment chain ────────────────────────────────────────────────────

/** The steps of the chain, in order (the atomicity tests inject a fault at each). */
export const fulfilmentSteps = [
  "fulfilment",
  "item",
  "ledger",
  "invoice",
  "service_item",
  "figures",
  "grade",
  "timeline",
  "event",
] as const;
export type FulfilmentStep = (typeof fulfilmentSteps)[number];
let faultAt: FulfilmentStep | undefined;
/** For tests: makes the chain fail right after `step` (undefined: never). */
export function injectFulfilmentFault(step: FulfilmentStep | undefined) {
  faultAt = step;
}
function after(step: FulfilmentStep) {
  if (faultAt === step) throw new Error(`fault injected after ${step}`);
}

export async function fulfilItem(
  platform: Platform,
  context: Context,
  companyId: string,
  contractId: string,
  itemId: string,
  input: FulfilmentCreate,
) {
  const key = context.idempotency?.key ?? null;
  const fulfilledOn = input.fulfilledOn ?? today();
  try {
    return await unitOfWork(platform.db, platform.projections, context, async (uow) => {
      // The grade rules first (before any company row is locked), as every company writer does.
      await holdGradeRules(uow);
      const company = await companyFor(uow.tx, context.actor, companyId, "update");
      const contract = await contractOf(uow.tx, companyId, contractId);
      if (contract.status !== "active")
        throw Validation([{ field: "status", message: `only an active contract is fulfilled (this one is ${contract.status})` }]);
      // The item row is the lock: concurrent fulfilments of it queue here and see each other's quantity.
      const [item] = await uow.tx
        .select()
        .from(contractItems)
        .where(and(eq(contractItems.id, itemId), eq(contractItems.contractId, contractId)))
        .for("update");
      if (!item) throw NotFound("Contract item");
      if (key) {
        const [seen] = await uow.tx
          .select({ id: fulfilments.id })
          .from(fulfilments)
          .where(and(eq(fulfilments.contractItemId, itemId), eq(fulfilments.idempotencyKey, key)));
        if (seen) throw Conflict("This item was already fulfilled with this Idempotency-Key");
      }
      const open = milli(item.quantity) - milli(item.fulfilledQuantity);
      const quantity = milli(input.quantity);
      if (quantity > open)
        throw Validation([{ field: "quantity", message: `only ${fromUnits(open, 3)} of this item is still to be fulfilled` }]);
      if (contract.startOn && fulfilledOn < dateOrNull(contract.startOn)!)
        throw Validation([{ field: "fulfilledOn", message: "must not be before the contract's start" }]);
      const [product] = await uow.tx.select().from(products).where(eq(products.id, item.productId));
      const priced = await productForSale(uow.tx, item.productId, contract.currency);
      const amount = money(lineAmount(input.quantity, item.unitPrice, item.discountPercent));
      const cost = priced?.unitCost ? money(lineAmount(input.quantity, priced.unitCost)) : null;

      const [fulfilment] = await uow.tx
        .insert(fulfilments)
        .values({
          contractItemId: itemId,
          contractId,
          companyId,
          quantity: input.quantity,
          amount,
          currency: contract.currency,
          fulfilledOn,
          note: input.note ?? null,
          idempotencyKey: key,
          createdBy: actorId(context.actor),
        })
        .returning();
      after("fulfilment");
      await uow.tx
        .update(contractItems)
        .set({
          fulfilledQuantity: sql`${contractItems.fulfilledQuantity} + ${input.quantity}::numeric`,
          fulfilledOn: sql`greatest(${contractItems.fulfilledOn}, ${fulfilledOn}::date)`,
          updatedAt: sql`now()`,
          version: sql`${contractItems.version} + 1`,
        })
        .where(eq(contractItems.id, itemId));
      after("item");
      const revenue = await bookRevenue(uow, {
        companyId,
        contractId,
        fulfilmentId: fulfilment!.id,
        productId: item.productId,
        currency: contract.currency,
        amount,
        cost,
        bookedOn: fulfilledOn,
      });
      after("ledger");
      const billed = await invoiceFulfilment(uow, {
        companyId,
        contract,
        contractItemId: itemId,
        fulfilmentId: fulfilment!.id,
        description: `${product!.code} ${product!.name}`,
        quantity: input.quantity,
        unitPrice: money(lineAmount("1", item.unitPrice, item.discountPercent)),
        amount,
        on: fulfilledOn,
      });
      after("invoice");
      let serviceItemId: string | null = null;
      if (product!.kind === "service") {
        const months = item.serviceMonths ?? product!.serviceMonths ?? 12;
        const [service] = await uow.tx
          .insert(serviceItems)
          .values({
            companyId,
            productId: item.productId,
            contractId,
            contractItemId: itemId,
            fulfilmentId: fulfilment!.id,
            quantity: input.quantity,
            startsOn: fulfilledOn,
            endsOn: addMonths(fulfilledOn, months),
            warrantyEndsOn: product!.warrantyMonths ? addMonths(fulfilledOn, product!.warrantyMonths) : null,
          })
          .returning({ id: serviceItems.id });
        serviceItemId = service!.id;
        await refreshServiceItems(uow, [companyId]);
      }
      after("service_item");
      await refreshMoney(uow, contract.currency, [companyId]);
      after("figures");
      await regradeCompanies(uow, [companyId]);
      after("grade");
      await recordSystemEntry(uow, {
        companyId,
        systemKind: "contract_item_fulfilled",
        data: {
          number: contract.number,
          product: product!.name,
          quantity: input.quantity,
          amount,
          currency: contract.currency,
        },
        related: { type: "contract", id: contractId },
      });
      after("timeline");
      await uow.emit(
        companyEvent("contract.item.fulfilled", company, {
          topics: [`company:${company.id}`],
          payload: {
            contractId,
            itemId,
            fulfilmentId: fulfilment!.id,
            invoiceId: billed.invoiceId,
          },
        }),
      );
      after("event");
      return {
        fulfilment: {
          id: fulfilment!.id,
          contractId,
          contractItemId: itemId,
          quantity: fulfilment!.quantity,
          amount: fulfilment!.amount,
          currency: fulfilment!.currency,
          fulfilledOn: fulfilment!.fulfilledOn,
          note: fulfilment!.note,
          revenueEntryId: revenue.id,
          invoiceId: billed.invoiceId,
          invoiceLineId: billed.invoiceLineId,
          serviceItemId,
          createdAt: fulfilment!.createdAt.toISOString(),
        },
        contract: await presentContract(uow.tx, contractId),
      };
    });
  } catch (error) {
    // The database's own guards, should a writer ever get past the checks above.
    if (databaseErrorCode(error) === "23505") throw Conflict("This item was already fulfilled with this Idempotency-Key");
    if (databaseErrorCode(error) === "23514") throw Validation([{ field: "quantity", message: "is more than is still to be fulfilled" }]);
    throw error;
  }
}

// ─── merges ──────────────────────────────────────────────────────────────────

/** A merged-away company's contracts, ledger, invoices, payments and service items move to the kept one (figures move with the rollups). */
registerCompanyMergeStep(async (uow, { sourceId, targetId }) => {
  for (const table of [contracts, fulfilments, serviceItems, revenueEntries, invoices, payments, creditNotes])
    await uow.tx.update(table).set({ companyId: targetId }).where(eq(table.companyId, sourceId));
});
