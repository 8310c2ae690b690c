import type { AccessObject, PermissionSet } from "@relata/contracts";

export type UserActor = {
  kind: "user";
  userId: string;
  sessionId: string | undefined;
  roleId: string;
  roleKey: string;
  clearance: number;
  permissions: PermissionSet;
  teamIds: string[];
  /** The user's own org unit and every unit below it. */
  orgUnitIds: string[];
  orgUnitId: string | null;
};

/** Work the system does on its own (migrations, jobs, CLI): not subject to roles. */
export type SystemActor = { kind: "system"; name: string };

export type Actor = UserActor | SystemActor;

export const systemActor = (name: string): SystemActor => ({ kind: "system", name });

export function actorId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}

export type { AccessObject };
