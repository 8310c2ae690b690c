import { createHash, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Me, SessionBody } from "@relata/contracts";
import type { Platform } from "../context";
import * as repo from "./auth.repository";
import { burnVerification, hashPassword, passwordProblem, verifyPassword } from "./password";
import { AppError, Conflict, RateLimited, Unauthenticated, Validation } from "../errors";
import { unitOfWork } from "../events/unit-of-work";
import { recordAuditEvent } from "../audit/audit.repository";
import { roles, users } from "../../db/schema";
import { systemActor, type UserActor } from "../access/actor";
import { ensureBuiltinRoles } from "../access/roles.repository";

export const tokenHash = (token: string) => createHash("sha256").update(token).digest("base64url");

export type ClientInfo = { ip: string; userAgent: string | undefined; requestId: string | undefined };

export type Authenticated = { actor: UserActor; session: repo.SessionRow };

const touchEveryMs = 60_000;

/**
 * The actor behind a session cookie, or undefined when the session is not (or no longer) valid.
 * A valid answer is reused for `config.actorCacheMs` (≤500 ms) by this node.
 */
export async function authenticate(platform: Platform, token: string): Promise<Authenticated | undefined> {
  const key = tokenHash(token);
  const cached = platform.actors.get(key);
  if (cached) return cached;
  const session = await repo.findLiveSession(platform.db, key, platform.config.sessionIdleMs);
  if (!session) return undefined;
  const actor = await repo.loadUserActor(platform.db, session.userId, session.id);
  if (!actor) return undefined;
  if (Date.now() - session.lastSeenAt.getTime() > touchEveryMs) {
    // Best effort: the request does not depend on it, so a failure here must not fail it.
    try {
      await repo.touchSession(platform.db, session.id);
    } catch (error) {
      platform.log.warn(`could not record session activity: ${(error as Error).message}`);
    }
  }
  const authenticated = { actor, session };
  platform.actors.set(key, authenticated);
  return authenticated;
}

export async function actorForSession(platform: Platform, sessionId: string): Promise<UserActor | null> {
  const session = await repo.findLiveSessionById(platform.db, sessionId, platform.config.sessionIdleMs);
  if (!session) return null;
  return (await repo.loadUserActor(platform.db, session.userId, session.id)) ?? null;
}

type NewSession = { token: string; body: SessionBody };

async function openSession(platform: Platform, userId: string, client: ClientInfo, replacesSessionId?: string): Promise<NewSession> {
  const token = randomBytes(32).toString("base64url");
  const session = await unitOfWork(
    platform.db,
    platform.projections,
    { actor: systemActor("auth"), requestId: client.requestId },
    async (uow) => {
      // Re-authentication ends the session the browser presented (ASVS 7.2.4): its token dies with it.
      const replaced = replacesSessionId ? await repo.endSession(uow.tx, replacesSessionId) : undefined;
      if (replaced)
        await uow.emit({
          name: "session.ended",
          object: "session",
          recordId: replaced.id,
          topics: [`user:${replaced.userId}`, "list:sessions"],
        });
      const row = await repo.insertSession(uow.tx, {
        tokenHash: tokenHash(token),
        csrfToken: randomBytes(24).toString("base64url"),
        userId,
        expiresAt: new Date(Date.now() + platform.config.sessionAbsoluteMs),
        ip: client.ip,
        userAgent: client.userAgent?.slice(0, 500) ?? null,
      });
      await uow.tx
        .update(users)
        .set({ lastLoginAt: sql`now()` })
        .where(eq(users.id, userId));
      await recordAuditEvent(uow.tx, {
        actorId: userId,
        requestId: client.requestId,
        tableName: "sessions",
        recordId: row.id,
        operation: "login",
        after: { ip: client.ip },
      });
      await uow.emit({ name: "session.started", object: "session", recordId: row.id, topics: [`user:${userId}`, "list:sessions"] });
      return row;
    },
  );
  const actor = await repo.loadUserActor(platform.db, userId, session.id);
  return { token, body: await sessionBody(platform, actor!, session) };
}

