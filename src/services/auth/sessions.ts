import type { ServiceContext } from '../context.js';
import { findInstitutionByPathSymbol } from '../../store/institutionRepository.js';
import { deleteEndedSessions, deleteSession, deleteSessionByTokenHash, findLiveSession, insertSession, touchSession } from '../../store/sessionRepository.js';
import { findUser } from '../../store/userRepository.js';
import { decoyHash, verifyPassword } from './password.js';
import { principalOf, type Principal } from './principal.js';
import { newSecret, sameHash, sha256 } from './tokens.js';

/** How long a sign-in lasts; then the client signs in again. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
/** A session unused this long ends (a terminal left signed in); an open staff page keeps it alive by polling. */
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
/** Use is written down at most this often, so a busy session costs one update a minute, not one per call. */
const TOUCH_EVERY_MS = 60_000;

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface LiveSession {
  sessionId: string;
  principal: Principal;
  csrfHash: string;
}

/**
 * Checks a username and password at an institution and opens a session with a new token: a
 * token the client already held (`replacing`, its cookie) is never kept but ended, so a session
 * planted in a browser before sign-in (session fixation) dies at sign-in. Unknown institution,
 * unknown or inactive user and wrong password all answer undefined, after the same scrypt work.
 */
export async function signIn(
  ctx: ServiceContext,
  credentials: { institution: string; username: string; password: string },
  replacing?: string,
): Promise<NewSession | undefined> {
  const institution = await findInstitutionByPathSymbol(ctx.db, credentials.institution);
  const user = institution ? await findUser(ctx.db, institution.id, credentials.username) : undefined;
  const matches = await verifyPassword(credentials.password, user?.password_hash ?? (await decoyHash()));
  if (!user || !user.active || !matches) return undefined;
  const now = ctx.now();
  const session: NewSession = { token: newSecret(), csrfToken: newSecret(), expiresAt: new Date(now.getTime() + SESSION_TTL_MS) };
  await ctx.db.transaction().execute(async (trx) => {
    // Sign-ins are rare enough to carry the clean-up of sessions that ran out or were left idle.
    await deleteEndedSessions(trx, now, new Date(now.getTime() - SESSION_IDLE_MS));
    if (replacing) await deleteSessionByTokenHash(trx, sha256(replacing));
    await insertSession(trx, { userId: user.id, tokenHash: sha256(session.token), csrfHash: sha256(session.csrfToken), createdAt: now, expiresAt: session.expiresAt });
  });
  return session;
}

export async function findSession(ctx: ServiceContext, token: string): Promise<LiveSession | undefined> {
  const now = ctx.now();
  const found = await findLiveSession(ctx.db, sha256(token), now, new Date(now.getTime() - SESSION_IDLE_MS));
  if (!found) return undefined;
  if (now.getTime() - found.session.last_seen_at.getTime() >= TOUCH_EVERY_MS) await touchSession(ctx.db, found.session.id, now);
  return { sessionId: found.session.id, principal: principalOf(found.user), csrfHash: found.session.csrf_hash };
}

export function csrfMatches(session: LiveSession, csrfToken: string | undefined): boolean {
  return csrfToken !== undefined && csrfToken.length > 0 && sameHash(sha256(csrfToken), session.csrfHash);
}

export async function signOut(ctx: ServiceContext, sessionId: string): Promise<void> {
  await deleteSession(ctx.db, sessionId);
}
