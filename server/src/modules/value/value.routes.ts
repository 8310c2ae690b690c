import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  clientValue,
  idParams,
  productSuggestions,
  purchaseTrends,
  trendsQuery,
  valueQuery,
  valueSegmentSettings,
  valueSegmentSettingsPut,
} from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { requireActor } from "../../platform/http/auth.plugin";
import { workContext } from "../../platform/http/client-info";
import { expectedVersion, sendVersioned } from "../../platform/http/etag";
import * as service from "./value.service";

const tags = ["value"];
const read = { permission: { object: "company", action: "read" } } as const;

export function valueRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get("/api/companies/:id/value", {
      config: read,
      schema: {
        tags,
        summary: "Client value now: revenue, margin, RFM, payment behaviour, value score and segment (company or group)",
        params: idParams,
        querystring: valueQuery,
        response: { 200: clientValue },
      },
      handler: async (request) => service.clientValue(platform, requireActor(request), request.params.id, request.query.scope),
    });
    r.get("/api/companies/:id/purchase-trends", {
      config: read,
      schema: {
        tags,
        summary: "Revenue by product category and month",
        params: idParams,
        querystring: trendsQuery,
        response: { 200: purchaseTrends },
      },
      handler: async (request) =>
        service.purchaseTrends(platform, requireActor(request), request.params.id, request.query.months, request.query.scope),
    });
    r.get("/api/companies/:id/product-suggestions", {
      config: read,
      schema: {
        tags,
        summary: "Clients like this also bought: products bought by clients that bought the same",
        params: idParams,
        response: { 200: productSuggestions },
      },
      handler: async (request) => service.productSuggestions(platform, requireActor(request), request.params.id),
    });
    r.get("/api/settings/value-segments", {
      config: { permission: { object: "setting", action: "read" } },
      schema: { tags: ["settings"], summary: "The client-value segment thresholds", response: { 200: valueSegmentSettings } },
      handler: async (_request, reply) => sendVersioned(reply, await service.getValueSettings(platform)),
    });
    r.put("/api/settings/value-segments", {
      config: { permission: { object: "setting", action: "update" } },
      schema: {
        tags: ["settings"],
        summary: "Change the segment thresholds (If-Match); every client's segment follows at once",
        body: valueSegmentSettingsPut,
        response: { 200: valueSegmentSettings },
      },
      handler: async (request, reply) =>
        sendVersioned(reply, await service.putValueSettings(platform, workContext(request), expectedVersion(request), request.body)),
    });
  };
}