export async function sessionBody(platform: Platform, actor: UserActor, session: repo.SessionRow): Promise<SessionBody> {
  return { user: await me(platform, actor), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
}

export async function me(platform: Platform, actor: UserActor): Promise<Me> {
  const [row] = await platform.db
    .select({ user: users, role: roles })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .where(eq(users.id, actor.userId));
  if (!row) throw Unauthenticated();
  return {
    id: row.user.id,
    email: row.user.email,
    name: row.user.name,
    locale: row.user.locale as Me["locale"],
    timeZone: row.user.timeZone,
    role: { id: row.role.id, key: row.role.key, name: row.role.name, clearance: row.role.clearance },
    permissions: actor.permissions,
    teamIds: actor.teamIds,
    orgUnitId: row.user.orgUnitId,
  };
}

const invalidCredentials = () => new AppError("unauthenticated", 401, "Email or password is incorrect");

/**
 * Sign-in: limited per account and per IP before any password is evaluated; the same answer
 * and the same work (a dummy hash) whether or not the email exists.
 */
export async function login(
  platform: Platform,
  email: string,
  password: string,
  client: ClientInfo,
  currentSessionId?: string,
): Promise<NewSession> {
  const { maxPerAccount, maxPerIp, windowMs } = platform.config.login;
  const accountKey = email.trim().toLowerCase();
  // The attempt is counted before it is checked or evaluated, so a concurrent burst cannot slip
  // past the limit: the k-th attempt recorded in the window sees at least k attempts.
  const attemptId = await repo.recordLoginAttempt(platform.db, accountKey, client.ip);
  const stats = await repo.failedLoginStats(platform.db, accountKey, client.ip, windowMs);
  const accountLimited = stats.account > maxPerAccount;
  const ipLimited = stats.ip > maxPerIp;
  if (accountLimited || ipLimited) {
    // A refused attempt evaluated nothing, so it does not extend the wait (a soft limit, no lockout).
    await repo.forgetLoginAttempt(platform.db, attemptId);
    throw RateLimited(Math.max(accountLimited ? stats.accountWait : 0, ipLimited ? stats.ipWait : 0));
  }

  // From here on the recorded attempt stands as a failure unless the password is right.
  const user = await repo.findUserByEmail(platform.db, accountKey);
  if (!user || !user.active) {
    await burnVerification(password);
    throw invalidCredentials();
  }
  if (!(await verifyPassword(user.passwordHash, password))) throw invalidCredentials();
  await repo.clearFailedLogins(platform.db, accountKey);
  return openSession(platform, user.id, client, currentSessionId);
}

export async function logout(platform: Platform, actor: UserActor, client: ClientInfo): Promise<void> {
  if (!actor.sessionId) return;
  const sessionId = actor.sessionId;
  await unitOfWork(platform.db, platform.projections, { actor, requestId: client.requestId }, async (uow) => {
    await repo.endSession(uow.tx, sessionId);
    await recordAuditEvent(uow.tx, {
      actorId: actor.userId,
      requestId: client.requestId,
      tableName: "sessions",
      recordId: sessionId,
      operation: "logout",
    });
    await uow.emit({ name: "session.ended", object: "session", recordId: sessionId, topics: [`user:${actor.userId}`, "list:sessions"] });
  });
}

/** Fills demo data after the first administrator is created; provided by the seed (the platform does not depend on it). */
export type DemoDataLoader = (platform: Platform) => Promise<unknown>;
let demoDataLoader: DemoDataLoader | undefined;

export function setDemoDataLoader(loader: DemoDataLoader) {
  demoDataLoader = loader;
}

export async function needsSetup(platform: Platform): Promise<boolean> {
  return (await repo.countUsers(platform.db)) === 0;
}

/**
 * First administrator: only while no user exists (serialised, so two racing setups make one).
 * With `demoData`, the demo scale is loaded once the administrator exists (in its own
 * transaction: if it fails, the administrator stays and `relata seed --demo` can fill it later).
 */
export async function setup(
  platform: Platform,
  input: { email: string; name: string; password: string; demoData?: boolean | undefined },
  client: ClientInfo,
): Promise<NewSession & { demoData?: "loaded" | "failed" }> {
  // Refused before hashing: this public endpoint must not let anyone burn argon2 time once set up.
  if (!(await needsSetup(platform))) throw Conflict("Relata is already set up; sign in instead");
  const problem = passwordProblem(input.password, input);
  if (problem) throw Validation([{ field: "password", message: problem }]);
  const passwordHash = await hashPassword(input.password);
  const userId = await unitOfWork(
    platform.db,
    platform.projections,
    { actor: systemActor("setup"), requestId: client.requestId },
    async (uow) => {
      await uow.tx.execute(sql`SELECT pg_advisory_xact_lock(7270102)`);
      if ((await repo.countUsers(uow.tx)) > 0) throw Conflict("Relata is already set up; sign in instead");
      await ensureBuiltinRoles(uow.tx);
      const [admin] = await uow.tx.select().from(roles).where(eq(roles.key, "administrator"));
      const [user] = await uow.tx
        .insert(users)
        .values({ email: input.email, name: input.name, passwordHash, roleId: admin!.id })
        .returning({ id: users.id });
      return user!.id;
    },
  );
  let demoData: "loaded" | "failed" | undefined;
  if (input.demoData) {
    try {
      if (!demoDataLoader) throw new Error("no demo data loader is registered");
      await demoDataLoader(platform);
      demoData = "loaded";
    } catch (error) {
      // The administrator stays (and is told): `relata seed --demo` can fill the data later.
      platform.log.error(error, "the demo data could not be loaded; the administrator was created");
      demoData = "failed";
    }
  }
  return { ...(await openSession(platform, userId, client)), ...(demoData ? { demoData } : {}) };
}

export async function changePassword(
  platform: Platform,
  actor: UserActor,
  input: { currentPassword: string; newPassword: string },
  client: ClientInfo,
) {
  const [user] = await platform.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw Validation([{ field: "currentPassword", message: "is not your current password" }]);
  }
  const problem = passwordProblem(input.newPassword, user);
  if (problem) throw Validation([{ field: "newPassword", message: problem }]);
  const passwordHash = await hashPassword(input.newPassword);
  await unitOfWork(platform.db, platform.projections, { actor, requestId: client.requestId }, async (uow) => {
    await uow.tx
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()`, version: sql`${users.version} + 1` })
      .where(eq(users.id, actor.userId));
    // Other sessions end: whoever knew the old password is signed out everywhere else.
    const ended = await repo.endSessionsOfUser(uow.tx, actor.userId, actor.sessionId);
    await recordAuditEvent(uow.tx, {
      actorId: actor.userId,
      requestId: client.requestId,
      tableName: "users",
      recordId: actor.userId,
      operation: "password.changed",
    });
    if (ended.length > 0)
      await uow.emit({ name: "session.ended", object: "session", recordId: null, topics: [`user:${actor.userId}`, "list:sessions"] });
  });
}
