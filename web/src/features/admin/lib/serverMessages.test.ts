import { describe, expect, it } from "vitest";
import en from "../../../i18n/locales/en/admin.json";
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

  it("recognises the refusals of an ownership handover, each with a message in the catalog", () => {
    const said: [string, string][] = [
      ["no such active user", "serverError.noSuchActiveUser"],
      ["must differ from fromUserId", "serverError.sameUser"],
      ["the owner is not a member of this team", "serverError.ownerNotInTeam"],
      ["must be one of your teams", "serverError.notYourTeam"],
      ["the owner must be in one of your teams", "serverError.ownerNotInYourTeams"],
      ["the owner must be in your part of the organisation", "serverError.ownerOutsideUnit"],
      ["you may only assign records to yourself", "serverError.onlyYourself"],
      ["You may not change every company of this user", "serverError.handoverForbidden"],
    ];
    const catalog = en.serverError as Record<string, string>;
    for (const [message, key] of said) {
      expect(serverMessageKey(message), message).toBe(key);
      expect(catalog[key.slice("serverError.".length)], key).toBeTruthy();
    }
    // "no such user" stays its own message.
    expect(serverMessageKey("no such user")).toBe("serverError.noSuchUser");
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
