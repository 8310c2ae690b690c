import { z } from "zod";
import { id, isoDateTime } from "./common";

export const auditEntry = z.object({
  id: z.string(),
  at: isoDateTime,
  actorId: id.nullable(),
  actorName: z.string().nullable(),
  requestId: z.string().nullable(),
  tableName: z.string(),
  recordId: z.string().nullable(),
  operation: z.string(),
  changed: z.array(z.string()),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = z
  .object({
    tableName: z
      .string()
      .regex(/^[a-z_]{1,63}$/)
      .optional(),
    recordId: z
      .string()
      .max(100)
      .regex(/^[^\u0000]*$/, "must not contain NUL characters")
      .optional(),
    actorId: id.optional(),
    operation: z
      .string()
      .regex(/^[a-z_.]{1,40}$/)
      .optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^\d{1,19}$/)
      .optional(),
  })
  .strict();

/** `GET /api/<records>/:id/history`: newest first, keyset-paged by audit id. */
export const recordHistoryQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^\d{1,19}$/)
      .optional(),
  })
  .strict();
