import { z } from "zod";

/** What the server pushes over `/api/live`. */
export const liveEvent = z.object({
  type: z.literal("event"),
  id: z.string(),
  name: z.string(),
  object: z.string(),
  recordId: z.string().nullable(),
  topics: z.array(z.string()),
  at: z.string(),
});
export type LiveEvent = z.infer<typeof liveEvent>;

export const liveClientMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("subscribe"), topics: z.array(z.string().max(100)).max(100) }).strict(),
  z.object({ type: z.literal("unsubscribe"), topics: z.array(z.string().max(100)).max(100) }).strict(),
  z.object({ type: z.literal("ping") }).strict(),
]);
export type LiveClientMessage = z.infer<typeof liveClientMessage>;
