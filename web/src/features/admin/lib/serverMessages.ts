/**
 * The server explains refusals in English. The ones this area can run into are known: map them
 * to catalogue keys (namespace `admin`, under `serverError.`) so people read them in their language.
 * Anything else is shown as the server wrote it.
 */
const known: [RegExp, string][] = [
  [/^You cannot deactivate yourself or change your own/i, "self"],
  [/^You cannot change a user that holds more rights than you/i, "strongerUser"],
  [/^You cannot change a role that holds more rights than you/i, "strongerRole"],
  [/leave no active administrator/i, "lastAdministrator"],
  [/^Built-in roles can be edited but not deleted/i, "builtinRole"],
  [/^Users still hold this role/i, "roleInUse"],
  [/^Move or delete the units below this one first/i, "unitHasChildren"],
  [/^Change your own password with your current password/i, "ownPassword"],
  [/^A user with this email already exists/i, "emailTaken"],
  [/^A role with this key already exists/i, "keyTaken"],
  [/^is already in use$/i, "inUse"],
  [/^no such role$/i, "noSuchRole"],
  [/^no such org unit$/i, "noSuchUnit"],
  [/^no such user$/i, "noSuchUser"],
  [/^no such team$/i, "noSuchTeam"],
  [/^a user cannot be their own manager$/i, "ownManager"],
  [/^is not a known IANA time zone$/i, "timeZone"],
  [/^cannot exceed your own clearance$/i, "clearanceTooHigh"],
  [/^cannot exceed your own permission$/i, "permissionTooHigh"],
  [/^would put the unit below itself$/i, "unitCycle"],
  [/^must be at least \d+ characters$/i, "passwordShort"],
  [/^is too common/i, "passwordCommon"],
  [/^must not be your email address$/i, "passwordEmail"],
  [/^is not your current password$/i, "wrongPassword"],
  // Ownership handover (POST /api/companies/handover).
  [/^no such active user$/i, "noSuchActiveUser"],
  [/^must differ from fromUserId$/i, "sameUser"],
  [/^the owner is not a member of this team$/i, "ownerNotInTeam"],
  [/^must be one of your teams$/i, "notYourTeam"],
  [/^the owner must be in one of your teams$/i, "ownerNotInYourTeams"],
  [/^the owner must be in your part of the organisation$/i, "ownerOutsideUnit"],
  [/^you may only assign records to yourself$/i, "onlyYourself"],
  [/^You may not change every company of this user/i, "handoverForbidden"],
];

/** The catalogue key for a server message, or undefined when it is not one we know. */
export function serverMessageKey(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const hit = known.find(([pattern]) => pattern.test(message.trim()));
  return hit ? `serverError.${hit[1]}` : undefined;
}

/** Field problems keyed by form field: `teamIds[2]` and `teamIds.2` count as `teamIds`, `permissions.company.read` stays whole. */
export function fieldProblems(details: readonly { field: string; message: string }[], fields: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const detail of details) {
    const field = fields.find(
      (name) => detail.field === name || detail.field.startsWith(`${name}.`) || detail.field.startsWith(`${name}[`),
    );
    if (field && !result[field]) result[field] = detail.message;
  }
  return result;
}
