import type { FastifyRequest } from 'fastify';
import { csrfMatches, findSession } from '../services/auth/sessions.js';
import { STAFF_ROLES, type Principal, type StaffRole } from '../services/auth/principal.js';
import type { ServiceContext } from '../services/context.js';
import type { Db } from '../store/database.js';
import { findInstitutionByPathSymbol } from '../store/institutionRepository.js';
import type { Institution, RequestKind } from '../store/schema.js';
import { ProblemError } from './routes/api/scope.js';

export { STAFF_ROLES, type Principal, type StaffRole };

/** The session cookie of the staff UI; the same token works as `Authorization: Bearer …`. */
export const SESSION_COOKIE = 'interlend_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who may call a route: staff with one of these roles, and (when set) the patron a request belongs to. */
export interface Access {
  staff: readonly StaffRole[];
  patron?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The session that authenticated this request, and how it was presented. */
    authSession: { id: string; via: 'bearer' | 'cookie' } | null;
  }
  /** What every API route declares about who may call it; the role × route matrix test reads it. */
  interface FastifyContextConfig {
    access?: Access;
    /** Action routes: who may take each action. */
    actionAccess?: { actions: readonly string[]; accessFor: (action: string) => Access };
    /** Open to anyone (signing in). */
    public?: boolean;
  }
}

/** A request the caller names in the path: a services operator sees only their libraries', a patron only their own. */
export interface RequestTarget {
  kind: RequestKind;
  id: string;
}

/**
 * The institution named in the path, if the caller may act there. Another institution's caller
 * gets the same 404 as for an institution that does not exist, and a request outside the
 * caller's libraries or not the patron's own the same 404 as one that does not exist, so
 * nothing leaks.
 */
export async function authorize(
  request: FastifyRequest,
  db: Db,
  symbol: string,
  access: Access,
  target?: RequestTarget,
): Promise<{ institution: Institution; principal: Principal }> {
  const principal = request.principal;
  if (!principal) throw new ProblemError(401, 'Authentication required', 'sign in: POST /api/v1/session, then send Authorization: Bearer <token>');
  const institution = await findInstitutionByPathSymbol(db, symbol);
  if (!institution || principal.institutionId !== institution.id) {
    throw new ProblemError(404, 'Unknown institution', 'no institution with this symbol that you may act for');
  }
  const allowed = principal.kind === 'patron' ? access.patron === true : principal.roles.some((role) => access.staff.includes(role));
  if (!allowed) throw new ProblemError(403, 'Not allowed', `your role does not allow this (${request.method} ${request.routeOptions.url ?? request.url})`);
  if (target && !(await maySee(db, institution, principal, target))) {
    throw new ProblemError(404, 'Not found', `no ${target.kind} request ${target.id} at ${institution.code}`);
  }
  return { institution, principal };
}

/** What a principal's lists are narrowed to: their patron id, or their libraries. */
export interface RequestScope {
  patronId?: string;
  libraryIds?: readonly string[];
}

export function requestScope(principal: Principal): RequestScope {
  if (principal.kind === 'patron') return { patronId: principal.patronId };
  return principal.libraryIds === 'all' ? {} : { libraryIds: principal.libraryIds };
}

/**
 * A request without a library belongs to the institution as a whole and is visible to all its
 * staff; a library-scoped operator sees only requests of their libraries besides.
 */
async function maySee(db: Db, institution: Institution, principal: Principal, target: RequestTarget): Promise<boolean> {
  const scope = requestScope(principal);
  if (!scope.patronId && !scope.libraryIds) return true;
  const row =
    target.kind === 'borrowing'
      ? await db.selectFrom('borrowing_request').select(['library_id', 'patron_id']).where('institution_id', '=', institution.id).where('id', '=', target.id).executeTakeFirst()
      : await db.selectFrom('lending_request').select(['library_id']).select((eb) => eb.val<string | null>(null).as('patron_id')).where('institution_id', '=', institution.id).where('id', '=', target.id).executeTakeFirst();
  if (!row) return true; // the route answers its own 404
  if (scope.patronId !== undefined) return target.kind === 'borrowing' && row.patron_id === scope.patronId;
  return row.library_id === null || (scope.libraryIds ?? []).includes(row.library_id);
}

/**
 * Resolves `request.principal` from a bearer token or the session cookie; none or an unknown,
 * expired or revoked one leaves it null (routes then answer 401). A cookie session must send
 * its CSRF token on unsafe methods (bearer tokens are not sent by browsers on their own).
 */
export function principalHook(ctx: ServiceContext): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    request.principal = null;
    request.authSession = null;
    const credential = credentialOf(request);
    if (!credential) return;
    const session = await findSession(ctx, credential.token);
    if (!session) return;
    if (credential.via === 'cookie' && !SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (!csrfMatches(session, typeof header === 'string' ? header : undefined)) {
        // Signing in again over a stale cookie is fine: the old session just is not used.
        if (request.routeOptions.config.public) return;
        throw new ProblemError(403, 'CSRF token missing or wrong', `a cookie session must send its csrfToken in ${CSRF_HEADER} on ${request.method}`);
      }
    }
    request.principal = session.principal;
    request.authSession = { id: session.sessionId, via: credential.via };
  };
}

function credentialOf(request: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? { token: match[1] as string, via: 'bearer' } : undefined;
  }
  const cookie = sessionCookieOf(request);
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

/** The session token the browser sent as its cookie, if any. */
export function sessionCookieOf(request: FastifyRequest): string | undefined {
  return readCookie(request.headers.cookie, SESSION_COOKIE);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
