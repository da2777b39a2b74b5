import type { Db } from './database.js';
import type { UserAccount, UserSession } from './schema.js';

export async function insertSession(db: Db, session: { userId: string; tokenHash: string; csrfHash: string; createdAt: Date; expiresAt: Date }): Promise<UserSession> {
  return db
    .insertInto('user_session')
    .values({ user_id: session.userId, token_hash: session.tokenHash, csrf_hash: session.csrfHash, created_at: session.createdAt, expires_at: session.expiresAt, last_seen_at: session.createdAt })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The live session of a token with its active user; expired or idle sessions and inactive users find nothing. */
export async function findLiveSession(db: Db, tokenHash: string, now: Date, idleSince: Date): Promise<{ session: UserSession; user: UserAccount } | undefined> {
  const row = await db
    .selectFrom('user_session')
    .innerJoin('user_account', 'user_account.id', 'user_session.user_id')
    .selectAll('user_account')
    .select(['user_session.id as session_id', 'user_session.csrf_hash', 'user_session.token_hash', 'user_session.expires_at', 'user_session.created_at as session_created_at', 'user_session.last_seen_at'])
    .where('user_session.token_hash', '=', tokenHash)
    .where('user_session.expires_at', '>', now)
    .where('user_session.last_seen_at', '>', idleSince)
    .where('user_account.active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, csrf_hash, token_hash, expires_at, session_created_at, last_seen_at, ...user } = row;
  return { session: { id: session_id, user_id: user.id, token_hash, csrf_hash, expires_at, created_at: session_created_at, last_seen_at }, user };
}

export async function touchSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('user_session').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
}

export async function deleteSessionByTokenHash(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('user_session').where('id', '=', sessionId).execute();
}

/** After a password reset or deactivation, every session of the user ends. */
export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}

export async function deleteEndedSessions(db: Db, now: Date, idleSince: Date): Promise<void> {
  await db
    .deleteFrom('user_session')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)]))
    .execute();
}
