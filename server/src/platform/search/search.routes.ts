import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { searchQuery, searchResults } from "@relata/contracts";
import { requireActor } from "../http/auth.plugin";
import type { SearchRegistry } from "./search.registry";

export function searchRoutes(registry: SearchRegistry) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/search", {
      // Any signed-in user; each kind of record is searched only if the caller may read it.
      config: { permission: "authenticated" },
      schema: {
        tags: ["search"],
        summary: "Global search over every kind of record you may read, best matches first",
        querystring: searchQuery,
        response: { 200: searchResults },
      },
      handler: async (request) => ({ items: await registry.search(requireActor(request), request.query.q, request.query.limit) }),
    });
  };
}
