/**
 * AC-1 / AC-2 for tasks and the inbox: every route × built-in role × the reader's relation to
 * the record (see test/matrix-tasks.ts), and the company's task list × role × placement.
 */
import { afterAll, beforeAll } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { describeCompanyRecordMatrix } from "../../../test/matrix-requests";
import { describeInboxMatrix, describeTaskMatrix } from "../../../test/matrix-tasks";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

describeCompanyRecordMatrix(/^\/api\/companies\/:id\/tasks$/, () => ({ h, f }));
describeTaskMatrix(() => ({ h, f }));
describeInboxMatrix(() => ({ h, f }));
