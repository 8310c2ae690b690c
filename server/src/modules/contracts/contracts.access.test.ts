/**
 * Contracts, billing, client value, competitor contracts, orders and transactions × roles × where the company sits: reading needs read on
 * the company, writing update on it; hidden companies answer 404 and refused writes change nothing.
 */
import { afterAll, beforeAll } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { describeCompanyRecordMatrix } from "../../../test/matrix-requests";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

describeCompanyRecordMatrix(
  /^\/api\/companies\/:id\/(contracts|service-items|invoices|payments|credit-notes|receivables|value|purchase-trends|product-suggestions|competitor-contracts|orders|transactions)\b/,
  () => ({ h, f }),
);
