import { describe, expect, it } from "vitest";
import { fieldProblems, serverMessageKey } from "./serverMessages";

describe("server messages", () => {
  it("recognises the refusals of the admin API", () => {
    expect(serverMessageKey("You cannot deactivate yourself or change your own role, teams, org unit or manager")).toBe("serverError.self");
    expect(serverMessageKey("Users still hold this role; give them another role first")).toBe("serverError.roleInUse");
    expect(serverMessageKey("This change would leave no active administrator")).toBe("serverError.lastAdministrator");
    expect(serverMessageKey("must be at least 8 characters")).toBe("serverError.passwordShort");
    expect(serverMessageKey("is already in use")).toBe("serverError.inUse");
    expect(serverMessageKey("Something new")).toBeUndefined();
    expect(serverMessageKey(undefined)).toBeUndefined();
  });

  it("maps field details onto form fields", () => {
    const details = [
      { field: "teamIds[1]", message: "no such team" },
      { field: "email", message: "is already in use" },
      { field: "email", message: "second" },
      { field: "other", message: "ignored" },
    ];
    expect(fieldProblems(details, ["email", "teamIds", "name"])).toEqual({ teamIds: "no such team", email: "is already in use" });
  });
});
