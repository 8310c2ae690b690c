import { asc, gt, inArray } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { outbox } from "../../db/schema";
import type { PublishedEvent } from "../realtime/hub";
import type { AccessObject } from "@relata/contracts";
import type { RecordAccess } from "../access/policy";

/** Outbox rows after an id (catch-up after a lost listener) or by ids (events too big for NOTIFY). */
export async function readOutbox(db: Db, afterId: string | undefined, ids?: string[]): Promise<PublishedEvent[]> {
  const rows = await db
    .select()
    .from(outbox)
    .where(ids ? inArray(outbox.id, ids.map(BigInt)) : gt(outbox.id, BigInt(afterId ?? "0")))
    .orderBy(asc(outbox.id))
    .limit(1000);
  return rows.map((row) => ({
    id: row.id.toString(),
    at: row.at.toISOString(),
    name: row.name,
    object: row.object as AccessObject,
    recordId: row.recordId,
    topics: row.topics,
    access: (row.access as RecordAccess | null) ?? null,
    payload: row.payload,
  }));
}
