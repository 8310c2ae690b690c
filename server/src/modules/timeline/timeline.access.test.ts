/**
 * The timeline × roles × where the company sits: reading and writing entries needs read on the
 * company, changing someone else's entry update on it, and nobody changes a system entry; hidden
 * companies answer 404 and refused writes change nothing.
 */
import { afterAll, beforeAll } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { describeTimelineMatrix } from "../../../test/matrix-timeline";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

describeTimelineMatrix(() => ({ h, f }));
