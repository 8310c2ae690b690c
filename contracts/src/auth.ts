import { z } from "zod";
import { locales } from "./plain";
import { email, id, limits, name } from "./common";
import { permissionSet } from "./access";

export { locales, type Locale } from "./plain";

export const password = z.string().min(limits.passwordMin).max(limits.passwordMax);

export const loginBody = z.object({ email: email, password: z.string().min(1).max(limits.passwordMax) }).strict();

/** `demoData: true` fills the CRM with demo data (a few hundred clients) right after the administrator is created. */
export const setupBody = z.object({ email, name, password, demoData: z.boolean().optional() }).strict();

export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(limits.passwordMax), newPassword: password }).strict();

export const me = z.object({
  id,
  email: z.string(),
  name: z.string(),
  locale: z.enum(locales),
  timeZone: z.string(),
  role: z.object({ id, key: z.string(), name: z.string(), clearance: z.number().int() }),
  permissions: permissionSet,
  teamIds: z.array(id),
  orgUnitId: id.nullable(),
});
export type Me = z.infer<typeof me>;

export const sessionBody = z.object({ user: me, csrfToken: z.string(), expiresAt: z.string() });
export type SessionBody = z.infer<typeof sessionBody>;
/** The first administrator's session; with `demoData` asked for, whether it was loaded. */
export const setupResult = sessionBody.extend({ demoData: z.enum(["loaded", "failed"]).optional() });
export type SetupResult = z.infer<typeof setupResult>;

export const setupStatus = z.object({ needsSetup: z.boolean() });

export const profilePatch = z
  .object({
    name: name.optional(),
    locale: z.enum(locales).optional(),
    timeZone: z.string().min(1).max(64).optional(),
  })
  .strict();
