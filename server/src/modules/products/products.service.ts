/**
 * The product catalogue: code, name, category, unit, kind (goods or service, with its service
 * and warranty periods) and a list price (and unit cost, when known) per currency. Everyone
 * signed in reads it; changing it is an administrator setting. A product used by a contract
 * is never deleted, only made inactive.
 */
import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import type { ProductCreate, ProductListQuery, ProductPatch } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import { NotFound, PreconditionFailed, Validation } from "../../platform/errors";
import { databaseErrorCode } from "../../platform/http/errors.plugin";
import type { Executor } from "../../platform/rollups";
import { productPrices, products } from "./products.schema";

export const productsTopic = "list:products";
type ProductRow = typeof products.$inferSelect;
type PriceRow = typeof productPrices.$inferSelect;

function present(row: ProductRow, prices: PriceRow[]) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    category: row.category,
    unit: row.unit,
    kind: row.kind as "goods" | "service",
    serviceMonths: row.serviceMonths,
    warrantyMonths: row.warrantyMonths,
    description: row.description,
    active: row.active,
    prices: prices
      .filter((price) => price.productId === row.id)
      .sort((a, b) => a.currency.localeCompare(b.currency))
      .map((price) => ({ currency: price.currency, listPrice: price.listPrice, unitCost: price.unitCost })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

async function load(db: Executor, id: string) {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  if (!row) throw NotFound("Product");
  return present(row, await db.select().from(productPrices).where(eq(productPrices.productId, id)));
}

export const getProduct = (platform: Platform, id: string) => load(platform.db, id);

export async function listProducts(platform: Platform, query: ProductListQuery) {
  const conditions = [];
  if (query.includeInactive !== "true") conditions.push(eq(products.active, true));
  if (query.category) conditions.push(eq(products.category, query.category));
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(products.code, pattern), ilike(products.name, pattern))!);
  }
  const rows = await platform.db
    .select()
    .from(products)
    .where(and(...conditions))
    .orderBy(asc(products.category), asc(products.code))
    .limit(500);
  const prices = rows.length
    ? await platform.db
        .select()
        .from(productPrices)
        .where(sql`${productPrices.productId} = ANY(${sql.param(rows.map((r) => r.id))}::uuid[])`)
    : [];
  return { items: rows.map((row) => present(row, prices)) };
}

const codeTaken = () => Validation([{ field: "code", message: "another product has this code" }]);

async function uniqueCode<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (databaseErrorCode(error) === "23505") throw codeTaken();
    throw error;
  }
}

async function writePrices(uow: UnitOfWork, productId: string, prices: ProductCreate["prices"]) {
  await uow.tx.delete(productPrices).where(eq(productPrices.productId, productId));
  if (prices?.length)
    await uow.tx
      .insert(productPrices)
      .values(
        prices.map((price) => ({ productId, currency: price.currency, listPrice: price.listPrice, unitCost: price.unitCost ?? null })),
      );
}

const productEvent = (name: string, id: string) => ({
  name: `product.${name}`,
  object: "setting" as const,
  recordId: id,
  topics: [productsTopic],
});

export async function createProduct(platform: Platform, context: UnitOfWorkContext, input: ProductCreate) {
  return uniqueCode(() =>
    unitOfWork(platform.db, platform.projections, context, async (uow) => {
      const [row] = await uow.tx
        .insert(products)
        .values({
          code: input.code,
          name: input.name,
          category: input.category,
          unit: input.unit,
          kind: input.kind,
          serviceMonths: input.serviceMonths ?? null,
          warrantyMonths: input.warrantyMonths ?? null,
          description: input.description ?? null,
          active: input.active ?? true,
        })
        .returning();
      await writePrices(uow, row!.id, input.prices);
      await uow.emit(productEvent("created", row!.id));
      return load(uow.tx, row!.id);
    }),
  );
}

export async function updateProduct(platform: Platform, context: UnitOfWorkContext, id: string, version: number, input: ProductPatch) {
  return uniqueCode(() =>
    unitOfWork(platform.db, platform.projections, context, async (uow) => {
      const [current] = await uow.tx.select().from(products).where(eq(products.id, id)).for("update");
      if (!current) throw NotFound("Product");
      if (current.version !== version) throw PreconditionFailed();
      const kind = input.kind ?? current.kind;
      const serviceMonths = input.serviceMonths !== undefined ? input.serviceMonths : current.serviceMonths;
      if (kind === "service" && !serviceMonths)
        throw Validation([{ field: "serviceMonths", message: "is required for a service product" }]);
      if (kind === "goods" && serviceMonths)
        throw Validation([{ field: "serviceMonths", message: "only service products have a service period" }]);
      await uow.tx
        .update(products)
        .set({
          ...(input.code !== undefined ? { code: input.code } : {}),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.category !== undefined ? { category: input.category } : {}),
          ...(input.unit !== undefined ? { unit: input.unit } : {}),
          kind,
          serviceMonths,
          ...(input.warrantyMonths !== undefined ? { warrantyMonths: input.warrantyMonths } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.active !== undefined ? { active: input.active } : {}),
          updatedAt: sql`now()`,
          version: version + 1,
        })
        .where(eq(products.id, id));
      if (input.prices !== undefined) await writePrices(uow, id, input.prices);
      await uow.emit(productEvent("updated", id));
      return load(uow.tx, id);
    }),
  );
}

/** A product as a contract item needs it, with its price and cost in one currency (null: none listed). */
export async function productForSale(db: Executor, id: string, currency: string) {
  const [row] = await db
    .select({ product: products, price: productPrices })
    .from(products)
    .leftJoin(productPrices, and(eq(productPrices.productId, products.id), eq(productPrices.currency, currency)))
    .where(eq(products.id, id));
  return row ? { ...row.product, listPrice: row.price?.listPrice ?? null, unitCost: row.price?.unitCost ?? null } : undefined;
}
