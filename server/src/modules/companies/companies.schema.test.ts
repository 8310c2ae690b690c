/** The rank indexes spell the stage and grade orders out; they must be the contracts' orders. */
import { describe, expect, it } from "vitest";
import { companyGrades, lifecycleStages } from "@relata/contracts";
import { gradeSortOrder, stageOrder } from "./companies.schema";

describe("the sort orders behind the rank indexes", () => {
  it("are the lifecycle stages and grades of the contracts, in their order", () => {
    expect([...stageOrder]).toEqual([...lifecycleStages]);
    expect([...gradeSortOrder]).toEqual([...companyGrades]);
  });
});
