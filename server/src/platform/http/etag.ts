import type { FastifyReply, FastifyRequest } from "fastify";
import { PreconditionRequired, Validation } from "../errors";

export const etagOf = (version: number) => `"${version}"`;

export function sendVersioned<T extends { version: number }>(reply: FastifyReply, body: T): T {
  reply.header("etag", etagOf(body.version));
  return body;
}

/** The version an update is based on, from `If-Match`; updates without one answer 428. */
export function expectedVersion(request: FastifyRequest): number {
  const header = request.headers["if-match"];
  if (header === undefined) throw PreconditionRequired();
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match) throw Validation([{ field: "If-Match", message: 'must be the ETag of the record, like "3"' }]);
  return Number(match[1]);
}

/** `If-Match` where it is optional (deletes, merges): checked like `expectedVersion` when sent. */
export function optionalVersion(request: FastifyRequest): number | undefined {
  return request.headers["if-match"] !== undefined ? expectedVersion(request) : undefined;
}
